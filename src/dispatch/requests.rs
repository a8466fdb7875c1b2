//! Requests from the control socket: play, stop, pause, resume.

use super::*;

/// What `loa play` asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An announcement or an emergency preset.
    Id(String),
    /// A file the shell has checked is allowed.
    File(PathBuf),
    /// A live stream (http or https, checked by the shell), relayed for `for_` or until stopped.
    Url { url: String, for_: Option<Duration> },
    /// Recordings fetched for a bulletin (checked by the shell), under the bulletin's name.
    Recordings {
        id: String,
        title: String,
        files: Vec<PathBuf>,
    },
    /// A text read aloud (spec §13), rendered by the shell into `sound` before it asks; a
    /// bulletin's `text` plays under the bulletin's name (`title`).
    Text {
        text: String,
        sound: PathBuf,
        title: Option<String>,
    },
    /// A person speaking live (spec §12), their sound known to the shell as `link`; for
    /// `for_`, or until they finish.
    Live {
        link: String,
        for_: Option<Duration>,
    },
}

/// A bulletin of the provincial feed, played.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FromBulletin {
    pub id: String,
    /// How often it plays again, as the bulletin says: never its preset's `every` unless the
    /// bulletin says so itself.
    pub every: Option<Duration>,
    /// Its repetition ends when it expires.
    pub expires: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Play {
        target: Target,
        emergency: bool,
        repeat: Option<u32>,
        volume: Option<u8>,
        by: String,
        /// A bulletin from the provincial feed: its row's source is `bulletin`, with its id.
        bulletin: Option<FromBulletin>,
        /// Play it even if the same is already playing or waiting (`loa play --again`);
        /// otherwise a second press is answered "already playing" and changes nothing.
        again: bool,
    },
    Stop {
        by: String,
    },
    Pause {
        until: Option<DateTime<Utc>>,
        by: String,
    },
    Resume {
        by: String,
    },
}

impl std::fmt::Display for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Request::Play {
                target,
                emergency,
                repeat,
                volume,
                again,
                ..
            } => {
                match target {
                    Target::Id(id) => write!(f, "play \"{id}\"")?,
                    Target::File(p) => write!(f, "play the file {}", p.display())?,
                    Target::Recordings { id, files, .. } => {
                        write!(f, "play \"{id}\" ({} recording(s))", files.len())?
                    }
                    Target::Text { text, .. } => {
                        write!(f, "read aloud {:?}", crate::text::shortened(text, 60))?
                    }
                    Target::Live { for_: None, .. } => write!(f, "go live")?,
                    Target::Live { for_: Some(d), .. } => {
                        write!(f, "go live for {}", humantime::format_duration(*d))?
                    }
                    Target::Url { url, for_: None } => write!(f, "relay {url}")?,
                    Target::Url { url, for_: Some(d) } => {
                        write!(f, "relay {url} for {}", humantime::format_duration(*d))?
                    }
                }
                if *emergency {
                    write!(f, " as an emergency")?;
                }
                if let Some(n) = repeat {
                    write!(f, ", {n} times")?;
                }
                if let Some(v) = volume {
                    write!(f, ", at {v}%")?;
                }
                if *again {
                    write!(f, ", again")?;
                }
                Ok(())
            }
            Request::Stop { .. } => write!(f, "stop"),
            Request::Pause { until: None, .. } => write!(f, "pause"),
            Request::Pause { until: Some(t), .. } => {
                write!(
                    f,
                    "pause until {}",
                    t.to_rfc3339_opts(SecondsFormat::Secs, true)
                )
            }
            Request::Resume { .. } => write!(f, "resume"),
        }
    }
}

/// A request carried out: a sentence for the user and, for a play that starts now, the
/// broadcast whose start (or failure) the answer should wait for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub message: String,
    pub follow: Option<Token>,
    /// The broadcast a play request made, whether it starts now or waits its turn.
    pub token: Option<Token>,
}

