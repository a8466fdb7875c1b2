//! What the socket asks of the shell: requests (a play is answered once it sounds or fails),
//! reloads (one read at a time), and `loa status`. Files are played only from the allowed
//! folders, and a path outside them gets the same answer whether it exists or not.

use super::*;
use crate::i18n::Said;
use crate::schedule::Found;

impl Shell {
    /// Asks for the schedule to be read again (one read at a time; asks meanwhile share the
    /// next read).
    pub fn want_reload(
        &mut self,
        why: String,
        waiter: Option<(oneshot::Sender<Response>, crate::i18n::Lang)>,
    ) {
        let r = self.reload_wanted.get_or_insert_with(|| Reload {
            why: why.clone(),
            waiters: Vec::new(),
        });
        r.why = why;
        r.waiters.extend(waiter);
    }

    /// Starts the read asked for, if any.
    pub fn begin_reload(&mut self) -> Option<(Loading, Reload)> {
        let reload = self.reload_wanted.take()?;
        let (tz, _) = crate::clock::system_timezone();
        match self
            .loader
            .read(&self.opts.config, tz, &self.opts.state_dir)
        {
            Ok(rx) => Some((Box::pin(load::wait(self.opts.config.clone(), rx)), reload)),
            Err(why) => {
                tracing::error!("{}", why.en());
                for (w, lang) in reload.waiters {
                    let _ = w.send(Response::error(ErrorKind::Refused, why.get(lang)));
                }
                self.last_error = Some(why);
                self.last_error_schedule = true;
                None
            }
        }
    }

    /// A read has come back: the new schedule runs, or is refused and the last good one goes on.
    pub fn finish_reload(&mut self, reload: Reload, result: load::Result) {
        let why = reload.why;
        let reply = match result {
            Ok(l) => {
                for w in load::capped(l.warnings.iter().map(|w| w.headline())) {
                    tracing::warn!("{w}");
                }
                load::save_last_good(&self.opts.state_dir, &l.schedule);
                let s = Arc::new(l.schedule);
                let n = s.announcements.len();
                self.output_change = effective_output(&self.opts, &s) != self.player_output;
                let now = self.now();
                let keep = s.live.keep;
                let fx = self.dispatcher.reload(s, now);
                self.level();
                super::live::prune(&self.opts.state_dir, keep);
                self.loaded_at = now;
                self.schedule_errors.clear();
                // The refusal it answers is over.
                if self.last_error_schedule {
                    self.last_error = None;
                    self.last_error_schedule = false;
                }
                tracing::info!(announcements = n, "schedule reloaded ({why})");
                self.execute(fx);
                self.check_clock();
                Said::new(|| crate::t!("reply-reloaded", n = n))
            }
            Err(refused) => {
                let lines = load::capped_said(&refused.lines);
                for l in &lines {
                    tracing::error!("{}", l.en());
                }
                tracing::error!(
                    "the new schedule was refused ({why}); the last good one keeps running"
                );
                let first = lines.first().cloned().unwrap_or_default();
                self.last_error = Some(Said::new(|| {
                    crate::t!("status-schedule-refused", first = first.to_string())
                }));
                self.last_error_schedule = true;
                self.schedule_errors = lines.clone();
                for (w, lang) in reload.waiters {
                    let _ = w.send(Response::Error {
                        kind: ErrorKind::Refused,
                        message: crate::i18n::with_lang(lang, || crate::t!("reply-reload-refused")),
                        details: lines.iter().map(|l| l.get(lang).to_string()).collect(),
                    });
                }
                return;
            }
        };
        for (w, lang) in reload.waiters {
            let _ = w.send(Response::ok(reply.get(lang)));
        }
    }

    /// The earliest moment a waiting `loa play` must be answered anyway, or its stream looked
    /// at again.
    pub fn next_follow_deadline(&self) -> Option<Instant> {
        let poll = Instant::now() + super::STREAM_FOLLOW_POLL;
        self.follow
            .values()
            .map(|f| match f.link {
                Some(_) => f.deadline.min(poll),
                None => f.deadline,
            })
            .min()
    }

