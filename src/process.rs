//! Children run in process groups of their own (the amplifier's commands, the text-to-speech
//! engines): what ends one ends everything it started.

/// SIGKILL to a process group (`0`: none).
pub fn kill_group(pgid: i32) {
    if pgid > 0 {
        // SAFETY: kill(2) on a process group; no memory is involved.
        unsafe { libc::kill(-pgid, libc::SIGKILL) };
    }
}
