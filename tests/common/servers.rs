//! Real stream servers for the relay tests, started by the tests and stopped when dropped:
//! Debian's `icecast2` on loopback with a configuration of its own (a free port, a temporary
//! folder), fed by `ffmpeg -re` with a tone of a known frequency.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A free TCP port on loopback (bound and released: the server takes it next).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn wait_for(what: &str, limit: Duration, mut ok: impl FnMut() -> bool) {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what}");
}

fn is_root() -> bool {
    unsafe { libc::geteuid() == 0 }
}

/// An icecast2 server on 127.0.0.1.
pub struct Icecast {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

pub const SOURCE_PASSWORD: &str = "loa-test";

impl Icecast {
    pub fn start() -> Icecast {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let log = dir.path().join("log");
        std::fs::create_dir(&log).unwrap();
        // icecast2 refuses to run as root unless it can change to another user.
        let owner = if is_root() {
            use std::os::unix::fs::PermissionsExt;
            for p in [dir.path(), log.as_path()] {
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o777)).unwrap();
            }
            "<changeowner><user>nobody</user><group>nogroup</group></changeowner>"
        } else {
            ""
        };
        let config = format!(
            r#"<icecast>
  <location>loa test</location>
  <admin>loa@example.invalid</admin>
  <limits>
    <clients>20</clients><sources>8</sources><queue-size>524288</queue-size>
    <client-timeout>30</client-timeout><header-timeout>15</header-timeout>
    <source-timeout>5</source-timeout>
    <burst-on-connect>1</burst-on-connect><burst-size>32768</burst-size>
  </limits>
  <authentication>
    <source-password>{SOURCE_PASSWORD}</source-password>
    <relay-password>{SOURCE_PASSWORD}</relay-password>
    <admin-user>admin</admin-user><admin-password>{SOURCE_PASSWORD}</admin-password>
  </authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>{port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>1</fileserve>
  <paths>
    <basedir>{dir}</basedir><logdir>{log}</logdir>
    <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot>
  </paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>2</loglevel></logging>
  <security><chroot>0</chroot>{owner}</security>
</icecast>
"#,
            dir = dir.path().display(),
            log = log.display(),
        );
        let xml = dir.path().join("icecast.xml");
        std::fs::write(&xml, config).unwrap();
        let child = Command::new("icecast2")
            .arg("-c")
            .arg(&xml)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("icecast2 (scripts/test.sh installs it)");
        let server = Icecast { child, port, dir };
        wait_for("icecast2 to listen", Duration::from_secs(10), || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        server
    }

    pub fn url(&self, mount: &str) -> String {
        format!("http://127.0.0.1:{}/{mount}", self.port)
    }

    /// Whether a source is on `mount` (the mount answers 200).
    pub fn mounted(&self, mount: &str) -> bool {
        use std::io::{Read, Write};
        let Ok(mut s) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
        let req = format!("GET /{mount} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
        if s.write_all(req.as_bytes()).is_err() {
            return false;
        }
        let mut head = [0u8; 16];
        let n = s.read(&mut head).unwrap_or(0);
        String::from_utf8_lossy(&head[..n]).contains(" 200")
    }

    pub fn log_dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Icecast {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The codecs a source may send.
#[derive(Clone, Copy, Debug)]
pub enum Codec {
    Mp3,
    /// AAC in ADTS.
    Aac,
    OggVorbis,
}

/// `ffmpeg -re` sending a tone to a mount, until stopped.
pub struct Source {
    child: Option<Child>,
    mount: String,
    codec: Codec,
    freq: u32,
    port: u16,
}

impl Source {
    /// Starts sending a `freq` Hz tone (44.1 kHz stereo, amplitude 0.5) to `mount`; waits until it
    /// is on air.
    pub fn start(ice: &Icecast, mount: &str, codec: Codec, freq: u32) -> Source {
        let mut s = Source {
            child: None,
            mount: mount.to_string(),
            codec,
            freq,
            port: ice.port,
        };
        s.restart(ice);
        s
    }

    /// Starts it again after a [`Source::kill`].
    pub fn restart(&mut self, ice: &Icecast) {
        let (codec, format, content_type): (&[&str], &str, &str) = match self.codec {
            Codec::Mp3 => (&["-c:a", "libmp3lame", "-b:a", "128k"], "mp3", "audio/mpeg"),
            Codec::Aac => (&["-c:a", "aac", "-b:a", "96k"], "adts", "audio/aac"),
            Codec::OggVorbis => (
                &["-c:a", "libvorbis", "-q:a", "3"],
                "ogg",
                "application/ogg",
            ),
        };
        let child = Command::new("ffmpeg")
            .args([
                "-hide_banner",
                "-loglevel",
                "error",
                "-re",
                "-f",
                "lavfi",
                "-i",
            ])
            .arg(format!(
                "aevalsrc=0.5*sin(2*PI*{f}*t)|0.5*sin(2*PI*{f}*t):s=44100",
                f = self.freq
            ))
            .args(codec)
            .args(["-content_type", content_type, "-f", format])
            .arg(format!(
                "icecast://source:{SOURCE_PASSWORD}@127.0.0.1:{}/{}",
                self.port, self.mount
            ))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ffmpeg");
        self.child = Some(child);
        wait_for("the source on its mount", Duration::from_secs(10), || {
            ice.mounted(&self.mount)
        });
    }

    /// Kills the sender: the mount goes away, listeners are cut off.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Source {
    fn drop(&mut self) {
        self.kill();
    }
}

/// How a [`Faulty`] server misbehaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// A web page where the stream should be.
    WebPage,
    /// "audio/mpeg", then bytes that are no sound at all.
    Garbage,
    /// Takes the request and never answers.
    Silent,
    /// Answers "audio/mpeg", then sends a byte now and then.
    Trickle,
    /// 404 Not Found.
    NotFound,
}

/// A server that misbehaves in one way, on a port of its own (fault injection: the good stream
/// always comes from the real icecast2).
pub struct Faulty {
    pub port: u16,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Faulty {
    pub fn start(fault: Fault) -> Faulty {
        use std::io::{Read, Write};
        use std::sync::atomic::Ordering;
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                let Ok((mut s, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                };
                let flag = flag.clone();
                std::thread::spawn(move || {
                    let _ = s.set_nonblocking(false);
                    let mut req = [0u8; 2048];
                    let _ = s.read(&mut req);
                    let head = |ct: &str| {
                        format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\nConnection: close\r\n\r\n"
                        )
                    };
                    match fault {
                        Fault::WebPage => {
                            let body =
                                "<!doctype html><html><body>Trang đang bảo trì</body></html>";
                            let _ = s.write_all(head("text/html; charset=utf-8").as_bytes());
                            let _ = s.write_all(body.as_bytes());
                        }
                        Fault::NotFound => {
                            let _ = s.write_all(
                                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                            );
                        }
                        Fault::Garbage => {
                            let _ = s.write_all(head("audio/mpeg").as_bytes());
                            // A fixed pseudo-random pattern, 256 KiB, then the end.
                            let mut x: u32 = 12345;
                            let junk: Vec<u8> = (0..262_144)
                                .map(|_| {
                                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                                    // No 0xFF: nothing that looks like an MP3 frame's sync.
                                    ((x >> 16) as u8) & 0x7f
                                })
                                .collect();
                            let _ = s.write_all(&junk);
                        }
                        Fault::Silent | Fault::Trickle => {
                            if fault == Fault::Trickle {
                                let _ = s.write_all(head("audio/mpeg").as_bytes());
                            }
                            while !flag.load(Ordering::Relaxed) {
                                std::thread::sleep(Duration::from_millis(500));
                                if fault == Fault::Trickle && s.write_all(&[0x55]).is_err() {
                                    break;
                                }
                            }
                        }
                    }
                });
            }
        });
        Faulty { port, stop }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }
}

impl Drop for Faulty {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A certificate authority made for one test, and a server certificate it signed for
/// 127.0.0.1 (with `openssl`): `ca.pem`, `server.pem`, `server.key` in `dir`.
pub fn test_ca(dir: &Path) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .current_dir(dir)
            .args(args)
            .output()
            .expect("openssl (scripts/test.sh installs it)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=loa test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    std::fs::write(
        dir.join("ext.cnf"),
        // 127.0.0.1, and the host's end of each test network namespace (common::netns).
        format!(
            "subjectAltName=IP:127.0.0.1{}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
            (0..8).map(|n| format!(",IP:10.231.{n}.1")).collect::<String>()
        ),
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ]);
}