impl Answer {
    pub(super) fn said(message: impl Into<String>) -> Answer {
        Answer {
            message: message.into(),
            follow: None,
            token: None,
        }
    }
}

/// Why a request was not carried out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No such announcement or preset.
    NotFound(String),
    /// Not possible now (nothing plays, not paused).
    Refused(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NotFound(m) | Refusal::Refused(m) => f.write_str(m),
        }
    }
}

impl Dispatcher {
    /// Handles a request from the control socket; the answer is a sentence for the user (and,
    /// for a play that starts now, the broadcast to follow until it sounds or fails).
    pub fn request(
        &mut self,
        r: Request,
        now: DateTime<Utc>,
    ) -> (Result<Answer, Refusal>, Vec<Effect>) {
        let mut fx = Vec::new();
        let reply = match r {
            Request::Play {
                target,
                emergency,
                repeat,
                volume,
                by,
                bulletin,
                again,
            } => match self.play_request(
                target,
                emergency,
                repeat,
                volume,
                (&by, bulletin, again),
                now,
            ) {
                Ok((answer, effects)) => {
                    fx.extend(effects);
                    Ok(answer)
                }
                Err(e) => Err(e),
            },
            Request::Stop { by } => self.stop(by, &mut fx),
            Request::Pause { until, by: _ } => {
                self.paused = Some(until);
                Ok(Answer::said(self.pause_words(until, now)))
            }
            Request::Resume { by: _ } => {
                if self.paused.take().is_some() {
                    Ok(Answer::said(t!("reply-resumed")))
                } else {
                    Err(Refusal::Refused(t!("reply-not-paused")))
                }
            }
        };
        fx.extend(self.advance(now));
        (reply, fx)
    }

