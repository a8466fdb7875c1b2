//! `loa fleet serve --listen ADDRESS:PORT --key NAME.key [--db FILE]` (spec §14): the
//! province's console. One process: the broker followed continuously (every node's retained
//! status, its acks, its history rows — the collector of `loa fleet collect`, into `--db`),
//! the province's shell that owns what it learns, and the console on the station console's
//! code, with the accounts of `loa web user …` in the state directory.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::{broadcast, mpsc};

use super::{connection, read_secret, report};
use crate::cli::BrokerArgs;
use crate::province::state::Fleet;
use crate::province::store::Store;
use crate::t;

/// What `loa fleet serve` was asked.
pub struct Serve<'a> {
    pub listen: SocketAddr,
    pub key: Option<&'a Path>,
    pub db: Option<&'a Path>,
    pub state_dir: &'a Path,
}

pub fn serve(s: &Serve<'_>, broker: &BrokerArgs, config: &Path) -> i32 {
    report(serve_inner(s, broker, config))
}

fn serve_inner(s: &Serve<'_>, broker: &BrokerArgs, config: &Path) -> Result<String, String> {
    let key = read_secret(&super::key(s.key, config)?)?;
    let conn = connection(broker, config)?;
    std::fs::create_dir_all(s.state_dir)
        .map_err(|e| format!("{}: {}", s.state_dir.display(), crate::i18n::io_why(&e)))?;
    let db: PathBuf =
        s.db.map_or_else(|| s.state_dir.join("fleet.db"), Path::to_path_buf);
    let history = crate::history::History::open_file(&db).map_err(|e| e.to_string())?;
    let fleet = Fleet::open(Store::open(&db)?)?;
    // The collector's session for this file (taken over if `loa fleet collect` ran on it).
    let opts = super::collect::session(&conn, &db)?;
    let (timezone, _) = crate::clock::system_timezone();
    let web = crate::schedule::Web::at(s.listen);
    // One thread, as the station's daemon: the console answers ~50,000 requests a second on
    // it (BENCHMARKS.md "The station's console"), far beyond a province's operators.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        let (client, events) = rumqttc::v5::AsyncClient::new(opts, 256);
        let (asks, asked) = mpsc::channel(256);
        let (changes, _) = broadcast::channel(4096);
        let server = crate::web::fleet::start(
            &web,
            s.state_dir,
            crate::web::fleet::Links {
                asks,
                changes: changes.clone(),
                client: client.clone(),
                key: Arc::new(key),
                timezone,
                upload: super::province::upload(config)?,
                spool: s.state_dir.join("uploads"),
                max_upload: web.max_upload,
            },
        )?;
        let url = server.url();
        match &server.fingerprint {
            Some(f) => println!(
                "{}",
                t!(
                    "fleet-serving-tls",
                    url = url.as_str(),
                    fingerprint = f.as_str()
                )
            ),
            None => println!("{}", t!("fleet-serving", url = url.as_str())),
        }
        tracing::info!(url = %url, db = %db.display(), "the province's console serves");
        let shell = tokio::spawn(crate::province::shell::run(
            fleet, history, client, events, asked, changes,
        ));
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .map_err(|e| e.to_string())?;
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
            _ = shell => {}
        }
        drop(server);
        Ok::<_, String>(())
    })?;
    Ok(t!("fleet-serve-stopped"))
}
