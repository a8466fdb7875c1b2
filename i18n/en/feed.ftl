## The provincial feed (spec §9): why a bulletin is refused

bulletin-too-large = the bulletin is { $bytes } bytes; at most { $limit } are read
bulletin-not-json = not a bulletin (not JSON: { $why })
bulletin-not-object = the message is not one JSON object
bulletin-unsigned = the bulletin is not signed (no `sig`)
bulletin-bad-signature = the bulletin's signature or key is not written as one (`sig`: base64 of 64 bytes; `key`: ed25519:BASE64)
bulletin-unknown-key = signed by { $key }, which is not in this station's trusted_keys
bulletin-altered = the signature does not match the content: the bulletin was altered or forged
bulletin-invalid = `{ $field }`: { $why }
bulletin-expired = expired at { $expires }
bulletin-download-too-large = its audio is { $bytes } bytes, more than max_download ({ $limit } bytes)
bulletin-replayed = a bulletin with this id was already received (a replay)
bulletin-want-text = must be text
bulletin-missing = is missing
bulletin-want-instant = "{ $text }" is not a time in RFC 3339 form (2026-12-01T06:00:00+07:00)
bulletin-want-url = "{ $text }" is not an http:// or https:// address
bulletin-version = this station reads bulletins of version 1 ("v": 1)
bulletin-bad-id = must be 1 to { $max } characters, without control characters
bulletin-bad-level = must be "normal", "priority" or "emergency"
bulletin-expires-before-issued = `expires` must be after `issued`
bulletin-bad-repeat = must be a whole number from 1 to { $max }
bulletin-no-sound = the bulletin has no sound: give one of `preset`, `audio`, `stream`, `text`
bulletin-two-sounds = the bulletin gives more than one of `preset`, `audio`, `stream`, `text`
bulletin-text = `text` must be the notice to read aloud, at most { $max } bytes
bulletin-audio-list = `audio` must be a list of 1 to { $max } files, each { "{" }url, sha256, bytes{ "}" }
bulletin-sha256 = must be the file's SHA-256 as 64 hexadecimal digits
bulletin-bytes = must be the file's size in bytes, a whole number
bulletin-stream = `stream` must be { "{" }url, duration{ "}" } with a duration from 1 s to 6 h

## [fleet] in the schedule

