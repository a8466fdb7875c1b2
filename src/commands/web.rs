//! `loa web user add|passwd|remove|list` (spec §11): the console's accounts, in
//! `web-users.toml` in the state directory. The daemon sees a change at the next request.
//! A password is asked twice on the terminal without echo, or read from standard input (one
//! line) with `--password-stdin`, for scripts.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use crate::cli::{WebRole, WebUserCommand};
use crate::control::access::Role;
use crate::t;
use crate::web::accounts::{self, Accounts};

use super::{OK, USER_ERROR};

pub fn user(state_dir: &Path, action: &WebUserCommand) -> i32 {
    match run(state_dir, action) {
        Ok(()) => OK,
        Err(why) => {
            eprintln!("loa: {why}");
            USER_ERROR
        }
    }
}

fn role(r: WebRole) -> Role {
    match r {
        WebRole::Viewer => Role::Viewer,
        WebRole::Operator => Role::Operator,
        WebRole::Admin => Role::Admin,
    }
}

fn run(state_dir: &Path, action: &WebUserCommand) -> Result<(), String> {
    match action {
        WebUserCommand::Add {
            name,
            role: r,
            password_stdin,
        } => {
            accounts::check_name(name)?;
            if Accounts::read(state_dir)
                .map_err(|e| e.to_string())?
                .get(name)
                .is_some()
            {
                return Err(t!("web-user-exists", name = name.as_str()));
            }
            let password = password(*password_stdin)?;
            accounts::add(state_dir, name, role(*r), &password)?;
            tracing::info!(user = %name, role = role(*r).as_str(), "console account added");
            println!(
                "{}",
                t!(
                    "web-user-added",
                    name = name.as_str(),
                    role = crate::i18n::message(role_word(role(*r)), &[]),
                    path = accounts::path(state_dir).display().to_string()
                )
            );
        }
        WebUserCommand::Passwd {
            name,
            password_stdin,
        } => {
            let all = Accounts::read(state_dir).map_err(|e| e.to_string())?;
            if all.get(name).is_none() {
                return Err(accounts::no_such(name, &all));
            }
            let password = password(*password_stdin)?;
            accounts::set_password(state_dir, name, &password)?;
            println!("{}", t!("web-user-passwd", name = name.as_str()));
        }
        WebUserCommand::Remove { name } => {
            accounts::remove(state_dir, name)?;
            println!("{}", t!("web-user-removed", name = name.as_str()));
        }
        WebUserCommand::List { json } => {
            let all = Accounts::read(state_dir).map_err(|e| e.to_string())?;
            if *json {
                let list: Vec<_> = all
                    .users
                    .iter()
                    .map(|a| serde_json::json!({ "name": a.name, "role": a.role }))
                    .collect();
                println!("{}", serde_json::Value::Array(list));
            } else if all.users.is_empty() {
                println!("{}", t!("web-user-none"));
            } else {
                let mut out = std::io::stdout().lock();
                for a in &all.users {
                    let _ = writeln!(
                        out,
                        "{:<24} {}",
                        a.name,
                        crate::i18n::message(role_word(a.role), &[])
                    );
                }
            }
        }
    }
    Ok(())
}

pub fn role_word(r: Role) -> &'static str {
    match r {
        Role::Viewer => "web-role-viewer",
        Role::Operator => "web-role-operator",
        Role::Admin => "web-role-admin",
    }
}

/// The new password: one line of standard input, or asked twice on the terminal.
fn password(from_stdin: bool) -> Result<String, String> {
    let stdin = std::io::stdin();
    if from_stdin || !stdin.is_terminal() {
        if !from_stdin {
            return Err(t!("web-password-no-terminal"));
        }
        let mut line = String::new();
        stdin
            .lock()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let p = line.trim_end_matches(['\n', '\r']).to_string();
        accounts::check_password(&p)?;
        return Ok(p);
    }
    let first = ask(&t!("web-password-prompt"))?;
    accounts::check_password(&first)?;
    let second = ask(&t!("web-password-again"))?;
    if first != second {
        return Err(t!("web-password-differ"));
    }
    Ok(first)
}

/// One line from the terminal with echo off (restored after, whatever happens).
fn ask(prompt: &str) -> Result<String, String> {
    eprint!("{prompt} ");
    let _ = std::io::stderr().flush();
    let fd = libc::STDIN_FILENO;
    // SAFETY: termios is plain data; tcgetattr fills it or fails.
    let mut old: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: fd is stdin, `old` a valid termios.
    let have = unsafe { libc::tcgetattr(fd, &mut old) } == 0;
    if have {
        let mut quiet = old;
        quiet.c_lflag &= !libc::ECHO;
        quiet.c_lflag |= libc::ECHONL;
        // SAFETY: as above.
        unsafe { libc::tcsetattr(fd, libc::TCSANOW, &quiet) };
    }
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line);
    if have {
        // SAFETY: as above; puts back what was there.
        unsafe { libc::tcsetattr(fd, libc::TCSANOW, &old) };
    }
    read.map_err(|e| e.to_string())?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}