    /// Answers the `loa play`s whose broadcast has not sounded in time, and those of streams
    /// that gave sound (playing) or failed (the broadcast ends, and the answer says why).
    pub fn follow_deadlines(&mut self) {
        let now = Instant::now();
        let tokens: Vec<Token> = self.follow.keys().copied().collect();
        for t in tokens {
            let Some(f) = self.follow.get(&t) else {
                continue;
            };
            let stream = f
                .link
                .as_ref()
                .and_then(|l| self.links.get(l))
                .map(|l| (l.buffer().sounding(), l.buffer().state()));
            let waited_out = f.deadline <= now;
            match stream {
                Some((true, _)) => {
                    if let Some(f) = self.follow.remove(&t) {
                        let _ = f.reply.send(Response::ok(f.message));
                    }
                }
                // No sound, and the server said no for good (a 404, a web page), or tries
                // failed until the wait was over: said as for a file that cannot play, and the
                // broadcast ends.
                Some((false, state)) if state.failed_by_hand(waited_out).is_some() => {
                    let Some(f) = self.follow.remove(&t) else {
                        continue;
                    };
                    let why = state.failed_by_hand(waited_out).unwrap_or_default();
                    let message = crate::i18n::with_lang(f.lang, || {
                        crate::t!(
                            "reply-did-not-play",
                            id = f.id.as_str(),
                            why = why.to_string()
                        )
                    });
                    let _ = f.reply.send(Response::error(ErrorKind::Failed, message));
                    let fx = self.dispatcher.fail(t, why, self.now());
                    self.execute(fx);
                }
                _ if waited_out => {
                    if let Some(f) = self.follow.remove(&t) {
                        let message = crate::i18n::with_lang(f.lang, || {
                            crate::t!("reply-not-sounded-yet", id = f.id.as_str())
                        });
                        let _ = f.reply.send(Response::ok(message));
                    }
                }
                _ => {}
            }
        }
    }

    /// Answers a request from the socket (a play that starts now: once it sounds or fails), in
    /// the client's language.
    pub fn request(&mut self, incoming: Incoming) {
        let lang = incoming.lang.unwrap_or_else(crate::i18n::lang);
        crate::i18n::with_lang(lang, || self.request_in(incoming, lang));
    }

