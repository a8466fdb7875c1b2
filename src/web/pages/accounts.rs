//! The accounts page (admin): every account and its role; add one, set a password, remove one —
//! the same functions `loa web user` calls, writing `web-users.toml` atomically. A change counts
//! at the next request of whoever it concerns.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use maud::html;

use super::{Page, back, refused};
use crate::control::access::{Action, Role};
use crate::i18n::with_lang;
use crate::t;
use crate::web::Console;
use crate::web::accounts::{self, Accounts};

pub(in crate::web) async fn page<S: Console>(
    State(app): State<Arc<S>>,
    Page(caller): Page,
    headers: HeaderMap,
) -> Response {
    if let Err(e) = caller.may(Action::Accounts) {
        return back("/", false, e.message().to_string());
    }
    let all = Accounts::read(app.core().state_dir()).unwrap_or_default();
    let body = with_lang(caller.lang, || {
        let role_word = |r: Role| crate::i18n::message(crate::commands::web::role_word(r), &[]);
        html! {
            div.scroll tabindex="0" role="region" aria-label=(t!("page-accounts")) { table {
                thead { tr { th scope="col" { (t!("page-login-user")) } th scope="col" { (t!("page-accounts-role")) } th scope="col" { (t!("page-accounts-actions")) } } }
                tbody { @for a in &all.users {
                    tr {
                        td { (a.name) }
                        td { (role_word(a.role)) }
                        td {
                            @if a.name != caller.name {
                                form method="post" action="/accounts/remove" {
                                    input type="hidden" name="csrf" value=(caller.csrf);
                                    input type="hidden" name="name" value=(a.name);
                                    button type="submit" { (t!("page-accounts-remove")) }
                                }
                            }
                        }
                    }
                } }
            } }
            h2 { (t!("page-accounts-add")) }
            form method="post" action="/accounts/add" {
                input type="hidden" name="csrf" value=(caller.csrf);
                label for="name" { (t!("page-login-user")) }
                input #name name="name" required pattern="[a-z0-9][a-z0-9._-]*" autocapitalize="none";
                label for="role" { (t!("page-accounts-role")) }
                select #role name="role" {
                    @for r in Role::ALL { option value=(r.as_str()) selected[r == Role::Operator] { (role_word(r)) } }
                }
                label for="password" { (t!("page-accounts-password")) }
                input #password name="password" type="password" minlength="10" autocomplete="new-password" required;
                p { button.primary type="submit" { (t!("page-accounts-add")) } }
            }
            h2 { (t!("page-accounts-passwd")) }
            form method="post" action="/accounts/passwd" {
                input type="hidden" name="csrf" value=(caller.csrf);
                label for="who" { (t!("page-login-user")) }
                select #who name="name" { @for a in &all.users { option value=(a.name) { (a.name) } } }
                label for="new-password" { (t!("page-accounts-password")) }
                input #new-password name="password" type="password" minlength="10" autocomplete="new-password" required;
                p { button type="submit" { (t!("page-accounts-passwd")) } }
            }
        }
    });
    let title = with_lang(caller.lang, || t!("page-accounts"));
    app.page(&caller, &headers, &title, "/accounts", body)
}

fn fields(bytes: &Bytes) -> impl Fn(&str) -> String + Send + use<> {
    let p: Vec<(String, String)> = url::form_urlencoded::parse(bytes).into_owned().collect();
    move |k| {
        p.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// Runs an account change off the loop; back to the page with what happened.
async fn change<S: Console>(
    app: &S,
    caller: &crate::web::login::Caller,
    bytes: &Bytes,
    what: &'static str,
    f: impl FnOnce(&std::path::Path, &dyn Fn(&str) -> String) -> Result<String, String> + Send + 'static,
) -> Response {
    let get = fields(bytes);
    if let Some(r) = refused(caller, Some(&get("csrf")), Action::Accounts) {
        return r;
    }
    let state_dir = app.core().state_dir().to_path_buf();
    let lang = caller.lang;
    let done = tokio::task::spawn_blocking(move || with_lang(lang, || f(&state_dir, &get))).await;
    match done {
        Ok(Ok(said)) => {
            tracing::info!(user = %caller.name, "console account change: {what}");
            back("/accounts", true, said)
        }
        Ok(Err(why)) => back("/accounts", false, why),
        Err(e) => back("/accounts", false, e.to_string()),
    }
}

pub(in crate::web) async fn add<S: Console>(
    State(app): State<Arc<S>>,
    Page(caller): Page,
    bytes: Bytes,
) -> Response {
    change(&*app, &caller, &bytes, "add", |dir, get| {
        let name = get("name").trim().to_string();
        let role = Role::parse(&get("role")).unwrap_or(Role::Viewer);
        accounts::add(dir, &name, role, &get("password"))?;
        Ok(t!(
            "web-user-added",
            name = name.as_str(),
            role = role.as_str(),
            path = accounts::path(dir).display().to_string()
        ))
    })
    .await
}

pub(in crate::web) async fn passwd<S: Console>(
    State(app): State<Arc<S>>,
    Page(caller): Page,
    bytes: Bytes,
) -> Response {
    change(&*app, &caller, &bytes, "password", |dir, get| {
        let name = get("name");
        accounts::set_password(dir, &name, &get("password"))?;
        Ok(t!("web-user-passwd", name = name.as_str()))
    })
    .await
}

pub(in crate::web) async fn remove<S: Console>(
    State(app): State<Arc<S>>,
    Page(caller): Page,
    bytes: Bytes,
) -> Response {
    let me = caller.name.clone();
    change(&*app, &caller, &bytes, "remove", move |dir, get| {
        let name = get("name");
        if name == me {
            return Err(t!("page-accounts-not-yourself"));
        }
        accounts::remove(dir, &name)?;
        Ok(t!("web-user-removed", name = name.as_str()))
    })
    .await
}
