//! Sessions and the login lockout (spec §11), in memory: a restart logs everyone out, which is
//! what a box that lost power should do anyway. Times are passed in, so this is tested without
//! a clock.
//!
//! - A session is a random 256-bit id (the `loa_session` cookie) with its own random CSRF token;
//!   it ends after `[web] session` without use, or at logout. At most [`MAX_SESSIONS`] live at
//!   once: past that the least recently used goes.
//! - [`FAILURES`] failed logins within [`WINDOW`] for one user name or from one address lock
//!   that name or address until the oldest of them is [`WINDOW`] old (429, `Retry-After`); a
//!   lock holds even against the right password. A login counts as a failure from the moment
//!   it is tried (taken back when its password was right), so fifty guesses sent at once meet
//!   the lock as fifty in turn do. At most [`MAX_TRACKED`] names and addresses
//!   are tracked (the oldest forgotten first), so a flood cannot grow the daemon.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::time::{Duration, Instant};

use base64::Engine;

pub const FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
pub const MAX_SESSIONS: usize = 1000;
pub const MAX_TRACKED: usize = 10_000;
pub const COOKIE: &str = "loa_session";

#[derive(Clone, Debug)]
pub struct Session {
    pub user: String,
    pub csrf: String,
    last_used: Instant,
}

#[derive(Default)]
pub struct Sessions {
    live: HashMap<String, Session>,
    by_user: HashMap<String, VecDeque<Instant>>,
    by_address: HashMap<IpAddr, VecDeque<Instant>>,
}

/// 256 random bits, URL-safe.
fn token() -> Option<String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).ok()?;
    Some(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b))
}

impl Sessions {
    /// A new session for `user`: its id and CSRF token. None only if the system has no randomness.
    pub fn open(&mut self, user: &str, now: Instant) -> Option<(String, Session)> {
        if self.live.len() >= MAX_SESSIONS
            && let Some(oldest) = self
                .live
                .iter()
                .min_by_key(|(_, s)| s.last_used)
                .map(|(id, _)| id.clone())
        {
            self.live.remove(&oldest);
        }
        let s = Session {
            user: user.to_string(),
            csrf: token()?,
            last_used: now,
        };
        let id = token()?;
        self.live.insert(id.clone(), s.clone());
        Some((id, s))
    }

    /// The session with this id, if it is live; its idle time starts again.
    pub fn touch(&mut self, id: &str, idle: Duration, now: Instant) -> Option<Session> {
        let s = self.live.get_mut(id)?;
        if now.saturating_duration_since(s.last_used) > idle {
            self.live.remove(id);
            return None;
        }
        s.last_used = now;
        Some(s.clone())
    }

    pub fn close(&mut self, id: &str) {
        self.live.remove(id);
    }

    /// Ends every session of `user` (its password changed, or the account went).
    pub fn close_user(&mut self, user: &str) {
        self.live.retain(|_, s| s.user != user);
    }

    /// How long until a login for `user` from `from` may be tried again; none if it may now.
    pub fn locked(&mut self, user: &str, from: IpAddr, now: Instant) -> Option<Duration> {
        let u = wait(self.by_user.get_mut(user), now);
        let a = wait(self.by_address.get_mut(&from), now);
        u.max(a)
    }

    /// A login about to be checked: refused with how long to wait if the name or the address
    /// is locked, otherwise counted as a failure at once, before the password is checked — so
    /// that guesses sent at once meet the lock as guesses sent in turn do (checked first and
    /// counted after, fifty guesses in flight were fifty checks). A right password then takes
    /// its count back ([`Sessions::succeeded`], [`Sessions::forgive`]).
    pub fn attempt(&mut self, user: &str, from: IpAddr, now: Instant) -> Result<(), Duration> {
        if let Some(wait) = self.locked(user, from, now) {
            return Err(wait);
        }
        self.failed(user, from, now);
        Ok(())
    }

    /// Takes back the address's count of an [`Sessions::attempt`] made at `at` that succeeded.
    pub fn forgive(&mut self, from: IpAddr, at: Instant) {
        if let Some(q) = self.by_address.get_mut(&from)
            && let Some(i) = q.iter().rposition(|t| *t == at)
        {
            q.remove(i);
        }
    }

    /// A failed login: counted against the name and the address.
    pub fn failed(&mut self, user: &str, from: IpAddr, now: Instant) {
        forget_oldest(&mut self.by_user);
        forget_oldest(&mut self.by_address);
        push(self.by_user.entry(user.to_string()).or_default(), now);
        push(self.by_address.entry(from).or_default(), now);
    }