    fn request_in(&mut self, incoming: Incoming, lang: crate::i18n::Lang) {
        let Incoming {
            request,
            user,
            reserved,
            reply,
            lang: _,
        } = incoming;
        let now = self.now();
        let by = user.clone();
        let refuse = |reply: oneshot::Sender<Response>, r: Response, what: &str| {
            if let Response::Error { message, .. } = &r {
                tracing::warn!(by = %user, "refused {what}: {message}");
            }
            let _ = reply.send(r);
        };
        // The limits hold whichever door the request came by (the socket checks them as it
        // reads; the console and the feed build requests themselves).
        if let Err(m) = crate::control::protocol::validate(&request) {
            return refuse(
                reply,
                Response::error(ErrorKind::BadRequest, m),
                "a request",
            );
        }
        // A text is rendered first, off the loop; it comes back with its sound.
        if let Wire::Play {
            text: Some(_),
            sound: None,
            ..
        } = &request
        {
            return self.render_then_ask(request, (user, reserved, reply, lang));
        }
        let req = match request {
            Wire::Live { emergency, .. } if reserved && !emergency => {
                return refuse(reply, busy(), "live on a reserved slot");
            }
            Wire::Live {
                device,
                emergency,
                for_seconds,
                volume,
                voice,
            } => {
                let ask = super::live::LiveAsk {
                    device,
                    emergency,
                    for_seconds,
                    volume,
                    voice,
                };
                return self.live_request(ask, user, (reply, lang));
            }
            Wire::LiveEnd { link, how } => {
                self.live_end(&link, how);
                let _ = reply.send(Response::ok(""));
                return;
            }
            Wire::Status if !reserved => {
                let _ = reply.send(Response::Status(Box::new(self.status())));
                return;
            }
            Wire::Reload if !reserved => {
                tracing::info!(by = %user, "request: reload");
                self.want_reload(format!("asked by {user}"), Some((reply, lang)));
                return;
            }
            Wire::Bulletins if !reserved => {
                let bulletins = self.bulletins_json();
                let _ = reply.send(Response::Bulletins { bulletins });
                return;
            }
            Wire::BulletinAccept { id, at } if !reserved => {
                let tz = self.dispatcher.schedule().station.timezone;
                let at = match at.map(|u| dispatch::parse_when(&u, now, tz)).transpose() {
                    Ok(at) => at,
                    Err(e) => {
                        return refuse(reply, Response::error(ErrorKind::BadRequest, e), "accept");
                    }
                };
                tracing::info!(by = %user, "request: accept bulletin {id}");
                let r = match self.bulletin_decide(&id, true, at, &user) {
                    Ok(m) => Response::ok(m),
                    Err(m) => Response::error(ErrorKind::Refused, m),
                };
                let _ = reply.send(r);
                return;
            }
            Wire::BulletinReject { id } if !reserved => {
                tracing::info!(by = %user, "request: reject bulletin {id}");
                let r = match self.bulletin_decide(&id, false, None, &user) {
                    Ok(m) => Response::ok(m),
                    Err(m) => Response::error(ErrorKind::Refused, m),
                };
                let _ = reply.send(r);
                return;
            }
            Wire::Status
            | Wire::Reload
            | Wire::Bulletins
            | Wire::BulletinAccept { .. }
            | Wire::BulletinReject { .. } => {
                return refuse(reply, busy(), "a request on a reserved slot");
            }
            Wire::Stop => Request::Stop { by },
            Wire::Resume => Request::Resume { by },
            Wire::Pause { until } => {
                let tz = self.dispatcher.schedule().station.timezone;
                match until.map(|u| dispatch::parse_when(&u, now, tz)).transpose() {
                    Ok(until) => Request::Pause { until, by },
                    Err(e) => {
                        return refuse(reply, Response::error(ErrorKind::BadRequest, e), "pause");
                    }
                }
            }
            Wire::Play {
                target,
                emergency,
                repeat,
                volume,
                for_seconds,
                again,
                text,
                sound,
            } => {
                let what = format!("play \"{target}\"");
                let target = if let (Some(text), Some(sound)) = (text, sound) {
                    Target::Text {
                        text,
                        sound,
                        title: None,
                    }
                } else if let Some(url) = crate::stream::stream_url(&target) {
                    match url {
                        Ok(url) => Target::Url {
                            url,
                            for_: for_seconds.map(Duration::from_secs),
                        },
                        Err(m) => {
                            return refuse(reply, Response::error(ErrorKind::NotFound, m), &what);
                        }
                    }
                } else if target.starts_with('/') {
                    match self.allowed_file(&target) {
                        Ok(p) => Target::File(p),
                        Err(r) => return refuse(reply, r, &what),
                    }
                } else {
                    // As typed in a hurry: an id in any case, a title, a file's bare name.
                    match self.dispatcher.schedule().find(&target) {
                        Found::Emergency(e) => Target::Id(e.id.clone()),
                        Found::Announcement(a) => Target::Id(a.id.clone()),
                        Found::File(p) => Target::File(p),
                        Found::Ambiguous(ids) => {
                            let m = crate::t!(
                                "play-ambiguous",
                                target = target.as_str(),
                                ids = ids.join(", ")
                            );
                            return refuse(reply, Response::error(ErrorKind::NotFound, m), &what);
                        }
                        Found::Nothing => Target::Id(target),
                    }
                };
                Request::Play {
                    target,
                    emergency,
                    repeat,
                    volume,
                    by,
                    bulletin: None,
                    again,
                }
            }
        };
        let urgent = match &req {
            Request::Stop { .. } => true,
            Request::Play {
                target, emergency, ..
            } => self.dispatcher.is_emergency(target, *emergency),
            _ => false,
        };
        if reserved && !urgent {
            return refuse(reply, busy(), &req.to_string());
        }
        tracing::info!(by = %user, "request: {req}");
        let what = req.to_string();
        let (answer, fx) = self.dispatcher.request(req, now);
        let answer = match answer {
            Ok(a) => a,
            Err(Refusal::NotFound(m)) => {
                return refuse(reply, Response::error(ErrorKind::NotFound, m), &what);
            }
            Err(Refusal::Refused(m)) => {
                return refuse(reply, Response::error(ErrorKind::Refused, m), &what);
            }
        };
        match answer.follow {
            Some(token) => {
                let link = fx.iter().find_map(|e| match e {
                    Effect::Play(b) if b.token == token => b.live.as_ref().map(|l| l.link.clone()),
                    _ => None,
                });
                let wait = if link.is_some() {
                    super::STREAM_FOLLOW_WAIT
                } else {
                    FOLLOW_WAIT
                };
                self.follow.insert(
                    token,
                    Follow {
                        reply,
                        lang,
                        message: answer.message,
                        id: self.known_id_after(&fx, token),
                        deadline: Instant::now() + wait,
                        link,
                    },
                );
            }
            None => {
                let _ = reply.send(Response::ok(answer.message));
            }
        }
        self.execute(fx);
    }

