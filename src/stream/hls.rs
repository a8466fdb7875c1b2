//! HLS live playlists (RFC 8216): the playlist is read again every half target duration, new
//! segments are fetched in order and their sound joined into one stream for one decoder (no
//! click at segment boundaries). Segments are MPEG-TS (the audio elementary stream taken out with
//! the `mpeg2ts` crate) or packed audio (ADTS or MP3, an ID3 tag in front dropped).
//!
//! Bounded whatever the server sends: a playlist is read up to [`MAX_PLAYLIST`] bytes, a segment
//! up to [`MAX_SEGMENT`] (a "segment" of 4 GB is refused, not buffered); a playlist that stops
//! growing for three target durations is a stalled stream.

use std::collections::VecDeque;
use std::io::{self, Cursor, Read};
use std::time::{Duration, Instant};

use mpeg2ts::pes::{PesPacketReader, ReadPesPacket};
use mpeg2ts::ts::TsPacketReader;

use super::Phrase;
use super::{Sounded, StopFlag, StreamError, error_of};
use crate::audio::live::LiveBuffer;

/// The most a playlist may weigh.
pub const MAX_PLAYLIST: u64 = 1 << 20;
/// The most a segment may weigh (a minute of 320 kbit/s sound is 2.4 MB).
pub const MAX_SEGMENT: u64 = 16 << 20;
/// Segments from the live edge a relay starts with.
const START_SEGMENTS: usize = 2;
/// The most segments of a playlist parsed at once. A playlist of 45,000 tiny segments fits in
/// [`MAX_PLAYLIST`] and, parsed whole, made 110 MiB of structures; only its live edge is read
/// (a finished one, a window at a time from where playing has reached).
const WINDOW: usize = 64;

/// A media playlist cut to at most [`WINDOW`] segments, with its header (the media sequence
/// number moved to the window's first segment, the last key and map of what was cut kept): text
/// for the parser that never holds more. The window is the live edge of a live playlist; of a
/// finished one (`#EXT-X-ENDLIST`: a recording), its start, or from sequence number `from`. A
/// master playlist, or one of [`WINDOW`] segments or fewer, is left as it is.
struct Window<'a> {
    text: std::borrow::Cow<'a, [u8]>,
    /// Segments come after the window: the playlist has not ended there.
    more: bool,
    /// The playlist is finished (`#EXT-X-ENDLIST`), whether the window reaches its end or not.
    finished: bool,
}

fn window(body: &[u8], from: Option<u64>) -> Window<'_> {
    let whole = Window {
        text: std::borrow::Cow::Borrowed(body),
        more: false,
        finished: false,
    };
    let Ok(text) = std::str::from_utf8(body) else {
        return whole;
    };
    let lines: Vec<&str> = text.lines().collect();
    let is_uri = |l: &str| !l.trim().is_empty() && !l.starts_with('#');
    let ends: Vec<usize> = (0..lines.len()).filter(|&i| is_uri(lines[i])).collect();
    if ends.len() <= WINDOW || text.contains("#EXT-X-STREAM-INF") {
        return whole;
    }
    let finished = lines.iter().any(|l| l.starts_with("#EXT-X-ENDLIST"));
    let first_seq = lines
        .iter()
        .find_map(|l| l.strip_prefix("#EXT-X-MEDIA-SEQUENCE:"))
        .and_then(|n| n.trim().parse::<u64>().ok())
        .unwrap_or(0);
    let header_end = (0..lines.len())
        .find(|&i| lines[i].starts_with("#EXTINF") || is_uri(lines[i]))
        .unwrap_or(0);
    let count = ends.len();
    let start = match from {
        Some(seq) => usize::try_from(seq.saturating_sub(first_seq))
            .unwrap_or(usize::MAX)
            .min(count),
        None if finished => 0,
        None => count - WINDOW,
    };
    let stop = (start + WINDOW).min(count);
    // Segment k's lines run from after segment k-1's URI to its own.
    let seg_start = |k: usize| if k == 0 { header_end } else { ends[k - 1] + 1 };
    let mut out: Vec<&str> = Vec::new();
    let seq_line = format!(
        "#EXT-X-MEDIA-SEQUENCE:{}",
        first_seq.saturating_add(start as u64)
    );
    let mut had_seq = false;
    for l in &lines[..header_end] {
        if l.starts_with("#EXT-X-MEDIA-SEQUENCE:") {
            out.push(&seq_line);
            had_seq = true;
        } else if !l.starts_with("#EXT-X-ENDLIST") {
            out.push(l);
        }
    }
    if !had_seq {
        out.push(&seq_line);
    }
    // What applies to every later segment, from the part cut off.
    let cut = &lines[header_end..seg_start(start)];
    for tag in ["#EXT-X-KEY", "#EXT-X-MAP"] {
        if let Some(l) = cut.iter().rev().find(|l| l.starts_with(tag)) {
            out.push(l);
        }
    }
    if start < stop {
        out.extend_from_slice(&lines[seg_start(start)..=ends[stop - 1]]);
    }
    let more = stop < count;
    if !more {
        out.extend_from_slice(&lines[ends[count - 1] + 1..]);
    }
    let mut joined = out.join("\n");
    joined.push('\n');
    Window {
        text: joined.into_bytes().into(),
        more,
        finished,
    }
}