/// nginx serving a folder on 127.0.0.1 (HLS playlists and segments as ffmpeg writes them); with
/// [`Nginx::start_tls`], over HTTPS too.
pub struct Nginx {
    child: Child,
    pub port: u16,
    /// The HTTPS port, when started with a certificate.
    pub tls_port: Option<u16>,
    pub root: tempfile::TempDir,
    _conf: tempfile::TempDir,
}

impl Nginx {
    pub fn start() -> Nginx {
        Nginx::start_with(None)
    }

    /// Serves over HTTPS too, with the `server.pem` and `server.key` of `certs` ([`test_ca`]).
    pub fn start_tls(certs: &Path) -> Nginx {
        Nginx::start_with(Some(certs))
    }

    fn start_with(certs: Option<&Path>) -> Nginx {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let conf = tempfile::tempdir().unwrap();
        // Its workers run as another user when started as root: the folder must be readable.
        std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        // …and its workers write what is PUT (through the body's temporary folder).
        for dir in [root.path().join("upload"), conf.path().join("body")] {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        }
        std::fs::set_permissions(conf.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let port = free_port();
        let tls_port = certs.map(|_| free_port());
        let tls = match (certs, tls_port) {
            (Some(dir), Some(p)) => format!(
                "listen 127.0.0.1:{p} ssl; ssl_certificate {}; ssl_certificate_key {};",
                dir.join("server.pem").display(),
                dir.join("server.key").display()
            ),
            _ => String::new(),
        };
        let c = conf.path().display();
        let text = format!(
            r#"daemon off;
worker_processes 1;
error_log {c}/error.log;
pid {c}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    types {{
        application/vnd.apple.mpegurl m3u8;
        video/mp2t ts;
        audio/aac aac;
        audio/mpeg mp3;
    }}
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {c}/body;
    proxy_temp_path {c}/proxy;
    fastcgi_temp_path {c}/fastcgi;
    uwsgi_temp_path {c}/uwsgi;
    scgi_temp_path {c}/scgi;
    server {{
        listen 127.0.0.1:{port};
        {tls}
        root {root};
        location / {{ add_header Cache-Control no-cache; }}
        # Where a recording is stored with a PUT (`loa fleet send --upload`, the province's
        # console), as the docs' nginx does it.
        location /upload/ {{
            dav_methods PUT;
            create_full_put_path on;
            client_max_body_size 200m;
        }}
    }}
}}
"#,
            root = root.path().display()
        );
        let file = conf.path().join("nginx.conf");
        std::fs::write(&file, text).unwrap();
        let child = Command::new("nginx")
            .arg("-c")
            .arg(&file)
            .arg("-p")
            .arg(conf.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx (scripts/test.sh installs it)");
        let server = Nginx {
            child,
            port,
            tls_port,
            root,
            _conf: conf,
        };
        wait_for("nginx to listen", Duration::from_secs(10), || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    pub fn https_url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}/{path}", self.tls_port.unwrap_or(0))
    }