    /// The id of the broadcast a play request hands over (for the answer's words).
    pub(super) fn known_id_after(&self, fx: &[Effect], token: Token) -> String {
        fx.iter()
            .find_map(|e| match e {
                Effect::Play(b) if b.token == token => Some(b.id.clone()),
                _ => None,
            })
            .unwrap_or_else(|| "it".into())
    }

    /// A file the daemon may play: under `audio_dir` or an `allow_dirs` folder, after following
    /// symbolic links and `..`. A path outside gets the same answer whether or not it exists,
    /// so that the socket tells nobody what is on the disk beyond those folders.
    fn allowed_file(&self, path: &str) -> Result<PathBuf, Response> {
        let st = &self.dispatcher.schedule().station;
        let roots: Vec<PathBuf> = std::iter::once(&st.audio_dir)
            .chain(st.allow_dirs.iter())
            .filter_map(|d| std::fs::canonicalize(d).ok())
            .collect();
        let inside = |p: &std::path::Path| roots.iter().any(|r| p.starts_with(r));
        let forbidden = || {
            let dirs: Vec<String> = std::iter::once(&st.audio_dir)
                .chain(st.allow_dirs.iter())
                .map(|d| d.display().to_string())
                .collect();
            Response::error(
                ErrorKind::Forbidden,
                format!(
                    "{path} is outside the folders the daemon plays from ({}); copy it there, or add its folder to `allow_dirs`",
                    dirs.join(", ")
                ),
            )
        };
        match std::fs::canonicalize(path) {
            Ok(real) if inside(&real) && real.is_file() => Ok(real),
            Ok(real) if inside(&real) => Err(Response::error(
                ErrorKind::NotFound,
                crate::t!("reply-not-audio-file", path = path),
            )),
            Ok(_) => Err(forbidden()),
            // It does not exist (or cannot be reached): judged by the folder it would be in.
            Err(e) => match resolve_missing(std::path::Path::new(path)) {
                Some(p) if inside(&p) => Err(Response::error(
                    ErrorKind::NotFound,
                    crate::t!(
                        "reply-cannot-open",
                        path = path,
                        why = crate::history::io_words(&e)
                    ),
                )),
                _ => Err(forbidden()),
            },
        }
    }

