//! The relays' stream connections the shell keeps open (one per relay occurrence, named by
//! the dispatcher), and what `loa status` shows of one.

use super::*;

impl Shell {
    /// The buffer of a relay's stream, connecting to it if it is not connected yet.
    pub(super) fn link(
        &mut self,
        link: &str,
        streams: &[String],
        until: Option<DateTime<Utc>>,
    ) -> Arc<crate::audio::live::LiveBuffer> {
        if let Some(l) = self.links.get(link).filter(|l| !l.ended()) {
            return l.buffer();
        }
        let until = until.map(|t| Instant::now() + (t - self.now()).to_std().unwrap_or_default());
        tracing::info!(relay = %link, streams = %streams.join(" "), "connecting to the stream");
        match crate::stream::Link::open(link, streams.to_vec(), until) {
            Ok(l) => {
                let b = l.buffer();
                self.links.insert(link.to_string(), l);
                b
            }
            Err(e) => {
                tracing::error!(relay = %link, "cannot start the stream's thread: {e}");
                crate::audio::live::LiveBuffer::new()
            }
        }
    }

    /// What `loa status` shows of a relay's stream.
    pub fn link_status(&self, link: &str) -> Option<serde_json::Value> {
        let l = self.links.get(link)?;
        let b = l.buffer();
        let s = b.state();
        Some(json!({
            "url": s.url,
            "format": s.format.as_ref().map(|f| f.to_string()),
            "connected": s.connected,
            "buffer_seconds": (b.level() * 10.0).round() / 10.0,
            "reconnects": s.reconnects,
            "failed_tries": s.failed_tries,
            "silent_seconds": s.silent_since.map(|t| t.elapsed().as_secs()),
            // The latest try's reason while it fails, else the last kind of trouble seen.
            "trouble": s
                .last_failure
                .as_ref()
                .map(|(t, _)| t)
                .or(s.trouble.last())
                .map(|t| t.to_string()),
        }))
    }
}