/// The playlist's segments, read as one stream of sound.
struct Segments {
    agent: ureq::Agent,
    playlist: url::Url,
    stop: StopFlag,
    /// Media sequence number of the next segment to fetch.
    next: u64,
    queue: VecDeque<String>,
    current: Cursor<Vec<u8>>,
    target: Duration,
    refreshed: Instant,
    /// When the playlist last grew.
    grew: Instant,
    ended: bool,
    /// A finished playlist (a recording), read a window at a time from its start.
    finished: bool,
    /// The audio stream id taken from TS segments (the first audio one seen).
    stream_id: Option<u8>,
}

fn read_capped(
    resp: ureq::http::Response<ureq::Body>,
    cap: u64,
    what: &'static str,
) -> Result<Vec<u8>, StreamError> {
    let mut body = Vec::new();
    resp.into_body()
        .into_reader()
        .take(cap + 1)
        .read_to_end(&mut body)
        .map_err(|e| super::io_error("the server", &e))?;
    if body.len() as u64 > cap {
        return Err(StreamError::Format(Phrase::With(
            what,
            (cap >> 20).to_string(),
        )));
    }
    Ok(body)
}

/// The sequence number to start from: a little before a live playlist's edge; a finished one (a
/// recording) from its start.
fn first_to_fetch(media: &m3u8_rs::MediaPlaylist) -> u64 {
    let skip = if media.end_list {
        0
    } else {
        media.segments.len().saturating_sub(START_SEGMENTS)
    };
    media.media_sequence.saturating_add(skip as u64)
}

fn playlist_error(detail: &str) -> StreamError {
    StreamError::Format(Phrase::With("stream-why-playlist", detail.to_string()))
}