    /// A folder under the root, made readable.
    pub fn folder(&self, name: &str) -> std::path::PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let p = self.root.path().join(name);
        std::fs::create_dir_all(&p).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        p
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How an HLS sender packs its segments.
#[derive(Clone, Copy, Debug)]
pub enum Packing {
    /// AAC in MPEG-TS segments (ffmpeg's `hls` muxer).
    TsAac,
    /// MP3 in MPEG-TS segments.
    TsMp3,
    /// Packed audio: raw ADTS segments (ffmpeg's `segment` muxer with an M3U8 list).
    PackedAac,
}

/// `ffmpeg -re` writing a live HLS stream of a tone into a folder, until dropped.
pub struct HlsSource {
    child: Child,
}

impl HlsSource {
    /// Starts writing `live.m3u8` and 1 s segments into `dir`; waits until the playlist lists
    /// three segments.
    pub fn start(dir: &Path, packing: Packing, freq: u32) -> HlsSource {
        let mut cmd = Command::new("ffmpeg");
        cmd.current_dir(dir)
            .args([
                "-hide_banner",
                "-loglevel",
                "error",
                "-re",
                "-f",
                "lavfi",
                "-i",
            ])
            .arg(format!(
                "aevalsrc=0.5*sin(2*PI*{freq}*t)|0.5*sin(2*PI*{freq}*t):s=44100"
            ));
        match packing {
            Packing::TsAac | Packing::TsMp3 => {
                let codec: &[&str] = match packing {
                    Packing::TsMp3 => &["-c:a", "libmp3lame", "-b:a", "128k"],
                    _ => &["-c:a", "aac", "-b:a", "96k"],
                };
                cmd.args(codec).args([
                    "-f",
                    "hls",
                    "-hls_time",
                    "1",
                    "-hls_list_size",
                    "5",
                    "-hls_flags",
                    "delete_segments",
                    "live.m3u8",
                ]);
            }
            Packing::PackedAac => {
                cmd.args([
                    "-c:a",
                    "aac",
                    "-b:a",
                    "96k",
                    "-f",
                    "segment",
                    "-segment_format",
                    "adts",
                    "-segment_time",
                    "1",
                    "-segment_list",
                    "live.m3u8",
                    "-segment_list_type",
                    "m3u8",
                    "-segment_list_size",
                    "5",
                    "-segment_list_flags",
                    "+live",
                    "-segment_wrap",
                    "12",
                    "seg%03d.aac",
                ]);
            }
        }
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ffmpeg");
        let list = dir.join("live.m3u8");
        wait_for(
            "three segments in the playlist",
            Duration::from_secs(15),
            || {
                std::fs::read_to_string(&list)
                    .map(|t| t.matches("#EXTINF").count() >= 3)
                    .unwrap_or(false)
            },
        );
        HlsSource { child }
    }
}

impl Drop for HlsSource {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Debian's mosquitto on 127.0.0.1 over TLS only (a [`test_ca`] of its own), with a password
/// file and the ACL docs/fleet.md gives a province: each node publishes only its own status,
/// history and ack and reads only its own bulletin prefixes and schedule; only the province
/// publishes bulletins and schedules.
pub struct Mosquitto {
    child: Option<Child>,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

/// The province's account on the test broker.
pub const PROVINCE: (&str, &str) = ("tinh", "tinh-secret");
/// Tests only: an account that writes any node's status, to stand for many clusters from one
/// connection (`common::fleet::statuses`).
pub const SIM: (&str, &str) = ("sim", "sim-secret");

impl Mosquitto {
    /// Nodes by their place; each gets the user name = its place and password "pw-" + place.
    pub fn start(nodes: &[&str]) -> Mosquitto {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        test_ca(d);
        let passwd = d.join("passwd");
        let mut users = vec![
            (PROVINCE.0.to_string(), PROVINCE.1.to_string()),
            (SIM.0.to_string(), SIM.1.to_string()),
        ];
        users.extend(nodes.iter().map(|n| (n.to_string(), format!("pw-{n}"))));
        for (i, (user, pw)) in users.iter().enumerate() {
            let mut cmd = Command::new("mosquitto_passwd");
            if i == 0 {
                cmd.arg("-c");
            }
            let out = cmd
                .args(["-b"])
                .arg(&passwd)
                .args([user, pw])
                .output()
                .expect("mosquitto_passwd (scripts/test.sh installs mosquitto)");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::fs::write(d.join("acl"), acl(nodes)).unwrap();
        std::fs::write(d.join("sim.pw"), format!("{}\n", SIM.1)).unwrap();
        for n in nodes {
            std::fs::write(
                d.join(format!("{}.pw", n.replace('/', "_"))),
                format!("pw-{n}\n"),
            )
            .unwrap();
        }
        let mut m = Mosquitto {
            child: None,
            port: free_port(),
            dir,
        };
        // mosquitto run as root changes to user mosquitto unless told to stay: its files must
        // be readable either way.
        for f in std::fs::read_dir(m.dir.path()).unwrap() {
            let p = f.unwrap().path();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        m.start_again();
        m
    }

    /// Starts the broker (again, on the same port and files, after [`Mosquitto::stop`]).
    pub fn start_again(&mut self) {
        let d = self.dir.path();
        let user = if is_root() { "user root\n" } else { "" };
        let conf = format!(
            "{user}per_listener_settings false\nallow_anonymous false\npassword_file {p}\nacl_file {a}\n\
             persistence true\npersistence_location {d}/\nlog_dest stderr\nlog_type error\nlog_type warning\n\
             listener {port}\ncafile {d}/ca.pem\ncertfile {d}/server.pem\nkeyfile {d}/server.key\n",
            p = d.join("passwd").display(),
            a = d.join("acl").display(),
            d = d.display(),
            port = self.port,
        );
        std::fs::write(d.join("mosquitto.conf"), conf).unwrap();
        let log = std::fs::File::create(d.join("mosquitto.log")).unwrap();
        let child = Command::new("mosquitto")
            .arg("-c")
            .arg(d.join("mosquitto.conf"))
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("mosquitto (scripts/test.sh installs it)");
        self.child = Some(child);
        let port = self.port;
        wait_for("mosquitto to listen", Duration::from_secs(10), || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
    }

    /// Stops the broker as a service stop does (SIGTERM: it saves its sessions and queued
    /// messages first).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            unsafe { libc::kill(c.id() as i32, libc::SIGTERM) };
            let _ = c.wait();
        }
    }

    pub fn url(&self) -> String {
        format!("mqtts://127.0.0.1:{}", self.port)
    }

    /// The broker as a node in a network namespace reaches it (the host's end of its link).
    pub fn url_at(&self, host: &str) -> String {
        format!("mqtts://{host}:{}", self.port)
    }

    pub fn ca(&self) -> std::path::PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// The file holding a node's password.
    pub fn password_file(&self, node: &str) -> std::path::PathBuf {
        self.dir
            .path()
            .join(format!("{}.pw", node.replace('/', "_")))
    }

    /// The `[fleet]` table of a node.
    pub fn fleet_toml(&self, node: &str, trusted: &str, extra: &str) -> String {
        self.fleet_toml_via(&self.url(), node, trusted, extra)
    }

    /// The same, reaching the broker at `url` (from a network namespace).
    pub fn fleet_toml_via(&self, url: &str, node: &str, trusted: &str, extra: &str) -> String {
        format!(
            "[fleet]\nbroker = \"{}\"\nnode = \"{node}\"\nusername = \"{node}\"\npassword_file = \"{}\"\nca_file = \"{}\"\ntrusted_keys = [\"{trusted}\"]\n{extra}",
            url,
            self.password_file(node).display(),
            self.ca().display()
        )
    }

    /// Runs `mosquitto_sub` as the province for `topic`, until `count` messages or `secs`;
    /// returns once the broker has acknowledged the subscription (nothing sent after this
    /// returns can be missed).
    pub fn subscribe(&self, topic: &str, count: usize, secs: u64) -> Subscription {
        use std::io::BufRead;
        // Line-buffered: its debug lines ("received SUBACK") would otherwise wait in a pipe's
        // buffer until it exits.
        let mut child = Command::new("stdbuf")
            .args(["-oL", "mosquitto_sub"])
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "--cafile"])
            .arg(self.ca())
            .args(["-u", PROVINCE.0, "-P", PROVINCE.1, "-t", topic, "-v", "-d"])
            .args(["-C", &count.to_string(), "-W", &secs.to_string()])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut early = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap() == 0 {
                panic!("mosquitto_sub ended before it subscribed to {topic}");
            }
            if line.contains("SUBACK") {
                break;
            }
            early.push(line.clone());
        }
        Subscription {
            child,
            reader,
            early,
        }
    }
}

/// A running `mosquitto_sub` ([`Mosquitto::subscribe`]).
pub struct Subscription {
    child: Child,
    reader: std::io::BufReader<std::process::ChildStdout>,
    early: Vec<String>,
}

impl Subscription {
    /// The messages it printed until it ended, as (topic, payload).
    pub fn lines(mut self) -> Vec<(String, String)> {
        use std::io::Read;
        let mut rest = String::new();
        let _ = self.reader.read_to_string(&mut rest);
        let _ = self.child.wait();
        self.early
            .iter()
            .map(String::as_str)
            .chain(rest.lines())
            .filter(|l| l.starts_with("loa/"))
            .filter_map(|l| l.trim_end().split_once(' '))
            .map(|(t, p)| (t.to_string(), p.to_string()))
            .collect()
    }
}

impl Drop for Mosquitto {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The ACL docs/fleet.md gives (the same text, made for these nodes).
pub fn acl(nodes: &[&str]) -> String {
    let mut a = format!(
        "user {}\ntopic write loa/v1/bulletin/#\ntopic write loa/v1/schedule/#\ntopic read loa/v1/status/#\ntopic read loa/v1/history/#\ntopic read loa/v1/ack/#\n",
        PROVINCE.0
    );
    a += &format!("\nuser {}\ntopic write loa/v1/status/#\n", SIM.0);
    for n in nodes {
        a += &format!("\nuser {n}\n");
        for kind in ["status", "history", "ack"] {
            a += &format!("topic write loa/v1/{kind}/{n}\n");
        }
        a += &format!("topic read loa/v1/schedule/{n}\n");
        let parts: Vec<&str> = n.split('/').collect();
        for i in 1..=parts.len() {
            a += &format!("topic read loa/v1/bulletin/{}\n", parts[..i].join("/"));
        }
    }
    a
}