    /// A good login clears the name's failures (not the address's: one right password does not
    /// clear a guesser's tries at other names).
    pub fn succeeded(&mut self, user: &str) {
        self.by_user.remove(user);
    }
}

fn push(q: &mut VecDeque<Instant>, now: Instant) {
    q.push_back(now);
    while q.len() > FAILURES {
        q.pop_front();
    }
}

fn wait(q: Option<&mut VecDeque<Instant>>, now: Instant) -> Option<Duration> {
    let q = q?;
    while q
        .front()
        .is_some_and(|t| now.saturating_duration_since(*t) >= WINDOW)
    {
        q.pop_front();
    }
    if q.len() < FAILURES {
        return None;
    }
    let oldest = *q.front()?;
    Some(WINDOW.saturating_sub(now.saturating_duration_since(oldest)))
}

fn forget_oldest<K: Clone + Eq + std::hash::Hash>(m: &mut HashMap<K, VecDeque<Instant>>) {
    if m.len() < MAX_TRACKED {
        return;
    }
    if let Some(k) = m
        .iter()
        .min_by_key(|(_, q)| q.back().copied())
        .map(|(k, _)| k.clone())
    {
        m.remove(&k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 168, 1, 20));
    const AWAY: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 9));

    #[test]
    fn a_session_ends_after_its_idle_time_and_at_logout() {
        let t0 = Instant::now();
        let idle = Duration::from_secs(600);
        let mut s = Sessions::default();
        let (id, first) = s.open("lan", t0).unwrap();
        assert_ne!(id, first.csrf);
        assert!(s.touch(&id, idle, t0 + Duration::from_secs(500)).is_some());
        // Used at 500 s: still live at 1000 s, gone at 1101 s.
        assert!(s.touch(&id, idle, t0 + Duration::from_secs(1000)).is_some());
        assert!(s.touch(&id, idle, t0 + Duration::from_secs(1601)).is_none());
        let (id, _) = s.open("lan", t0).unwrap();
        s.close(&id);
        assert!(s.touch(&id, idle, t0).is_none());
        assert!(s.touch("made-up", idle, t0).is_none());
    }

    #[test]
    fn five_failures_lock_the_name_and_the_address_for_fifteen_minutes() {
        let t0 = Instant::now();
        let mut s = Sessions::default();
        for i in 0..4 {
            s.failed("lan", HOME, t0 + Duration::from_secs(i));
            assert_eq!(s.locked("lan", HOME, t0 + Duration::from_secs(i)), None);
        }
        s.failed("lan", HOME, t0 + Duration::from_secs(60));
        let wait = s.locked("lan", HOME, t0 + Duration::from_secs(60)).unwrap();
        assert_eq!(wait, WINDOW - Duration::from_secs(60));
        // The name is locked from anywhere, the address for any name.
        assert!(
            s.locked("lan", AWAY, t0 + Duration::from_secs(61))
                .is_some()
        );
        assert!(s.locked("tu", HOME, t0 + Duration::from_secs(61)).is_some());
        assert!(s.locked("tu", AWAY, t0 + Duration::from_secs(61)).is_none());
        // Once the oldest failure is 15 minutes old, one more try is allowed.
        assert!(
            s.locked("lan", AWAY, t0 + WINDOW + Duration::from_secs(1))
                .is_none()
        );
    }

    #[test]
    fn an_attempt_counts_before_its_check_and_a_good_one_takes_it_back() {
        let t0 = Instant::now();
        let mut s = Sessions::default();
        // Five in flight at once: the sixth is refused before any of them is checked.
        for i in 0..5 {
            assert_eq!(
                s.attempt("lan", AWAY, t0 + Duration::from_millis(i)),
                Ok(())
            );
        }
        assert!(
            s.attempt("lan", HOME, t0 + Duration::from_millis(9))
                .is_err()
        );
        // A right password takes its own count back, from the name and from the address.
        let mut s = Sessions::default();
        for i in 0..4 {
            s.attempt(&format!("guess{i}"), HOME, t0).unwrap();
        }
        let at = t0 + Duration::from_secs(1);
        s.attempt("lan", HOME, at).unwrap();
        s.succeeded("lan");
        s.forgive(HOME, at);
        assert_eq!(s.locked("lan", HOME, at), None);
        assert_eq!(s.locked("tu", HOME, at), None);
    }

    #[test]
    fn a_good_login_clears_the_name_but_not_the_address() {
        let t0 = Instant::now();
        let mut s = Sessions::default();
        for i in 0..5 {
            s.failed(&format!("guess{i}"), AWAY, t0);
        }
        s.succeeded("guess4");
        assert!(s.locked("lan", AWAY, t0).is_some());
    }
}
