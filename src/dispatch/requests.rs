//! Requests from the control socket: play, stop, pause, resume.

use super::*;

impl Dispatcher {
    /// Handles a request from the control socket; the reply is a sentence for the user.
    pub fn request(
        &mut self,
        r: Request,
        now: DateTime<Utc>,
    ) -> (Result<String, Refusal>, Vec<Effect>) {
        let mut fx = Vec::new();
        let reply = match r {
            Request::Play {
                target,
                emergency,
                repeat,
                volume,
                by,
            } => match self.play_request(target, emergency, repeat, volume, &by, now) {
                Ok((msg, effects)) => {
                    fx.extend(effects);
                    Ok(msg)
                }
                Err(e) => Err(e),
            },
            Request::Stop { by } => {
                let stopping_latched = self.latched.take().map(|l| l.b.id);
                match &mut self.current {
                    // A scheduled broadcast handed over ahead of its time is not playing yet.
                    Some(c) if c.started.is_some() || c.pending.is_none() => {
                        c.ending = Some(Ending::StoppedBy(by));
                        fx.push(Effect::Stop);
                        Ok(format!("stopping \"{}\"", c.b.id))
                    }
                    _ => match stopping_latched {
                        Some(id) => Ok(format!("the repeating emergency \"{id}\" is ended")),
                        None => Err(Refusal::Refused("nothing is playing".to_string())),
                    },
                }
            }
            Request::Pause { until, by: _ } => {
                self.paused = Some(until);
                Ok(match until {
                    Some(t) => format!("scheduled broadcasts paused until {}", self.local(t)),
                    None => "scheduled broadcasts paused until `loa resume`".to_string(),
                })
            }
            Request::Resume { by: _ } => {
                if self.paused.take().is_some() {
                    Ok("scheduled broadcasts resumed".to_string())
                } else {
                    Err(Refusal::Refused(
                        "scheduled broadcasts were not paused".to_string(),
                    ))
                }
            }
        };
        fx.extend(self.advance(now));
        (reply, fx)
    }

    fn local(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.schedule.station.timezone)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    fn play_request(
        &mut self,
        target: Target,
        emergency: bool,
        repeat: Option<u32>,
        volume: Option<u8>,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(String, Vec<Effect>), Refusal> {
        let s = self.schedule.clone();
        let station = volume_gain(f32::from(s.station.volume));
        let gain = |default: u8| station * volume_gain(f32::from(volume.unwrap_or(default)));
        let files_items = |files: &[AudioRef], repeat: u32, gap: Duration| {
            let mut items = Vec::new();
            for r in 0..repeat.max(1) {
                if r > 0 && !gap.is_zero() {
                    items.push(Item::Silence(gap));
                }
                items.extend(files.iter().map(|f| Item::File(f.path.clone())));
            }
            items
        };
        let token = self.token();
        let (b, files, every, is_emergency) = match &target {
            Target::Id(id) => {
                if let Some(e) = s.emergency(id) {
                    let mut items: Vec<Item> =
                        e.alert.iter().map(|a| Item::File(a.path.clone())).collect();
                    items.extend(files_items(&e.files, repeat.unwrap_or(e.repeat), e.gap));
                    let b = Broadcast {
                        token,
                        id: e.id.clone(),
                        title: e.title.clone(),
                        items,
                        gain: gain(e.volume),
                        start: StartAt::Now,
                        source: Source::Emergency,
                    };
                    (
                        b,
                        e.files
                            .iter()
                            .map(|f| f.written.clone())
                            .collect::<Vec<_>>(),
                        e.every,
                        true,
                    )
                } else if let Some(a) = s.announcement(id) {
                    let mut items: Vec<Item> = if emergency {
                        Vec::new()
                    } else {
                        s.chime_for(a)
                            .iter()
                            .map(|c| Item::File(c.path.clone()))
                            .collect()
                    };
                    items.extend(files_items(&a.files, repeat.unwrap_or(a.repeat), a.gap));
                    let source = if emergency {
                        Source::Emergency
                    } else {
                        Source::Manual
                    };
                    let b = Broadcast {
                        token,
                        id: a.id.clone(),
                        title: a.title.clone(),
                        items,
                        gain: gain(a.volume),
                        start: StartAt::Now,
                        source,
                    };
                    (
                        b,
                        a.files.iter().map(|f| f.written.clone()).collect(),
                        None,
                        emergency,
                    )
                } else {
                    return Err(Refusal::NotFound(format!(
                        "no announcement or emergency preset \"{id}\" in {}",
                        s.file_name
                    )));
                }
            }
            Target::File(path) => {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let items = (0..repeat.unwrap_or(1).max(1))
                    .map(|_| Item::File(path.clone()))
                    .collect();
                let source = if emergency {
                    Source::Emergency
                } else {
                    Source::Manual
                };
                let b = Broadcast {
                    token,
                    id: path.display().to_string(),
                    title: name,
                    items,
                    gain: gain(100),
                    start: StartAt::Now,
                    source,
                };
                (b, vec![path.display().to_string()], None, emergency)
            }
        };
        let row = NewBroadcast {
            id: b.id.clone(),
            title: b.title.clone(),
            source: b.source,
            requested_by: by.to_string(),
            scheduled: None,
            occurrence: None,
            files,
        };
        if is_emergency {
            let what = format!("emergency \"{}\"", b.id);
            let mut fx = Vec::new();
            if let Some(mut c) = self.current.take() {
                c.ending = Some(Ending::InterruptedBy(what.clone()));
                self.leaving.push(c);
            }
            self.latched = every.map(|every| Latched {
                b: b.clone(),
                row: row.clone(),
                every,
                next: now + delta(every),
            });
            fx.extend(self.hand_over(b, row, None));
            let again = every.map_or_else(String::new, |e| {
                format!(
                    ", again every {} until `loa stop`",
                    humantime::format_duration(e)
                )
            });
            return Ok((format!("{what} playing now{again}"), fx));
        }
        let id = b.id.clone();
        self.manual.push_back((b, row));
        if self.current.is_some() {
            Ok((
                format!("\"{id}\" will play when the current broadcast ends"),
                Vec::new(),
            ))
        } else {
            Ok((format!("\"{id}\" playing now"), Vec::new()))
        }
    }
}