impl Segments {
    /// Reads the first playlist (following a master playlist to its first audio variant) and
    /// fetches the first segment, so that a bad stream fails here, before the decoder.
    fn open(
        agent: &ureq::Agent,
        url: &str,
        resp: ureq::http::Response<ureq::Body>,
        stop: &StopFlag,
    ) -> Result<Segments, StreamError> {
        let mut playlist = url::Url::parse(url).map_err(|e| playlist_error(&e.to_string()))?;
        let mut body = read_capped(resp, MAX_PLAYLIST, "stream-why-playlist-big")?;
        let mut media = None;
        let (mut more, mut finished) = (false, false);
        for _ in 0..3 {
            let w = window(&body, None);
            (more, finished) = (w.more, w.finished);
            match m3u8_rs::parse_playlist_res(&w.text) {
                Ok(m3u8_rs::Playlist::MediaPlaylist(m)) => {
                    media = Some(m);
                    break;
                }
                Ok(m3u8_rs::Playlist::MasterPlaylist(m)) => {
                    let v = m
                        .variants
                        .iter()
                        .filter(|v| !v.is_i_frame)
                        .min_by_key(|v| v.bandwidth)
                        .ok_or_else(|| playlist_error("a master playlist without streams"))?;
                    playlist = playlist
                        .join(&v.uri)
                        .map_err(|e| playlist_error(&e.to_string()))?;
                    let resp = agent
                        .get(playlist.as_str())
                        .call()
                        .map_err(|e| error_of(playlist.as_str(), e))?;
                    body = read_capped(resp, MAX_PLAYLIST, "stream-why-playlist-big")?;
                }
                Err(_) => return Err(playlist_error("not M3U8")),
            }
        }
        let media = media.ok_or_else(|| playlist_error("master playlists nested too deep"))?;
        let target = Duration::from_secs(media.target_duration.clamp(1, 30));
        let mut s = Segments {
            agent: agent.clone(),
            playlist,
            stop: stop.clone(),
            next: 0,
            queue: VecDeque::new(),
            current: Cursor::new(Vec::new()),
            target,
            refreshed: Instant::now(),
            grew: Instant::now(),
            ended: false,
            finished: false,
            stream_id: None,
        };
        s.finished = finished || media.end_list;
        s.next = if s.finished {
            media.media_sequence
        } else {
            first_to_fetch(&media)
        };
        s.queue_new(&media);
        s.ended = media.end_list && !more;
        s.fill()?;
        Ok(s)
    }

    /// Queues the playlist's segments not fetched yet. (Sequence numbers come from the server:
    /// near `u64::MAX` they saturate rather than wrap.)
    fn queue_new(&mut self, m: &m3u8_rs::MediaPlaylist) {
        let first = m.media_sequence;
        let count = m.segments.len() as u64;
        // A playlist that starts over (a restarted encoder): from its live edge again.
        if first.saturating_add(count) < self.next && !m.segments.is_empty() {
            self.next =
                first.saturating_add(m.segments.len().saturating_sub(START_SEGMENTS) as u64);
        }
        for (i, seg) in m.segments.iter().enumerate() {
            let seq = first.saturating_add(i as u64);
            if seq >= self.next {
                self.queue.push_back(seg.uri.clone());
                self.next = seq.saturating_add(1);
                self.grew = Instant::now();
            }
        }
        self.ended = m.end_list;
    }

    /// Reads the playlist again (no sooner than half a target duration after the last time).
    fn refresh(&mut self) -> Result<(), StreamError> {
        let due = self.refreshed + self.target / 2;
        self.stop
            .sleep(due.saturating_duration_since(Instant::now()));
        if self.stop.stopped() {
            return Err(StreamError::Other(Phrase::Said("stream-why-check-stopped")));
        }
        self.refreshed = Instant::now();
        let resp = self
            .agent
            .get(self.playlist.as_str())
            .call()
            .map_err(|e| error_of(self.playlist.as_str(), e))?;
        let body = read_capped(resp, MAX_PLAYLIST, "stream-why-playlist-big")?;
        // A finished playlist is read a window at a time from where playing has reached; a
        // live one at its edge.
        let w = window(&body, self.finished.then_some(self.next));
        match m3u8_rs::parse_playlist_res(&w.text) {
            Ok(m3u8_rs::Playlist::MediaPlaylist(m)) => {
                self.queue_new(&m);
                self.ended = m.end_list && !w.more;
            }
            _ => return Err(playlist_error("not a media playlist any more")),
        }
        if self.queue.is_empty() && self.grew.elapsed() > self.target * 3 {
            return Err(StreamError::Stalled);
        }
        Ok(())
    }

    /// Makes `current` hold the next segment's sound: fetches it, takes its audio out.
    fn fill(&mut self) -> Result<bool, StreamError> {
        loop {
            if let Some(uri) = self.queue.pop_front() {
                let url = self
                    .playlist
                    .join(&uri)
                    .map_err(|e| playlist_error(&e.to_string()))?;
                let resp = self
                    .agent
                    .get(url.as_str())
                    .call()
                    .map_err(|e| error_of(url.as_str(), e))?;
                let bytes = read_capped(resp, MAX_SEGMENT, "stream-why-segment-big")?;
                let sound = self.sound_of(bytes)?;
                self.current = Cursor::new(sound);
                return Ok(true);
            }
            if self.ended {
                return Ok(false);
            }
            self.refresh()?;
        }
    }

