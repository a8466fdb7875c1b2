//! A Linux network namespace with its own link to the host, for faults made real: the link cut
//! (`ip link set … down`) and packet loss with nftables (this kernel has no netem). Needs root,
//! as CI and these machines give (no skip).

use std::process::Command;

fn run(args: &[&str]) {
    let out = Command::new(args[0])
        .args(&args[1..])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (scripts/test.sh installs iproute2 and nftables)",
                args[0]
            )
        });
    assert!(
        out.status.success(),
        "{}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `loa-nsN` with a veth to the host: the host is 10.231.N.1, the namespace 10.231.N.2.
pub struct NetNs {
    pub name: String,
    host_if: String,
    pub host_ip: String,
    lossy: bool,
}

impl NetNs {
    /// `n` picks the subnet (0–7: the test CA's certificate names the host's end of each).
    pub fn new(n: u8) -> NetNs {
        let name = format!("loa-ns{n}-{}", std::process::id() % 10000);
        let host_if = format!("loah{n}-{}", std::process::id() % 10000);
        let ns_if = format!("loan{n}-{}", std::process::id() % 10000);
        let host_ip = format!("10.231.{n}.1");
        // Left over from a run that was killed.
        let _ = Command::new("ip").args(["netns", "del", &name]).output();
        let _ = Command::new("ip").args(["link", "del", &host_if]).output();
        run(&["ip", "netns", "add", &name]);
        run(&[
            "ip", "link", "add", &host_if, "type", "veth", "peer", "name", &ns_if,
        ]);
        run(&["ip", "link", "set", &ns_if, "netns", &name]);
        run(&[
            "ip",
            "addr",
            "add",
            &format!("{host_ip}/24"),
            "dev",
            &host_if,
        ]);
        run(&["ip", "link", "set", &host_if, "up"]);
        run(&[
            "ip",
            "-n",
            &name,
            "addr",
            "add",
            &format!("10.231.{n}.2/24"),
            "dev",
            &ns_if,
        ]);
        run(&["ip", "-n", &name, "link", "set", &ns_if, "up"]);
        run(&["ip", "-n", &name, "link", "set", "lo", "up"]);
        NetNs {
            name,
            host_if,
            host_ip,
            lossy: false,
        }
    }

    /// A command run inside the namespace.
    pub fn command(&self, program: &std::ffi::OsStr) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.name]).arg(program);
        c
    }

    /// Cuts the link (no packet passes; nothing tells either end).
    pub fn cut(&self) {
        run(&["ip", "link", "set", &self.host_if, "down"]);
    }

    pub fn restore(&self) {
        run(&["ip", "link", "set", &self.host_if, "up"]);
    }

    /// Drops `percent` % of packets each way at random (nftables `numgen random`).
    pub fn lose(&mut self, percent: u8) {
        let table = self.table();
        run(&["nft", "add", "table", "inet", &table]);
        for (chain, hook, dir) in [("in", "input", "iifname"), ("out", "output", "oifname")] {
            run(&[
                "nft",
                "add",
                "chain",
                "inet",
                &table,
                chain,
                &format!("{{ type filter hook {hook} priority 0; }}"),
            ]);
            run(&[
                "nft",
                "add",
                "rule",
                "inet",
                &table,
                chain,
                dir,
                &self.host_if,
                "numgen",
                "random",
                "mod",
                "100",
                "<",
                &percent.to_string(),
                "drop",
            ]);
        }
        self.lossy = true;
    }

    fn table(&self) -> String {
        format!("loa_{}", self.host_if.replace('-', "_"))
    }
}

impl Drop for NetNs {
    fn drop(&mut self) {
        if self.lossy {
            let _ = Command::new("nft")
                .args(["delete", "table", "inet", &self.table()])
                .output();
        }
        let _ = Command::new("ip")
            .args(["link", "del", &self.host_if])
            .output();
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .output();
    }
}