fleet-broker-invalid = "{ $url }" is not a broker address
fleet-broker-scheme = "{ $url }" starts with { $scheme }://; a broker is mqtt:// or mqtts:// (with TLS)
fleet-broker-credentials = do not write a user name or password in `broker`: use `username` and `password_file`
fleet-broker-help = for example broker = "mqtts://mqtt.tinh.example.vn:8883"
fleet-node-invalid = "{ $node }" is not a node: parts of a-z, 0-9 and -, separated by /, most general first (at most { $max } parts)
fleet-node-help = node = "quang-nam/duy-xuyen/duy-phuoc/cum-01"
fleet-file-unreadable = { $key } = "{ $path }": { $why }; the feed cannot use it until it can be read (the programme plays as before)
fleet-password-without-user = `password_file` needs `username` beside it
fleet-cert-pair = `client_cert` and `client_key` go together: give both or neither
fleet-key-invalid = "{ $key }" is not a public key: { $why ->
    [prefix] it must start with ed25519:
    [secret] this is a SECRET key (NAME.key); paste NAME.pub here and keep the secret at the province
    [base64] the part after ed25519: is not base64
    [length] it is not 32 bytes long
   *[other] it is not a valid ed25519 key
}
fleet-key-help = paste the line of the province's NAME.pub, as `loa fleet keygen` wrote it
fleet-no-keys = no `trusted_keys`: every bulletin and every pushed schedule will be refused
fleet-normal-invalid = `normal` must be "hold" (normal bulletins wait for `loa bulletins accept`) or "auto" (they play at their time)
fleet-status-every-range = `status_every` must be from 10s to 24h
fleet-size-invalid = { $text } is not a size
fleet-size-help = for example max_download = "50MB" (KB, MB, GB, or a number of bytes)
fleet-size-range = `max_download` must be from 1KB to 4GB
check-fleet = feed
check-fleet-value = { $node } through { $broker } ({ $keys ->
    [one] 1 trusted key
   *[other] { $keys } trusted keys
}; normal bulletins: { $normal ->
    [auto] played at their time
   *[hold] held for `loa bulletins accept`
})
bulletin-unknown-preset = the bulletin asks for the preset "{ $preset }", which this station's schedule does not have
bulletin-audio-not-yet = its recordings are not fetched yet
cli-fleet-about = The province's side of the feed: keys, bulletins, every node's state and history
cli-fleet-keygen-about = Make a signing key pair: NAME.key (secret, mode 0600) and NAME.pub (for trusted_keys)
cli-fleet-keygen-out = NAME: writes NAME.key and NAME.pub
cli-fleet-send-about = Sign a bulletin and publish it to every node under a prefix
cli-fleet-send-to = The nodes: one node, or a prefix of nodes ("quang-nam/duy-xuyen")
cli-fleet-send-level = The bulletin's level: normal (the commune decides), priority (next), emergency (at once)
cli-fleet-send-key = The secret key (NAME.key from `loa fleet keygen`) [default: `key` of [province] in --config]
cli-fleet-send-preset = An emergency preset every node holds (nothing to download)
cli-fleet-send-stream = A live stream to relay (http:// or https://), with --for
cli-fleet-send-text = A notice each node reads aloud with its own [tts] (a text instead of a recording)
cli-fleet-send-for = How long to relay the stream ("30m")
cli-fleet-send-title = The title the nodes show and log
cli-fleet-send-at = Play at this time (RFC 3339, or "HH:MM" today in this machine's zone) [default: at once]
cli-fleet-send-expires = Nodes that receive it later than this after sending refuse it
cli-fleet-send-broker = The broker, mqtt://HOST[:PORT] or mqtts://HOST[:PORT] [default: [province] or [fleet] of --config]
cli-fleet-send-username = The province's user name on the broker
cli-fleet-send-password-file = A file holding the password
cli-fleet-send-ca-file = The broker's CA certificate (PEM) [default: the system's roots]
fleet-expires-range = must be from 1m to 7d
fleet-keygen-done = Wrote { $secret } (the secret: keep it at the province, never send it) and { $public }. Put this line into each station's trusted_keys:
fleet-keygen-exists = { $path } already exists: choose another name, or remove it first
fleet-key-unreadable = cannot read the key { $path }: { $why }
fleet-key-not-secret = { $path } is not a secret key (NAME.key from `loa fleet keygen`)
fleet-no-broker = no broker: { $file } has neither [province] nor [fleet]; give --broker (or LOA_BROKER), or --config with the file holding [province]
fleet-bad-prefix = "{ $prefix }" is not a node or a prefix of nodes: parts of a-z, 0-9 and -, separated by /
fleet-bad-when = --at: { $why }
fleet-stream-url = --stream: "{ $url }" is not an http:// or https:// address
fleet-sent = Sent { $id } ({ $level }) to { $topic }; it expires at { $expires }.
fleet-send-failed = the broker at { $broker }: { $why }
bulletin-not-found = no bulletin "{ $id }" was received (`loa bulletins` lists them)
bulletin-not-open = bulletin "{ $id }" is { $state } already: nothing to decide
bulletin-rejected-by = rejected by { $by }
bulletin-rejected = Bulletin { $id } rejected: it will not play.
bulletin-accepted = Bulletin { $id } accepted: it plays now (or as soon as what plays ends).
bulletin-accepted-at = Bulletin { $id } accepted: it plays at { $at }.
cli-bulletins-about = Bulletins received from the provincial feed, and the commune's decision on a normal one
cli-bulletins-json = Print one JSON array
cli-bulletins-accept-about = Play a held bulletin: now, or at a time
cli-bulletins-accept-id = The bulletin's id, as `loa bulletins` lists it
cli-bulletins-accept-at = Play it at this station time: "HH:MM", "YYYY-MM-DD HH:MM", or a duration like "2h"
cli-bulletins-reject-about = Do not play a held bulletin
cli-bulletins-reject-id = The bulletin's id, as `loa bulletins` lists it
bulletins-none = No bulletin has been received.
bulletins-state = { $state ->
    [received] received
    [fetching] fetching the sound
    [playing] playing
    [held] held
    [waiting] waiting
    [queued] queued
    [played] played
    [rejected] rejected
    [expired] expired
    [refused] refused
    [interrupted] interrupted
    [stopped] stopped
    [failed] failed
   *[other] { $state }
}
bulletins-held-help = waits for the commune: loa bulletins accept { $id } [--at 18:00]  or  loa bulletins reject { $id }
status-feed = feed
status-feed-connected = connected to { $broker } as { $node }
status-feed-connecting = not connected to { $broker } ({ $why }); trying again — the programme plays as usual
status-feed-held = { $n ->
    [one] 1 bulletin waits for the commune: loa bulletins
   *[other] { $n } bulletins wait for the commune: loa bulletins
}
history-col-node = node
cli-history-db = Read this history file instead of the station's (the province's, from `loa fleet collect`)
cli-fleet-serve-about = The province's console: every cluster at a glance, bulletins from a form, schedules pushed, the monthly report (spec §14)
cli-fleet-serve-listen = Where the console listens ("0.0.0.0:8443")
cli-fleet-serve-key = The secret key (NAME.key from `loa fleet keygen`) [default: `key` of [province] in --config]
cli-fleet-serve-db = The collected history and the console's records [default: fleet.db in the state directory; after `loa fleet collect`, its file]
cli-fleet-serve-broker = The broker, mqtt://HOST[:PORT] or mqtts://HOST[:PORT] [default: [province] or [fleet] of --config]
cli-fleet-serve-username = The province's user name on the broker
cli-fleet-serve-password-file = A file holding the password
cli-fleet-serve-ca-file = The broker's CA certificate (PEM) [default: the system's roots]
cli-fleet-collect-about = Gather every node's history into one SQLite file (read it with `loa history --db`)
cli-fleet-collect-db = The collected file (created if missing)
cli-fleet-collect-idle = Stop after no row came for this long ("30s") [default: run until stopped]
cli-fleet-collect-broker = The broker, mqtt://HOST[:PORT] or mqtts://HOST[:PORT] [default: [province] or [fleet] of --config]
cli-fleet-collect-username = The province's user name on the broker
cli-fleet-collect-password-file = A file holding the password
cli-fleet-collect-ca-file = The broker's CA certificate (PEM) [default: the system's roots]
fleet-idle-range = must be from 1s to 24h
fleet-collected = { $rows } history row(s) from { $nodes } node(s) into { $db }.
cli-fleet-status-about = Every node's state, from the statuses the nodes keep at the broker
cli-fleet-status-prefix = Only the nodes under this prefix ("quang-nam/duy-xuyen")
cli-fleet-status-json = Print one JSON array
cli-fleet-status-broker = The broker, mqtt://HOST[:PORT] or mqtts://HOST[:PORT] [default: [province] or [fleet] of --config]
cli-fleet-status-username = The province's user name on the broker
cli-fleet-status-password-file = A file holding the password
cli-fleet-status-ca-file = The broker's CA certificate (PEM) [default: the system's roots]
fleet-status-none = No node has reported a status under this prefix.
fleet-status-online = online
fleet-status-offline = OFFLINE
fleet-status-playing = playing { $id }
fleet-status-next = next: { $id } at { $at }
fleet-status-error = last error: { $why }
fetch-not-audio = { $url } is not audio loa can play: { $why }
fetch-hash = { $url } is not the file the bulletin announced (its SHA-256 differs)
fetch-too-long = { $url } is longer than the { $bytes } bytes the bulletin announced
fetch-short = { $url } ended before the size the bulletin announced
cli-fleet-send-url = A recording on a web server the nodes can reach: fetched once here for its size and hash
cli-fleet-send-file = A recording on this machine, stored first with an HTTP PUT to --upload
cli-fleet-send-upload = Where to PUT --file (a WebDAV folder, an S3 presigned URL); the nodes fetch it from there
fleet-url-failed = cannot fetch { $url }: { $why }
fleet-upload-failed = cannot store the recording at { $url }: { $why }
pushed-no-schedule = the message has no `schedule` (the schedule file's text)
pushed-cannot-write = cannot write { $file }: { $why } (the daemon needs write access to the schedule's folder to take pushed schedules: docs/fleet.md)
cli-fleet-push-about = Send one node a new schedule, signed; it checks it as `loa check` does before it runs it
cli-fleet-push-to = The node ("quang-nam/duy-xuyen/duy-phuoc/cum-01")
cli-fleet-push-file = The schedule file to send
cli-fleet-push-key = The secret key (NAME.key from `loa fleet keygen`) [default: `key` of [province] in --config]
cli-fleet-push-broker = The broker, mqtt://HOST[:PORT] or mqtts://HOST[:PORT] [default: [province] or [fleet] of --config]
cli-fleet-push-username = The province's user name on the broker
cli-fleet-push-password-file = A file holding the password
cli-fleet-push-ca-file = The broker's CA certificate (PEM) [default: the system's roots]
fleet-pushed = Sent schedule { $id } to { $topic } (kept at the broker until replaced); the node reports on its ack topic whether it installed it.
pushed-no-fleet = the pushed schedule has no [fleet]: the station would leave the feed, and no schedule could be pushed to it again
pushed-other-node = the pushed schedule is for node "{ $node }", not this one ("{ $ours }")

## Why the broker could not be used.
feed-refused-login = the broker refused the user name or password
feed-refused = the broker refused the connection ({ $code })
feed-no-answer = no answer from the broker
feed-no-such-host = no such host: the broker's name does not resolve (check `broker`, and the box's DNS)
feed-port-closed = nothing listens at the broker's address and port (the broker is stopped, or the port is wrong)
feed-closed = the broker closed the connection
fleet-not-authorized = the broker does not let this account publish on { $topic } (its ACL)
fleet-too-large = the broker refused a message of { $bytes } bytes as too large (its `message_size_limit`)
fleet-publish-refused = the broker refused the message ({ $code })
fleet-collect-bad-topic = a message on { $topic } left out: not a node's history topic
fleet-collect-not-row = a message on { $topic } left out: not a history row
fleet-collect-other-node = a history row on { $node }'s topic names another node ({ $claimed }) and was refused: a node speaks only for itself
fleet-collect-conflict = { $node } sent row { $row } again with different content; the first one received is kept
pushed-no-issued = the pushed schedule has no `issued` time: it cannot be told from an older one, and is not installed
pushed-future = the pushed schedule says it was issued at { $issued }, ahead of this box's clock: the province's clock or this one is wrong
pushed-older = the pushed schedule was issued at { $issued }, not after the one installed (issued at { $last }): an old push sent again is never installed over a newer one
pushed-cannot-back-up = cannot keep a copy of the schedule it would replace in { $dir }: { $why }; not installed
pushed-older-than-edit = the pushed schedule was issued at { $issued }, before the schedule file was last changed here ({ $edited }): it is not installed over the commune's edit; the province can send it again to replace it
bulletin-too-far-ahead = it would stay valid until { $expires }: more than { $days } days ahead, which no bulletin may be
bulletin-issued-ahead = it says it was issued at { $issued }, ahead of this box's clock: the province's clock or this one is wrong
bulletin-revoked = the key that signed it is no longer in `trusted_keys`
bulletin-every-not-emergency = only an emergency bulletin repeats
bulletin-bad-every = must be a duration from 1 minute to 24 hours ("15m", or seconds)
bulletin-stopped-before = the province stopped it ({ $stop }) before it arrived
cli-fleet-send-repeat = Play the sound this many times in a row [default: once, or the preset's own count]
cli-fleet-send-every = An emergency only: play it again this long after each start ("15m"), until it expires or `loa fleet stop` [default: once]
cli-fleet-stop-about = End a bulletin (or every bulletin) on every node under a prefix: its broadcast, what of it waits, and its repetition
cli-fleet-stop-to = The nodes: one node, or a prefix of nodes ("quang-nam/duy-xuyen")
cli-fleet-stop-bulletin = The bulletin to end [default: every bulletin sent before this stop]
cli-fleet-stop-key = The secret key (NAME.key from `loa fleet keygen`) [default: `key` of [province] in --config]
cli-fleet-stop-expires = Nodes that receive it later than this after sending ignore it
cli-fleet-stop-broker = The broker, mqtt://HOST[:PORT] or mqtts://HOST[:PORT] [default: [province] or [fleet] of --config]
cli-fleet-stop-username = The province's user name on the broker
cli-fleet-stop-password-file = A file holding the password
cli-fleet-stop-ca-file = The broker's CA certificate (PEM) [default: the system's roots]
fleet-stopped = Sent stop { $id } to { $topic }: every node under it ends { $what } and says so on its ack topic.
fleet-stop-all = every bulletin sent before now
fleet-every-not-emergency = --every is for an emergency bulletin (--level emergency)
fetch-deadline = { $url } did not come in time (slower than { $rate } KB/s, or not before the bulletin had to play)
province-not-table = { $file }: `province` must be a table ([province])
province-want-text = { $file }: `{ $key }` in [province] must be text in quotes
province-unknown-key = { $file }: [province] has no `{ $key }` (it takes { $keys })
province-no-key = no signing key: give --key (or LOA_KEY), or `key` in [province] of the file given with --config ({ $file })
fleet-clock-behind = this machine's clock looks { $behind } behind the stations' (their synchronised clocks stamped their statuses later than this machine's now): they may refuse what it signs as expired. Set its clock (timedatectl, NTP) and send again
fleet-no-broker-file = no broker: cannot read { $file } ({ $why }); give --config with the file holding [province] (for example /etc/loa/province.toml), or --broker (or LOA_BROKER)