    /// The sound of a segment: the audio of an MPEG-TS segment, or packed audio without its ID3
    /// tag.
    fn sound_of(&mut self, bytes: Vec<u8>) -> Result<Vec<u8>, StreamError> {
        if bytes.first() == Some(&0x47)
            && bytes.len() >= 188
            && bytes.get(188).is_none_or(|b| *b == 0x47)
        {
            return self.demux(bytes);
        }
        Ok(strip_id3(bytes))
    }

    fn demux(&mut self, bytes: Vec<u8>) -> Result<Vec<u8>, StreamError> {
        let mut pes = PesPacketReader::new(TsPacketReader::new(Cursor::new(bytes)));
        let mut out = Vec::new();
        loop {
            match pes.read_pes_packet() {
                Ok(Some(p)) => {
                    let id = p.header.stream_id;
                    if !id.is_audio() {
                        continue;
                    }
                    let want = *self.stream_id.get_or_insert(id.as_u8());
                    if id.as_u8() == want {
                        out.extend_from_slice(&p.data);
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    // What was read up to a damaged packet still plays.
                    if out.is_empty() {
                        return Err(StreamError::Format(Phrase::With(
                            "stream-why-ts-damaged",
                            e.to_string(),
                        )));
                    }
                    break;
                }
            }
        }
        if out.is_empty() {
            return Err(StreamError::Format(Phrase::Said("stream-why-ts-silent")));
        }
        Ok(out)
    }
}

/// Packed audio starts with an ID3 tag (its timestamp): drop it, the decoder wants sound.
fn strip_id3(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.len() >= 10 && &bytes[..3] == b"ID3" {
        let size = bytes[6..10]
            .iter()
            .fold(0usize, |n, b| (n << 7) | usize::from(b & 0x7f));
        let footer = if bytes[5] & 0x10 != 0 { 10 } else { 0 };
        let end = (10 + size + footer).min(bytes.len());
        bytes.drain(..end);
    }
    bytes
}

impl Read for Segments {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.current.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            match self.fill() {
                Ok(true) => {}
                Ok(false) => return Ok(0),
                Err(e) => return Err(io::Error::other(e)),
            }
        }
    }
}

/// Plays an HLS stream whose playlist `resp` answered.
pub(super) fn play(
    agent: &ureq::Agent,
    url: &str,
    resp: ureq::http::Response<ureq::Body>,
    buf: &LiveBuffer,
    stop: &StopFlag,
    sounded: &mut Sounded,
    on_sound: &dyn Fn(&crate::i18n::Said, bool),
) -> Result<(), StreamError> {
    let segments = Segments::open(agent, url, resp, stop)?;
    let target = segments.target;
    // Sound comes a segment at a time: the buffer holds more, and waits longer for sound.
    buf.shape(
        (target.as_secs_f64() / 2.0 + 1.5).clamp(1.0, 10.0),
        (target.as_secs_f64() * 2.0 + 4.0).max(crate::audio::live::MAX_SECONDS),
    );
    let stall = target * 3 + super::STALL;
    let first = segments.current.get_ref();
    let hint = if first.first() == Some(&0xFF) && first.get(1).is_some_and(|b| b & 0xF6 == 0xF0) {
        Some("aac")
    } else {
        Some("mp3")
    };
    super::decode::decode(segments, hint, buf, stop, sounded, on_sound, stall)
}