    pub fn status(&mut self) -> serde_json::Value {
        self.check_clock();
        let now = self.now();
        let s = self.dispatcher.schedule().clone();
        let tz = s.station.timezone;
        let d = self.dispatcher.status(now);
        let mut v = serde_json::to_value(&d).unwrap_or_else(|_| json!({}));
        if let Some(link) = d.playing.as_ref().and_then(|p| p.link.as_deref())
            && let Some(relay) = self.link_status(link)
            && let Some(p) = v.get_mut("playing").and_then(|p| p.as_object_mut())
        {
            p.insert("relay".into(), relay);
        }
        let (state, error) = match &self.output {
            OutputState::Idle => ("idle", None),
            OutputState::Playing => ("playing", None),
            OutputState::Failed(e) => ("failed", Some(e.to_string())),
        };
        let history = self.recorder.health();
        // A history that cannot be written is the most pressing error: nothing else says so.
        let last_error = history
            .error
            .as_ref()
            .map(|e| {
                crate::t!(
                    "status-history-cannot-write",
                    why = e.to_string(),
                    n = history.waiting
                )
            })
            .or_else(|| self.last_error.as_ref().map(|e| e.to_string()));
        if let Some(obj) = v.as_object_mut() {
            obj.insert(
                "output".into(),
                json!({ "name": self.player_output.to_string(), "state": state, "error": error }),
            );
            obj.insert(
                "schedule".into(),
                json!({
                    "file": self.opts.config.display().to_string(),
                    "loaded_at": self.loaded_at.with_timezone(&tz).to_rfc3339_opts(SecondsFormat::Secs, false),
                    "station": s.station.name,
                    "errors": self.schedule_errors.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
                }),
            );
            obj.insert(
                "history".into(),
                json!({
                    "file": self.opts.state_dir.join(crate::history::FILE_NAME).display().to_string(),
                    "state": if history.error.is_some() { "failing" } else { "ok" },
                    "error": history.error.as_ref().map(|e| e.to_string()),
                    "waiting_rows": history.waiting,
                }),
            );
            let amp = s.station.amplifier.as_ref().map(|_| {
                let a = self.amplifier.status();
                json!({
                    "state": a.state,
                    "last": a.last.map(|l| json!({
                        "switch": l.switch,
                        "command": l.command,
                        "at": l.at.with_timezone(&tz).to_rfc3339_opts(SecondsFormat::Millis, false),
                        "result": l.result,
                    })),
                })
            });
            obj.insert("amplifier".into(), json!(amp));
            // `clock_synced` as the feed's status names it (spec §9); null: cannot tell.
            let synced = self.clock_sync.state();
            obj.insert("clock_synced".into(), json!(synced));
            obj.insert(
                "clock".into(),
                json!({
                    "synced": synced,
                    "required": s.station.require_clock_sync,
                    "holding": self.clock_holding(),
                }),
            );
            obj.insert("last_error".into(), json!(last_error));
            obj.insert("feed".into(), self.feed_status());
            obj.insert("web".into(), self.web_status());
            obj.insert("time_zone".into(), json!(tz.name()));
            obj.insert(
                "now".into(),
                json!(
                    now.with_timezone(&tz)
                        .to_rfc3339_opts(SecondsFormat::Secs, false)
                ),
            );
        }
        v
    }
}

fn busy() -> Response {
    Response::error(
        ErrorKind::Busy,
        "too many clients; only an emergency or a stop is taken now",
    )
}

/// Where a path that does not exist would be: its nearest existing folder, with links and `..`
/// resolved, and the rest of the path after it.
fn resolve_missing(p: &std::path::Path) -> Option<PathBuf> {
    use std::path::Component;
    let mut lexical = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut rest = Vec::new();
    let mut at = lexical.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(at) {
            let mut out = real;
            for r in rest.iter().rev() {
                out.push(r);
            }
            return Some(out);
        }
        rest.push(at.file_name()?.to_os_string());
        at = at.parent()?;
    }
}