    /// What a pause holds, in words: until when ("18:00 ngày mai (thứ Bảy)") and how many
    /// broadcasts it will cost — the next morning's programme must not vanish unnoticed
    /// behind a pause given the evening before.
    pub(super) fn pause_words(
        &mut self,
        until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> String {
        let tz = self.schedule.station.timezone;
        let when = |t: DateTime<Utc>| {
            crate::i18n::words::time_and_day(&t.with_timezone(&tz), &now.with_timezone(&tz))
        };
        let Some(until) = until else {
            return match self.first_ahead(now) {
                Some((id, at)) => t!("reply-paused-next", id = id, at = when(at)),
                None => t!("reply-paused"),
            };
        };
        // What the pause holds: the broadcasts already waiting (behind what plays, or caught up)
        // and those due before it ends; each with its last moment to start (a relay: its
        // window's end).
        let max_delay = delta(self.schedule.station.max_delay);
        let mut held: Vec<(Occurrence, DateTime<Utc>)> = self
            .queue
            .iter()
            .map(|p| (p.occ.clone(), self.deadline(p)))
            .collect();
        for o in self.occurrences(now, until) {
            let key = self.key(&o);
            let known = self.done.contains(&key)
                || self.in_flight(&key)
                || self.queue.iter().any(|p| p.key == key);
            if !known {
                let deadline = o.relay.unwrap_or(o.at + max_delay);
                held.push((o, deadline));
            }
        }
        held.sort_by_key(|(o, _)| o.at);
        // Skipped: its last moment passes while paused, or before the amplifier, switched on at
        // the resume, has had its lead.
        let resume = until + self.amp.as_ref().map_or(TimeDelta::zero(), |a| a.lead());
        let (skipped, late): (Vec<&Occurrence>, Vec<&Occurrence>) = held
            .iter()
            .map(|(o, deadline)| (o, *deadline <= resume))
            .fold((Vec::new(), Vec::new()), |(mut s, mut l), (o, skip)| {
                if skip {
                    s.push(o)
                } else {
                    l.push(o)
                }
                (s, l)
            });
        let names: Vec<String> = skipped
            .iter()
            .take(4)
            .map(|o| {
                let at = o.at.with_timezone(&tz).format("%H:%M");
                format!("{at} {}", self.id_title(o).0)
            })
            .chain((skipped.len() > 4).then(|| "…".to_string()))
            .collect();
        t!(
            "reply-paused-until",
            until = when(until),
            skipped = skipped.len(),
            which = names.join(", "),
            late = late.len()
        )
    }

    /// The first scheduled broadcast not yet played, from now (for a pause without an end).
    fn first_ahead(&mut self, now: DateTime<Utc>) -> Option<(String, DateTime<Utc>)> {
        self.occurrences(now, now + SCAN)
            .into_iter()
            .find(|o| !self.done.contains(&self.key(o)))
            .map(|o| (self.id_title(&o).0.to_string(), o.at))
    }

    /// Ends a broadcast the shell saw fail (a stream played by hand that gave no sound): it is
    /// faded out and recorded failed, with `why`.
    pub fn fail(&mut self, token: Token, why: Said, now: DateTime<Utc>) -> Vec<Effect> {
        let mut fx = Vec::new();
        let on_air = self.current.as_ref().is_some_and(|c| c.b.token == token);
        if let Some(c) = self.find_mut(token).filter(|c| {
            !matches!(
                c.ending,
                Some(
                    Ending::StoppedBy(_)
                        | Ending::StoppedFor(_)
                        | Ending::Shutdown
                        | Ending::Failed(_)
                )
            )
        }) {
            // On air: faded out now; already leaving (an emergency took the output): recorded
            // failed when it has gone.
            c.ending = Some(Ending::Failed(why));
            if on_air {
                fx.push(Effect::Stop);
            }
        } else if self.suspended.as_ref().is_some_and(|c| c.b.token == token)
            && let Some(c) = self.suspended.take()
        {
            // Waiting to resume after what cut in: it will not.
            fx.extend(self.close_suspended(c, (Outcome::Failed, Some(why)), now));
        }
        fx.extend(self.advance(now));
        fx
    }

    /// Whether a play request is an emergency: asked as one, or naming an emergency preset.
    pub fn is_emergency(&self, target: &Target, emergency: bool) -> bool {
        emergency || matches!(target, Target::Id(id) if self.schedule.emergency(id).is_some())
    }

    fn play_request(
        &mut self,
        target: Target,
        emergency: bool,
        repeat: Option<u32>,
        volume: Option<u8>,
        (by, bulletin, again): (&str, Option<FromBulletin>, bool),
        now: DateTime<Utc>,
    ) -> Result<(Answer, Vec<Effect>), Refusal> {
        let s = self.schedule.clone();
        let station = volume_gain(f32::from(s.station.volume));
        let gain = |default: u8| station * volume_gain(f32::from(volume.unwrap_or(default)));
        let mut spoken = None;
        let (mut b, files, every) = match &target {
            Target::Id(id) => {
                if let Some(e) = s.emergency(id) {
                    let files = playlist(&e.alert, &e.files, repeat.unwrap_or(e.repeat), e.gap);
                    let b = Broadcast::of_files(
                        &e.id,
                        &e.title,
                        files,
                        gain(e.volume),
                        Source::Emergency,
                    );
                    spoken = e.speech.as_ref().map(|s| s.text.clone());
                    (b, written(&e.files, spoken.is_some()), e.every)
                } else if let Some(a) = s.announcement(id) {
                    // An announcement played as an emergency goes without its chime.
                    let chime = s.chime_for(a).filter(|_| !emergency);
                    let files = playlist(chime, &a.files, repeat.unwrap_or(a.repeat), a.gap);
                    let b =
                        Broadcast::of_files(&a.id, &a.title, files, gain(a.volume), Source::Manual);
                    spoken = a.speech.as_ref().map(|s| s.text.clone());
                    (b, written(&a.files, spoken.is_some()), None)
                } else {
                    return Err(Refusal::NotFound(t!(
                        "reply-not-found",
                        target = id.as_str(),
                        file = s.file_name.as_str(),
                        ids = s.ids().join(", ")
                    )));
                }
            }
            Target::Recordings { id, title, files } => {
                let playlist = Playlist {
                    repeat: repeat.unwrap_or(1),
                    ..Playlist::of(files.iter().cloned().map(Item::File).collect())
                };
                let b = Broadcast::of_files(id, title, playlist, gain(100), Source::Manual);
                let written = files.iter().map(|p| p.display().to_string()).collect();
                (b, written, None)
            }
            Target::Text { text, sound, title } => {
                let files = Playlist {
                    repeat: repeat.unwrap_or(1),
                    ..Playlist::of(vec![Item::File(sound.clone())])
                };
                // The same text asked twice is the same broadcast ("already playing").
                let stem = sound.file_stem().map(|s| s.to_string_lossy().into_owned());
                let id = format!(
                    "text-{}",
                    stem.as_deref().unwrap_or("").get(..12).unwrap_or("")
                );
                let title = title
                    .clone()
                    .unwrap_or_else(|| crate::text::shortened(text, 60).into_owned());
                let b = Broadcast::of_files(&id, &title, files, gain(100), Source::Manual);
                spoken = Some(text.clone());
                (b, vec![sound.display().to_string()], None)
            }
            Target::File(path) => {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let files = Playlist {
                    repeat: repeat.unwrap_or(1),
                    ..Playlist::of(vec![Item::File(path.clone())])
                };
                let id = path.display().to_string();
                let b = Broadcast::of_files(&id, &name, files, gain(100), Source::Manual);
                (b, vec![id], None)
            }
            Target::Live { link, for_ } => {
                self.may_go_live()?;
                let b = self.live_broadcast(link, *for_, gain(100), by, now);
                // What was said is kept there (under the state directory).
                let kept = vec![format!("live/{}.opus", b.id)];
                (b, kept, None)
            }
            Target::Url { url, for_ } => {
                let b = Broadcast {
                    limit: *for_,
                    live: Some(Live {
                        link: String::new(),
                        streams: vec![url.clone()],
                        fallback_after: Duration::from_secs(20),
                        end: None,
                        resumed: false,
                    }),
                    ..Broadcast::of_files(url, url, Playlist::default(), gain(100), Source::Manual)
                };
                (b, vec![url.clone()], None)
            }
        };
        // A bulletin repeats only as it says, until it expires.
        let (every, until) = match &bulletin {
            Some(f) => (f.every, Some(f.expires)),
            None => (every, None),
        };
        let bulletin = bulletin.map(|f| f.id);
        // A bulletin's level says whether it is an emergency, whatever it plays (a priority
        // bulletin may play a preset and still wait its turn).
        let is_emergency = match bulletin {
            Some(_) => emergency,
            None => self.is_emergency(&target, emergency),
        };
        // A second press of the same button changes nothing: pressed four times, a play is not
        // queued four times (`--again` says it is meant). A bulletin has its own ids.
        if !again && bulletin.is_none() {
            let playing = self
                .current
                .as_ref()
                .filter(|c| c.ending.is_none() && c.b.id == b.id)
                .filter(|c| !is_emergency || c.b.source == Source::Emergency);
            if playing.is_some() {
                // `--again` restarts an emergency at once (it cuts in), and queues another play
                // of anything else: the answer says which.
                let id = b.id.as_str();
                let said = if is_emergency {
                    t!("reply-already-playing-emergency", id = id)
                } else {
                    t!("reply-already-playing", id = id)
                };
                return Ok((Answer::said(said), Vec::new()));
            }
            if !is_emergency && self.manual.iter().any(|(m, _)| m.id == b.id) {
                return Ok((
                    Answer::said(t!("reply-already-queued", id = b.id.as_str())),
                    Vec::new(),
                ));
            }
        }
        // Speaking live lasts as long as asked, or an hour at most, emergency or not.
        if b.voice.is_some() {
            b.limit = b.limit.or(Some(MANUAL_LIMIT));
        }
        if is_emergency {
            b.source = Source::Emergency;
        } else {
            b.source = Source::Manual;
            // A manual play waits its turn, and holds the output for a bounded time.
            if self.manual.len() >= MAX_WAITING {
                return Err(Refusal::Refused(t!(
                    "reply-too-many-waiting",
                    n = MAX_WAITING
                )));
            }
            // (A relay asked for by hand lasts as long as asked, or until stopped.)
            if b.voice.is_none() && b.live.is_none() {
                b.limit = Some(MANUAL_LIMIT);
            }
        }
        b.token = self.token();
        if let Some(l) = &mut b.live {
            l.link = format!("play-{}", b.token);
        }
        let row = NewBroadcast {
            id: b.id.clone(),
            title: b.title.clone(),
            source: match (&bulletin, &target) {
                (Some(_), _) => Source::Bulletin,
                // A text typed and read at once; asked as an emergency, it is one.
                (None, Target::Text { .. }) if b.source == Source::Manual => Source::Text,
                // Speaking live is `live`, whether or not it cut in as an emergency.
                (None, Target::Live { .. }) => Source::Live,
                _ => b.source,
            },
            requested_by: by.to_string(),
            requested: now,
            scheduled: None,
            occurrence: None,
            files,
            bulletin,
            text: spoken,
        };
        if is_emergency {
            let what = Said::new(|| t!("reason-what-emergency", id = b.id.as_str()));
            let mut fx = Vec::new();
            if let (Some(l), Some(d)) = (&mut b.live, b.limit) {
                l.end = Some(now + delta(d));
            }
            if let Some(mut c) = self.current.take() {
                // A stop already asked for stays a stop (its fade may not be over).
                if !matches!(
                    c.ending,
                    Some(Ending::StoppedBy(_) | Ending::StoppedFor(_) | Ending::Failed(_))
                ) {
                    c.ending = Some(Ending::InterruptedBy(what.clone()));
                }
                self.leaving.push(c);
            }
            self.latched = every.map(|every| Latched {
                b: b.clone(),
                row: row.clone(),
                every,
                next: now + delta(every),
                until,
            });
            let token = b.token;
            let id_of_emergency = b.id.clone();
            fx.extend(self.hand_over(b, row, None));
            let id = id_of_emergency.as_str();
            let answer = Answer {
                message: match every {
                    Some(e) => t!(
                        "reply-emergency-playing-every",
                        id = id,
                        every = crate::i18n::words::duration(e)
                    ),
                    None => t!("reply-emergency-playing", id = id),
                },
                follow: Some(token),
                token: Some(token),
            };
            return Ok((answer, fx));
        }
        let (id, token) = (b.id.clone(), b.token);
        let ahead: Vec<String> = self
            .current
            .iter()
            .map(|c| format!("\"{}\"", c.b.id))
            .chain(self.manual.iter().map(|(m, _)| format!("\"{}\"", m.id)))
            .collect();
        self.manual.push_back((b, row));
        if ahead.is_empty() {
            let answer = Answer {
                message: t!("reply-playing", id = id.as_str()),
                follow: Some(token),
                token: Some(token),
            };
            Ok((answer, Vec::new()))
        } else {
            let answer = Answer {
                token: Some(token),
                ..Answer::said(t!(
                    "reply-queued",
                    id = id.as_str(),
                    ahead = ahead.join(&t!("reply-then"))
                ))
            };
            Ok((answer, Vec::new()))
        }
    }
}

/// A row's `files`: as the schedule writes them, or for a text the sound rendered from it.
pub(super) fn written(files: &[AudioRef], spoken: bool) -> Vec<String> {
    files
        .iter()
        .map(|f| match spoken {
            true => f.path.display().to_string(),
            false => f.written.clone(),
        })
        .collect()
}
