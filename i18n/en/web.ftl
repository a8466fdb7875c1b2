# The station's console (spec §11): [web] in the schedule, `loa web user`, the console's pages.
web-listen-invalid = "{ $value }" is not an address and port to listen on
web-listen-help = for example listen = "0.0.0.0:8443" (every address) or listen = "127.0.0.1:8080" (this box only)
web-tls-invalid = tls = "{ $value }" is not known
web-tls-help = tls = "self-signed" (a certificate made by loa), tls = "off" (plain HTTP, for 127.0.0.1 or behind a reverse proxy), or cert = "…" and key = "…" for the commune's own certificate
web-tls-off-with-cert = a certificate is given but tls = "off"
web-cert-pair = `cert` and `key` go together: give both, or neither
web-plain-http = the console listens on { $listen } in plain HTTP: passwords cross the network unencrypted
web-plain-http-help = use tls = "self-signed", or listen = "127.0.0.1:…" behind a reverse proxy that does TLS
web-session-range = `session` must be from 1 minute to 30 days
web-upload-range = `max_upload` must be from 100KB to 4GB
web-upload-help = for example max_upload = "100MB" (KB, MB, GB, or a number of bytes)
check-web = console
check-web-value = { $url } ({ $tls ->
    [self-signed] a certificate made by loa
    [own] the commune's certificate
   *[off] plain HTTP
})
web-accounts-cannot-read = cannot read the console's accounts { $path }: { $why }
web-accounts-cannot-write = cannot write the console's accounts { $path }: { $why }
web-accounts-invalid = the console's accounts file { $path } cannot be read: { $why } (`loa web user list` shows it; remove the file to start again)
web-user-name-invalid = "{ $name }" cannot be an account name: use 1 to { $max } lower-case letters a-z, digits, ".", "_" or "-", starting with a letter or digit
web-password-short = the password has { $n } characters: at least { $min } are needed
web-password-long = the password is longer than { $max } characters
web-password-prompt = New password:
web-password-again = The same password again:
web-password-differ = the two passwords differ: nothing changed
web-password-no-terminal = no terminal to ask the password on: give it on standard input with --password-stdin
web-user-exists = an account "{ $name }" exists already (`loa web user passwd { $name }` changes its password)
web-user-unknown = no account "{ $name }" (accounts: { $names })
web-user-unknown-none = no account "{ $name }": there are no accounts yet (`loa web user add NAME`)
web-user-added = account "{ $name }" added, role { $role }, in { $path }
web-user-passwd = password of "{ $name }" changed
web-user-removed = account "{ $name }" removed; its open sessions end at their next request
web-user-none = no accounts yet (`loa web user add NAME --role admin`)
web-role-viewer = viewer
web-role-operator = operator
web-role-admin = admin
cli-web-about = The station's web console
cli-web-user-about = The console's accounts, kept in web-users.toml in the state directory
cli-web-user-add-about = Add an account (asks for its password twice)
cli-web-user-add-name = The account's name: a-z, 0-9, ".", "_", "-"
cli-web-user-add-role = What it may do: viewer (sees), operator (also plays, edits, uploads), admin (also accounts and approvals)
cli-web-user-add-password-stdin = Read the password from standard input (one line) instead of asking
cli-web-user-passwd-about = Change an account's password
cli-web-user-passwd-name = The account's name
cli-web-user-passwd-password-stdin = Read the password from standard input (one line) instead of asking
cli-web-user-remove-about = Remove an account (its open sessions end at their next request)
cli-web-user-remove-name = The account's name
cli-web-user-list-about = List the accounts and their roles
cli-web-user-list-json = Print one JSON array
web-tls-cannot-read = cannot read { $path }: { $why }
web-tls-no-certificate = no certificate in it (a PEM file beginning with -----BEGIN CERTIFICATE----- is needed)
web-tls-mismatch = the certificate and the key do not go together: { $why }
web-tls-cannot-make = cannot make the console's certificate: { $why }
web-tls-cannot-write = cannot write { $path }: { $why }
web-cannot-listen = the console cannot listen on { $listen }: { $why }
web-forbidden = your role ({ $role }) may not do this: it needs { $needs }
web-unauthorized = log in first (or your session ended)
web-csrf = this request lacks the X-CSRF-Token given at login: reload the page
web-body-too-big = the request is larger than the console takes
web-method = this address does not take that kind of request (see docs/protocol.md)
web-bad-request = the request cannot be read: its address, its query or its body is not what this address takes (see docs/protocol.md)
web-bad-json = the request is not what was expected: { $why }
web-daemon-gone = the loa service is not answering; try again in a moment
web-locked = too many failed logins: try again in { $minutes } minutes
web-login-failed = wrong account name or password
web-login-cross-site = A login is made from the console's own page, not from another site's.
web-logged-out = logged out
web-bad-days = days={ $value }: a whole number from 1 to 3660 is needed
web-bad-date = date={ $value }: a date YYYY-MM-DD is needed
web-bad-format = format={ $value }: json, csv or excel
web-not-found = no such page
status-web = console
status-web-tls = { $url } (certificate SHA-256 { $fingerprint })
status-web-plain = { $url } (plain HTTP)
status-web-failed = not serving: { $why }
edit-cannot-write = cannot write { $path }: { $why }
edit-cannot-read = cannot read { $path }: { $why }
edit-no-version = no version { $n } is kept
edit-not-proposed = version { $n } is not waiting for approval (it is { $state })
edit-changed-since = the schedule changed after proposal { $n } was made: it cannot be approved as it is (make the change again on the current schedule)
edit-no-web = without [web] the console would stop: remove [web] on the station itself, not from the console
web-schedule-changed = the schedule changed since you opened it: reload it and make your change again
web-schedule-if-match = a save needs the If-Match header with the ETag the schedule was read with
web-schedule-not-utf8 = the schedule is not UTF-8 text
web-proposal-rejected = proposal { $n } rejected
library-bad-name = "{ $name }" cannot be a recording's name: it needs one of the extensions { $kinds }
library-exists = a recording "{ $name }" exists already (upload again with "Replace a recording of the same name" ticked, or rename the file)
library-not-audio = "{ $name }" is not a recording loa can play: { $why }. Upload an MP3, M4A, WAV, FLAC, Ogg or Opus file (a Zalo voice message will do)
library-io = cannot write { $path }: { $why }
library-no-such = no recording "{ $name }"
library-in-use = "{ $name }" is used by { $ids }: change those first
web-upload-too-big = the file is larger than the console takes ({ $max } MB, `max_upload` in [web])
web-upload-broken = the upload was cut or malformed: { $why }
web-upload-no-file = no file in the upload (the form field is "file")
web-recording-deleted = recording "{ $name }" deleted
form-cannot-read = the schedule cannot be read as TOML: { $why } (fix it in the raw editor)
form-id-taken = an announcement "{ $id }" exists already: choose another id
form-no-such = no announcement "{ $id }" in the schedule
edit-admin-only = only an admin may change { $setting }: it decides which programs the station runs, which folders it plays, or how its console and feed work. Ask an admin, or leave that part as it was.
