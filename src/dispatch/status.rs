//! The dispatcher's part of `loa status`.

use super::*;

/// The dispatcher's part of `loa status`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Status {
    pub playing: Option<Playing>,
    pub paused: bool,
    pub paused_until: Option<String>,
    pub emergency: Option<Repeating>,
    pub queue: Vec<Upcoming>,
    pub next: Vec<Upcoming>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Playing {
    pub id: String,
    pub title: String,
    pub source: Source,
    pub started: Option<String>,
    pub progress_seconds: Option<f64>,
    /// A relay's stream connection (the shell adds what it knows of it).
    #[serde(skip)]
    pub link: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Repeating {
    pub id: String,
    pub every_seconds: u64,
    pub next: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Upcoming {
    pub id: String,
    pub title: String,
    pub at: String,
    pub source: Source,
}

impl Dispatcher {
    pub fn status(&self, now: DateTime<Utc>) -> Status {
        let tz = self.schedule.station.timezone;
        let fmt = |t: DateTime<Utc>| {
            t.with_timezone(&tz)
                .to_rfc3339_opts(SecondsFormat::Secs, false)
        };
        let playing = self
            .current
            .as_ref()
            .filter(|c| c.started.is_some() || c.b.start == StartAt::Now)
            .map(|c| Playing {
                id: c.b.id.clone(),
                title: c.b.title.clone(),
                // A person speaking is `live`, whether it cut in as an emergency or not.
                source: match c.b.voice {
                    Some(_) => Source::Live,
                    None => c.b.source,
                },
                started: c.started.map(|t| {
                    t.with_timezone(&tz)
                        .to_rfc3339_opts(SecondsFormat::Millis, false)
                }),
                progress_seconds: c
                    .started
                    .map(|t| (now - t).num_milliseconds().max(0) as f64 / 1000.0),
                link: c.b.live.as_ref().map(|l| l.link.clone()),
            });
        let mut queue: Vec<Upcoming> = self
            .current
            .iter()
            .filter(|c| c.started.is_none() && c.b.start != StartAt::Now)
            .filter_map(|c| {
                let p = c.pending.as_ref()?;
                Some(Upcoming {
                    id: p.key.id.clone(),
                    title: c.b.title.clone(),
                    at: fmt(p.occ.at),
                    source: p.source,
                })
            })
            .collect();
        queue.extend(self.manual.iter().map(|(b, _)| Upcoming {
            id: b.id.clone(),
            title: b.title.clone(),
            at: fmt(now),
            source: b.source,
        }));
        queue.extend(self.queue.iter().map(|p| Upcoming {
            id: p.key.id.clone(),
            title: self.id_title(&p.occ).1.to_string(),
            at: fmt(p.occ.at),
            source: p.source,
        }));
        let next = plan::broadcasts(
            &self.schedule,
            self.released_until,
            self.released_until + SCAN,
        )
        .into_iter()
        .filter(|o| !self.done.contains(&self.key(o)))
        .take(5)
        .map(|o| {
            let (id, title) = self.id_title(&o);
            Upcoming {
                id: id.to_string(),
                title: title.to_string(),
                at: fmt(o.at),
                source: Source::Schedule,
            }
        })
        .collect();
        Status {
            playing,
            paused: self.paused.is_some(),
            paused_until: self.paused.flatten().map(fmt),
            emergency: self.latched.as_ref().map(|l| Repeating {
                id: l.b.id.clone(),
                every_seconds: l.every.as_secs(),
                next: fmt(l.next),
            }),
            queue,
            next,
        }
    }
}
