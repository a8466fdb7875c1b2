//! A fresh machine for a walk-through that must run as a technician runs it, as root, without
//! touching this one: new mount, network and PID namespaces in which `/etc`, `/var` and `/root`
//! are overlays whose writes go to a tmpfs (the host's files are never written), `/run` is an
//! empty tmpfs, the network is a loopback of its own (fixed ports such as 8883 are free) and
//! `/etc/hosts` names the hosts the test gives as 127.0.0.1. Killing PID 1 of the namespace
//! ends everything started in it, and the tmpfs goes with it. Needs root (no skip), overlayfs,
//! `unshare` and `nsenter` (util-linux).

use std::io::{BufRead, Read};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub struct Machine {
    /// `unshare`, whose child is PID 1 of the namespace.
    unshare: Child,
    /// PID 1 of the namespace, as this machine numbers it.
    pid: i32,
    /// Where the tmpfs holding the overlays' writes is mounted (inside the namespace only).
    _scratch: tempfile::TempDir,
}

impl Machine {
    /// Starts the namespaces; `hosts` resolve to 127.0.0.1 inside.
    pub fn start(hosts: &[&str]) -> Machine {
        let scratch = tempfile::tempdir().unwrap();
        let s = scratch.path().display();
        let setup = format!(
            r#"set -e
mount -t tmpfs -o mode=700 loa-machine "{s}"
for d in etc var root; do
  mkdir -p "{s}/$d.up" "{s}/$d.work"
  mount -t overlay overlay -o "lowerdir=/$d,upperdir={s}/$d.up,workdir={s}/$d.work" "/$d"
done
mount -t tmpfs -o mode=755 loa-run /run
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n127.0.0.1 {hosts}\n' > /etc/hosts
ip link set lo up
echo ready
# PID 1 of the namespace: it reaps what the walk-through leaves behind.
while :; do sleep 1; done
"#,
            hosts = hosts.join(" ")
        );
        let mut unshare = Command::new("unshare")
            .args(["--mount", "--net", "--pid", "--fork", "--mount-proc"])
            .args(["--propagation", "private", "bash", "-c", &setup])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("unshare (util-linux; scripts/test.sh installs it)");
        let mut line = String::new();
        let mut out = std::io::BufReader::new(unshare.stdout.take().unwrap());
        let _ = out.read_line(&mut line);
        if line.trim() != "ready" {
            let mut err = String::new();
            let _ = unshare.stderr.take().unwrap().read_to_string(&mut err);
            let _ = unshare.kill();
            let _ = unshare.wait();
            panic!(
                "the namespaces could not be set up (root, overlayfs and util-linux are needed):\n{err}"
            );
        }
        let children = format!("/proc/{0}/task/{0}/children", unshare.id());
        let pid: i32 = std::fs::read_to_string(&children)
            .ok()
            .and_then(|c| c.split_whitespace().next().and_then(|p| p.parse().ok()))
            .unwrap_or_else(|| panic!("no PID 1 under unshare ({children})"));
        Machine {
            unshare,
            pid,
            _scratch: scratch,
        }
    }

    /// `program` run inside the namespaces, with an empty environment (the caller adds what it
    /// needs) and the namespace's root as its working folder.
    pub fn command(&self, program: &str) -> Command {
        let mut c = Command::new("nsenter");
        c.arg("-t")
            .arg(self.pid.to_string())
            .args(["--mount", "--net", "--pid", "--wd=/", "--"])
            .arg(program)
            .env_clear()
            .stdin(Stdio::null());
        c
    }

    /// A bash script run inside as root in `/root`, with `set -euo pipefail`, at most `limit`;
    /// `env` are its variables besides HOME, LANG, USER and TERM.
    pub fn bash(&self, script: &str, env: &[(&str, &str)], limit: Duration) -> Output {
        let mut c = self.command("timeout");
        c.args(["--kill-after=5", &format!("{}", limit.as_secs())])
            .args(["bash", "-euo", "pipefail", "-c"])
            .arg(format!("cd /root\n{script}"))
            .envs([
                ("HOME", "/root"),
                ("USER", "root"),
                ("LOGNAME", "root"),
                ("LANG", "C.UTF-8"),
                ("TERM", "dumb"),
            ])
            .envs(env.iter().copied());
        c.output().unwrap()
    }

    /// A file of the machine (empty when it cannot be read).
    pub fn read(&self, path: &str) -> String {
        let out = self.command("cat").arg(path).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Machine {
    fn drop(&mut self) {
        // PID 1 gone, the kernel ends every process of the namespace.
        unsafe { libc::kill(self.pid, libc::SIGKILL) };
        let end = Instant::now() + Duration::from_secs(10);
        while Instant::now() < end {
            if let Ok(Some(_)) = self.unshare.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.unshare.kill();
        let _ = self.unshare.wait();
    }
}
