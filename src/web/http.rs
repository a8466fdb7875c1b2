//! What every answer of the console shares: the security headers, errors worded as the
//! socket words them, the reader's language, cookies, JSON bodies.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::i18n::{Lang, with_lang};
use crate::t;

pub(super) const LANG_COOKIE: &str = "loa_lang";

/// On every response: no script but the console's own files, no framing, no referrer abroad.
pub(super) async fn headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    let set = |h: &mut HeaderMap, k: header::HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; \
         form-action 'self'",
    );
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "same-origin");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    // A redirect or a bare refusal says what its (empty) body is too, so that nothing guesses
    // (ASVS 14.4.1); a protocol switch, "no content" and "not modified" carry no body at all.
    let status = r.status();
    let bodiless = status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED;
    let h = r.headers_mut();
    if !bodiless && !h.contains_key(header::CONTENT_TYPE) {
        set(h, header::CONTENT_TYPE, "text/plain; charset=utf-8");
    }
    r
}

/// axum's own refusals on the API (a body too big, a method the path does not take, a query or
/// a body that does not parse) worded like every other error of the API: JSON with a `kind`, in
/// the reader's language. Pages and the API's own errors pass as they are.
pub(super) async fn worded(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let lang = lang_of(req.headers());
    let r = next.run(req).await;
    let json = r
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !api || json {
        return r;
    }
    let status = r.status();
    let (kind, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ("too-big", with_lang(lang, || t!("web-body-too-big"))),
        StatusCode::METHOD_NOT_ALLOWED => ("method", with_lang(lang, || t!("web-method"))),
        StatusCode::BAD_REQUEST
        | StatusCode::UNSUPPORTED_MEDIA_TYPE
        | StatusCode::UNPROCESSABLE_ENTITY => {
            ("bad-request", with_lang(lang, || t!("web-bad-request")))
        }
        _ => return r,
    };
    let allow = r.headers().get(header::ALLOW).cloned();
    let mut worded = ApiError::new(status, kind, message).into_response();
    if let Some(a) = allow {
        worded.headers_mut().insert(header::ALLOW, a);
    }
    worded
}

/// An error as the socket words one: `{"response": "error", "kind", "message"}`.
pub(super) struct ApiError {
    status: StatusCode,
    kind: &'static str,
    message: String,
    details: Vec<String>,
    pub(super) retry_after: Option<u64>,
}

impl ApiError {
    pub(super) fn new(status: StatusCode, kind: &'static str, message: String) -> ApiError {
        ApiError {
            status,
            kind,
            message,
            details: Vec::new(),
            retry_after: None,
        }
    }
}

impl ApiError {
    pub(super) fn message(&self) -> &str {
        &self.message
    }

    pub(super) fn status(&self) -> StatusCode {
        self.status
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "response": "error", "kind": self.kind, "message": self.message });
        if !self.details.is_empty() {
            body["details"] = json!(self.details);
        }
        let mut r = (self.status, axum::Json(body)).into_response();
        if let Some(s) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&s.to_string())
        {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        r
    }
}

/// The language a request reads: the page's switch (`loa_lang` cookie), else the browser's
/// `Accept-Language`, else Vietnamese.
pub(super) fn lang_of(headers: &HeaderMap) -> Lang {
    if let Some(l) = cookie(headers, LANG_COOKIE) {
        match l.as_str() {
            "en" => return Lang::En,
            "vi" => return Lang::Vi,
            _ => {}
        }
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut best: Option<(f32, Lang)> = None;
    for part in accept.split(',') {
        let mut bits = part.split(';');
        let tag = bits.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = bits
            .find_map(|b| {
                b.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
            })
            .unwrap_or(1.0);
        let lang = match tag.split('-').next() {
            Some("vi") => Lang::Vi,
            Some("en") => Lang::En,
            _ => continue,
        };
        if best.is_none_or(|(b, _)| q > b) {
            best = Some((q, lang));
        }
    }
    best.map_or(Lang::Vi, |(_, l)| l)
}

pub(super) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
}

/// A JSON body, or 422 with why (an empty body is `{}`).
pub(super) fn body<T: serde::de::DeserializeOwned>(
    bytes: &Bytes,
    lang: Lang,
) -> Result<T, ApiError> {
    let text: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        bytes
    };
    serde_json::from_slice(text).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad-request",
            with_lang(lang, || t!("web-bad-json", why = e.to_string())),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A redirect and a bare 404 say what they are; a WebSocket's switch says nothing.
    #[tokio::test]
    async fn every_answer_with_a_body_names_its_type() {
        let redirect = headers(axum::response::Redirect::to("/login").into_response()).await;
        assert_eq!(
            redirect
                .headers()
                .get(header::CONTENT_TYPE)
                .map(|v| v.as_bytes()),
            Some(&b"text/plain; charset=utf-8"[..])
        );
        let missing = headers(StatusCode::NOT_FOUND.into_response()).await;
        assert!(missing.headers().contains_key(header::CONTENT_TYPE));
        let json = headers(axum::Json(json!({"a": 1})).into_response()).await;
        assert_eq!(
            json.headers()
                .get(header::CONTENT_TYPE)
                .map(|v| v.as_bytes()),
            Some(&b"application/json"[..])
        );
        let switch = headers(StatusCode::SWITCHING_PROTOCOLS.into_response()).await;
        assert!(!switch.headers().contains_key(header::CONTENT_TYPE));
    }
}
