//! The console's HTTP inputs: any bytes as a JSON body of `/api/v1/…` (play, pause, accept,
//! login, the province's send and push), a query string (next, history, upload, nodes, report)
//! or a page's form, read by axum's own extractors into the handlers' own types and checked as
//! the handlers and the shell check them (`loa::web::fuzz::api`: the first byte picks which).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    loa::web::fuzz::api(data);
});