/// For the fuzz target (fuzz/, `stream`): `bytes` as a playlist (read, then its segments queued
/// twice, as a first read and a refresh do), and as a segment (demuxed or stripped of its tag).
#[doc(hidden)]
pub fn fuzz(bytes: &[u8]) {
    let Ok(playlist) = url::Url::parse("http://fuzz.invalid/live.m3u8") else {
        return;
    };
    let mut s = Segments {
        agent: super::agent(),
        playlist,
        stop: StopFlag::default(),
        next: 0,
        queue: VecDeque::new(),
        current: Cursor::new(Vec::new()),
        target: Duration::from_secs(1),
        refreshed: Instant::now(),
        grew: Instant::now(),
        ended: false,
        finished: false,
        stream_id: None,
    };
    if let Ok(m3u8_rs::Playlist::MediaPlaylist(m)) =
        m3u8_rs::parse_playlist_res(&window(bytes, None).text)
    {
        s.next = first_to_fetch(&m);
        s.queue_new(&m);
        s.queue_new(&m);
    }
    let _ = s.sound_of(bytes.to_vec());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id3_tag_in_front_of_packed_audio_is_dropped() {
        let mut seg = b"ID3\x04\x00\x00\x00\x00\x00\x05hello".to_vec();
        seg.extend_from_slice(&[0xFF, 0xF1, 0x50]);
        assert_eq!(strip_id3(seg), vec![0xFF, 0xF1, 0x50]);
        assert_eq!(strip_id3(vec![0xFF, 0xF1]), vec![0xFF, 0xF1]);
    }

    fn playlist(n: usize, first: u64, end: bool) -> String {
        let mut t = format!(
            "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:{first}\n#EXT-X-KEY:METHOD=NONE\n"
        );
        for i in 0..n {
            t += &format!("#EXTINF:2,\ns{i}.ts\n");
        }
        if end {
            t += "#EXT-X-ENDLIST\n";
        }
        t
    }

    fn media(text: &[u8]) -> m3u8_rs::MediaPlaylist {
        match m3u8_rs::parse_playlist_res(text) {
            Ok(m3u8_rs::Playlist::MediaPlaylist(m)) => m,
            _ => panic!("a media playlist"),
        }
    }

    #[test]
    fn a_huge_live_playlist_is_read_at_its_edge_only() {
        let text = playlist(45_000, 1000, false);
        let w = window(text.as_bytes(), None);
        let m = media(&w.text);
        assert_eq!(m.segments.len(), WINDOW);
        assert_eq!(m.media_sequence, 1000 + 45_000 - WINDOW as u64);
        assert_eq!(m.segments.last().unwrap().uri, "s44999.ts");
        assert!(!w.more && !w.finished && !m.end_list);
        // A short one is left as it is.
        let short = playlist(10, 7, false);
        assert_eq!(&*window(short.as_bytes(), None).text, short.as_bytes());
    }

    #[test]
    fn a_huge_finished_playlist_is_read_a_window_at_a_time_from_its_start() {
        let text = playlist(200, 0, true);
        let w = window(text.as_bytes(), None);
        let m = media(&w.text);
        assert_eq!(m.media_sequence, 0);
        assert_eq!(m.segments[0].uri, "s0.ts");
        assert_eq!(m.segments.len(), WINDOW);
        // Not ended at the window's end.
        assert!(w.more && w.finished && !m.end_list);
        let w = window(text.as_bytes(), Some(150));
        let m = media(&w.text);
        assert_eq!(m.media_sequence, 150);
        assert_eq!(m.segments.len(), 50);
        assert_eq!(m.segments[0].uri, "s150.ts");
        assert!(!w.more && m.end_list);
    }

    #[test]
    fn sequence_numbers_at_the_top_of_the_range_neither_wrap_nor_panic() {
        let text = format!(
            "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:{}\n#EXTINF:2,\na.ts\n#EXTINF:2,\nb.ts\n#EXTINF:2,\nc.ts\n#EXTINF:2,\nd.ts\n",
            u64::MAX - 1
        );
        let Ok(m3u8_rs::Playlist::MediaPlaylist(m)) = m3u8_rs::parse_playlist_res(text.as_bytes())
        else {
            panic!("a media playlist");
        };
        assert_eq!(first_to_fetch(&m), u64::MAX);
        // The whole path a server's playlist takes (first read and a refresh).
        fuzz(text.as_bytes());
    }
}
