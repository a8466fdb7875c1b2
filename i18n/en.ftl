# loa's messages in English. Every id here is also in vi.ftl (a test checks it).
# Placeables: { $name }. Plurals: { $n -> [one] … *[other] … }.

## The catalogue's own test.
test-plural = { $n } { $n ->
    [one] file
   *[other] files
}

## The schedule file's form (encoding, TOML, keys, value types).
file-empty = the schedule file is empty; it needs at least a [station] table or one [[announcement]]
file-empty-help = start from the example in config/schedule.toml
file-binary = this is not a text file (it contains NUL bytes); is it the schedule, or an audio file?
file-utf16 = the file is saved as { $kind } ("Unicode"), not UTF-8
file-not-utf8 = the file is not UTF-8 text (byte { $byte } cannot be read); save it as UTF-8
file-save-utf8-help = in Notepad or most editors: File → Save As… → Encoding: UTF-8
toml-duplicate-key = `{ $key }` is written twice; keep only one
toml-duplicate-key-help = a [table] may appear once, and a key once in each table
toml-curly-quotes = this line has the quote { $quote }, from Word, Zalo or a phone; the schedule needs straight quotes "
toml-curly-quotes-help = retype the quotes as " in a plain text editor (Notepad), for example title = "Bản tin sáng"
toml-invalid = this is not valid TOML: { $why }
toml-quote-help = write text in double quotes, for example title = "Bản tin buổi sáng"
date-format-help = dates are written year-month-day, YYYY-MM-DD, for example 2026-12-01
date-day-first = { $written } is written day first; write { $iso } (year-month-day)
date-no-such-day = { $date } does not exist (`{ $key }`)
date-month-has-days = month { $month } of { $year } has { $days } days
date-month-range = months run 01 to 12
value-not-table = { $what } must be a table; found { $found }
what-schedule = the schedule
key-unknown = unknown key `{ $key }` in { $table }
did-you-mean-key = did you mean `{ $key }`?
keys-allowed = the keys allowed here are: { $keys }
key-missing = { $table } has no `{ $key }`
key-missing-help = add a line such as { $example }
value-wrong-type = `{ $key }` must be { $expected }; found { $found }
expect-text = text in double quotes
expect-texts = a list of texts in quotes, like ["a.mp3", "b.ogg"]
expect-bool = true or false (without quotes)
expect-integer = a whole number from { $min } to { $max }
expect-date = a date like 2026-12-01
expect-dates = a list of dates like [2026-12-25, 2027-02-16]
found = found { $what }
found-text = the text "{ $text }"
found-number = the number { $number }
found-datetime = the date/time { $value }
found-list = a list
found-table = a table
duration-invalid = `{ $key }` = "{ $value }" is not a duration: { $why }
duration-help = write a duration like "30s", "10m", "1h 30m"
duration-no-unit = say which unit: "{ $n }s" or "{ $n }m"
duration-not-understood = "{ $value }" is not understood; units are s, m, h, d
times-empty = `{ $key }` is an empty list: give at least one time
times-empty-help = for example at = ["05:30", "17:00"]
time-not-a-time = not a time of day
time-invalid = `{ $key }` needs times of day like "05:30" or "17:00:30"; { $why }
time-help = hours 00–23, minutes and seconds 00–59; midnight is "00:00"
time-not-hhmm = "{ $value }" is not written HH:MM or HH:MM:SS
time-24 = "24:00" is not a time of day; midnight is "00:00"
time-hour-range = "{ $value }" has hour { $hour }; hours run 00 to 23
time-minute-range = "{ $value }" has minutes or seconds over 59
time-one-digit-minutes = "{ $value }" has one digit of minutes
did-you-mean-either = did you mean "{ $a }" or "{ $b }"?

## Days of the week.
days-none = no day given; expected { $words }
days-no-such-vietnamese-day = unknown day "{ $day }"; Vietnamese day words are t2 or thứ 2 (Monday) .. t7 (Saturday) and cn or chủ nhật (Sunday)
days-range-needs-both = a range needs a day on each side of "-"; expected { $words }
days-unknown = unknown day "{ $day }"; expected { $words }

## Cron expressions.
cron-five-fields = "{ $expr }" has 5 fields, but loa's cron has seconds first: { $fields }
cron-five-fields-help = write "{ $fixed }" to start at second 0
cron-field-count = "{ $expr }" has { $n } { $n ->
    [one] field
   *[other] fields
}; a cron expression has 6 or 7: { $fields }
cron-example-help = for example "0 15 6,17 * * Mon-Sat" is 06:15 and 17:15, Monday to Saturday
cron-dow-zero = day-of-week 0 in "{ $expr }" is not a day: loa's cron counts 1 = Sunday .. 7 = Saturday
cron-day-names-help = use day names, for example Sun or Mon-Fri
cron-every-second = "{ $expr }" starts a broadcast every second: the first field is seconds
cron-every-second-help = put 0 in the seconds field: "{ $fixed }"
cron-invalid = cannot understand the cron expression "{ $expr }": { $why }
cron-fields-help = the fields are { $fields }; for example "0 30 5 * * *" is 05:30 every day
cron-note-both-days = "{ $expr }" restricts both day-of-month and day-of-week: loa plays only on days that match both (standard cron plays on days that match either)
cron-note-dow-numbers = day-of-week numbers in "{ $expr }" count 1 = Sunday .. 7 = Saturday (not 0 = Sunday as in crontab); day names such as Mon-Fri are clearer

## Values of the schedule.
id-invalid = id "{ $id }" may use only lowercase letters a-z, digits and "-" (at most 64, not starting with "-")
id-example-help = for example id = "{ $id }"
id-duplicate = id "{ $id }" is already used by the { $kind ->
    [announcement] announcement
   *[other] emergency preset
} on line { $line }; ids must be unique across announcements and emergency presets
files-empty = `{ $key }` is an empty list: give at least one audio file
files-empty-help = for example { $key } = ["ban-tin-sang.mp3"]
file-name-empty = an audio file name is empty
file-backslash = "{ $file }" is a Windows path (with \); on this machine folders are separated by /
file-backslash-help = write / or only the file name, for example "{ $name }", and put the file in audio_dir
days-empty = `days` is empty: give at least one day, or "daily"
order-invalid = `order` must be "all" or "rotate", not "{ $value }"
order-help = "all" plays every file in turn; "rotate" plays one file per occurrence
chime-invalid = `chime` must be false or an audio file name; found { $found }
zone-case = names are case-sensitive: write "{ $zone }"
zone-vietnam = Vietnam has one time zone: write "{ $zone }"
zone-offset = an offset like UTC+9 is not a zone name; write the zone of a city, such as "Asia/Tokyo"
zone-near = did you mean "{ $zones }"?
zone-iana = use an IANA zone name such as "{ $zone }"
output-empty = `output` is empty
output-wav-needs-path = "wav:" needs a file path after it, for example "wav:/tmp/loa.wav"
quiet-not-range = quiet_hours "{ $value }" is not a range: write START-END
quiet-start = quiet_hours start: { $why }
quiet-end = quiet_hours end: { $why }
quiet-same = quiet_hours "{ $value }" starts and ends at the same time

## The schedule as a whole.
schedule-nothing = the schedule has no [[announcement]] and no [[emergency]]: nothing will be broadcast
table-double-brackets = `{ $key }` must be written [[{ $key }]], with double brackets
table-double-brackets-help = each [[{ $key }]] starts one entry of the list
zone-unknown = unknown time zone "{ $zone }"
output-help = use "default", a name from `loa devices`, "wav:PATH" or "null"
quiet-help = write a range of two times, for example quiet_hours = "22:00-05:00"
amp-command-empty = `{ $key }` must name a program to run
amp-command-help = for example { $key } = ["/usr/local/bin/relay", "{ $key }"]
amp-missing-off-example = off = ["/usr/local/bin/relay", "off"] (or the amplifier is never switched off)
at-and-cron = an announcement has either `at` or `cron`, not both
at-and-cron-help = keep one: `at` with `days` for fixed times, or `cron`
days-with-cron = `days` goes with `at`; with `cron`, the days are the last fields of the expression
days-with-cron-help = for Monday to Saturday: cron = "0 15 6 * * Mon-Sat"
no-at-no-cron = { $what } has neither `at` nor `cron`: say when it plays
no-at-no-cron-help = add at = ["05:30"] (with days = "daily"), or cron = "0 30 5 * * *"
until-before-from = `until` ({ $until }) is before `from` ({ $from }): the announcement would never play
at-twice = { $time } is listed twice in `at`; it plays once
at-in-quiet-hours = { $time } falls inside quiet hours ({ $quiet }): it will not play
cron-in-quiet-hours = { $n } of its times fall inside quiet hours ({ $quiet }) and will not play: { $times }
every-zero = `every` must be longer than zero
every-help = for example every = "15m"
emergency-plays-once = emergency "{ $id }" has no `every`: `loa play { $id }` plays it { $n ->
    [one] once
   *[other] { $n } times
} and stops
emergency-plays-once-help = to repeat it until `loa stop`, add every = "15m"
emergency-has-no-times = an emergency preset has no times: it plays when someone runs `loa play ID`; `{ $key }` belongs in an [[announcement]] (to repeat a warning, use every = "15m")

## Files and the system.
io-not-found = there is no such file
io-permission = permission denied
io-disk-full = the disk is full
io-read-only = the disk or the file is read-only
io-loop = it is a symbolic link that leads round in a loop
io-is-dir = it is a folder
io-not-dir = a part of the path is not a folder
io-other = { $why }
user-station-chime = the station chime
user-announcement = announcement "{ $id }"
user-emergency = emergency preset "{ $id }"
schedule-not-a-file = it is { $kind ->
    [folder] a folder
    [fifo] a named pipe (FIFO)
    [device] a device
    [socket] a socket
   *[other] not a regular file
}, not a schedule file
schedule-too-big = it is { $mb } MB; a schedule file may be at most { $max } MB
schedule-grew = it grew past { $max } MB while being read
schedule-cannot-read = cannot read the schedule: { $why }
schedule-cannot-read-help = give the schedule with --config PATH or the LOA_CONFIG variable
clock-zone-unknown = the system time zone "{ $name }" is unknown; using UTC (set `timezone` in [station])
clock-zone-unreadable = the system time zone cannot be read; using UTC (set `timezone` in [station])

## Warnings that depend on today and on the audio.
lint-window-ended = announcement "{ $id }": its window ended on { $until }; it will not play again
lint-never-plays = announcement "{ $id }" will not play in the next { $days } days: { $why ->
    [cron] no date in its window matches the cron expression
   *[days] no date in its window matches its days
}
lint-emergency-no-pause = emergency preset "{ $id }" lasts { $length } but repeats every { $every }: it will play without a pause
lint-and-more = … and { $n } more announcements { $kind ->
    [same-minute] are due in the same minute as another (they play one after the other, by priority)
   *[overlap] last longer than the gap to the next broadcast (the next starts late or is skipped)
}; `loa next --days 366` lists every broadcast
lint-same-minute = "{ $first }" ({ $first_at }) and "{ $second }" ({ $second_at }) are due in the same minute on { $date }; { $outcome ->
    [skipped] "{ $first }" plays first and "{ $second }" will be skipped (it would start more than max_delay = { $max_delay } late)
   *[after] they will play one after the other, "{ $first }" first
}
lint-overlap = "{ $id }" at { $at } on { $date } plays until { $until }, past { $next_at } when "{ $next }" is due; { $outcome ->
    [skipped] "{ $next }" will be skipped (it would start more than max_delay = { $max_delay } late)
   *[late] "{ $next }" will start late
}
lint-overlap-help = shorten "{ $id }", or move "{ $next }" later
lint-into-quiet = "{ $id }" at { $at } plays until { $until }, into quiet hours ({ $quiet })
lint-into-quiet-help = start it earlier or shorten it; quiet hours stop broadcasts from starting, not from finishing
lint-except-past = the `except` date { $date } is already past
lint-except-past-help = remove it, or did you mean next year's date?
lint-zone-utc = the schedule names no time zone and this machine's zone is UTC: station time now is { $now } UTC, and every broadcast would air hours off
lint-zone-utc-help = add timezone = "{ $zone }" under [station]

## Audio files.
audio-missing = the file does not exist
audio-folder = this is a folder, not an audio file
audio-not-regular = this is not an ordinary file (a pipe, a device or a socket)
audio-unreadable = cannot be read: { $why }
audio-empty = the file is empty
audio-not-audio = not an audio file loa can read (MP3, Ogg Vorbis, Opus, FLAC, WAV, AAC/M4A)
audio-kind-unplayable = { $kind ->
    [other] this kind of recording cannot be played
   *[known] { $kind } recordings cannot be played
}
audio-convert-help = convert with: ffmpeg -i "{ $file }" "{ $stem }.mp3"
audio-no-track = it holds no sound
audio-bad-rate = its sample rate, { $rate } Hz, is outside what loa plays ({ $min } to { $max } Hz); the file is damaged or unusual: convert it, e.g. `sox IN OUT.wav rate 48k`
audio-bad-channels = it has { $n } channels; loa plays 1 to { $max }
audio-damaged = damaged at { $at }; record or copy it again
audio-dir-missing = the audio folder { $dir } does not exist (set `audio_dir` in [station], relative to this file)
users-and-more = { $first } and { $n } more
audio-file-problem = audio file "{ $file }" (used by { $who }): { $why } ({ $path })
audio-nearest = the folder has "{ $names }": write the name exactly as it is there
tally = { $errors ->
    [one] 1 error
   *[other] { $errors } errors
}, { $warnings ->
    [one] 1 warning
   *[other] { $warnings } warnings
}

## loa next
next-none = no broadcasts from { $from } to { $to } ({ $zone })
next-col-date = DATE
next-col-day = DAY
next-col-time = TIME
next-col-id = ID
next-col-title = TITLE
next-col-files = FILES
next-col-length = LENGTH
next-will-be-skipped = will be skipped: the broadcast before still plays past max_delay ({ $max_delay })
next-count = { $n ->
    [one] 1 broadcast
   *[other] { $n } broadcasts
}{ $skipped ->
    [0] {""}
    [one] , 1 will be skipped
   *[other] , { $skipped } will be skipped
} ({ $zone }, times are local)
next-audio-problems = { $n ->
    [one] 1 audio file problem
   *[other] { $n } audio file problems
}: lengths marked "?"; run `loa check` for details
next-cannot-write = cannot write the agenda: { $why }

## loa check
check-ok = { $file }: ok ({ $warnings ->
    [0] no warnings
    [one] 1 warning
   *[other] { $warnings } warnings
})
check-station = station
check-zone = time zone
check-zone-value = { $zone } (UTC{ $offset }{ $from_file ->
    [yes] {""}
   *[no] , the system's zone
})
check-station-time = station time
check-output = output
check-output-value = { $output }, volume { $volume }%
check-quiet = quiet hours
check-max-delay = max delay
check-max-delay-value = { $max_delay }, catch-up { $catch_up }
check-announcements = announcements
check-announcements-value = { $n } ({ $enabled } enabled)
check-presets = emergency presets
check-audio = audio
check-audio-value = { $files ->
    [one] 1 file
   *[other] { $files } files
}, { $length } in all, { $mb } MB
check-next-none = next broadcasts: none in the next { $days } days
check-next = next broadcasts:
help-label = help

## loa play
play-no-daemon = { $why }; playing it here, in the foreground
play-schedule-has-errors = the schedule { $file } has errors; a file given by path still plays, on the default output
play-ambiguous = "{ $target }" could be any of: { $ids }; give the id
play-not-found = no announcement, emergency preset or audio file named "{ $target }"; the ids are: { $ids } (`loa next` shows them with their titles)
play-not-found-no-schedule = no audio file named "{ $target }" (and no schedule to look up an id in)
play-label-emergency = emergency preset "{ $id }" ({ $title })
play-label-announcement = announcement "{ $id }" ({ $title })
play-no-ctrl-c = cannot catch Ctrl-C ({ $why }); it will cut the sound without a fade
play-no-player = cannot start the player: { $why }
play-playing = playing { $what } on { $output }
play-cannot-play = cannot play { $file }: { $why }
play-stopped = stopped
play-ended-early = the broadcast ended early
play-nothing-played = nothing was played: { $why }
play-again-every = playing again every { $every }; Ctrl-C to stop
play-default-output = the default audio output
play-output = output "{ $output }"

## The daemon's answers.
reply-stopping = stopping "{ $id }"
reply-repeating-ended = the repeating emergency "{ $id }" is ended
reply-nothing-playing = nothing is playing
reply-paused-until = scheduled broadcasts paused until { $until }
reply-paused = scheduled broadcasts paused until `loa resume`
reply-resumed = scheduled broadcasts resumed
reply-not-paused = scheduled broadcasts were not paused
reply-not-found = no announcement or emergency preset "{ $target }" in { $file }; the ids are: { $ids }
reply-too-many-waiting = { $n } plays are already waiting for the output; try again when one has played (or `loa stop`)
reply-emergency-playing = emergency "{ $id }" playing now
reply-emergency-playing-every = emergency "{ $id }" playing now, again every { $every } until `loa stop`
reply-playing = "{ $id }" playing now
reply-queued = "{ $id }" is queued: it plays after { $ahead }
reply-then = {", then "}
reply-bad-when = "{ $value }" is not a time: write "18:00", "2026-12-01 18:00" or a duration like "2h"
reply-did-not-play = "{ $id }" did not play: { $why }
reply-daemon-stopping = "{ $id }" did not play: the daemon is stopping
reply-not-sounded-yet = "{ $id }" was handed to the player, and has not sounded yet; see `loa status`
reply-not-audio-file = { $path } is not an audio file (a folder?)
reply-cannot-open = cannot open { $path }: { $why }
reply-reloaded = schedule reloaded: { $n } announcements
reply-reload-refused = the schedule has errors; the last good one keeps running
schedule-more-lines = … and { $n } more: `loa check` lists them all

## The client and loa status.
client-no-daemon = no daemon answers on { $path } ({ $why })
client-permission = not allowed to use { $path }: only root and the members of group `loa` may control the daemon
client-broken = the daemon on { $path } did not answer: { $why }
client-no-socket = the socket does not exist
client-nothing-listens = nothing listens on the socket
client-closed = it closed the connection
play-daemon-busy = the daemon is too busy to take it ({ $why })
status-station = station
status-schedule = schedule
status-schedule-value = { $file } (loaded { $at })
status-refused-changes = refused changes, the last good schedule runs:
status-now = now
status-output-label = output
status-output = { $name }: { $state }
status-output-failed = { $name }: failed: { $why }
status-amplifier = amplifier
status-amp-state = { $state }
status-amp-last = { $state } (last: { $switch } at { $at }: { $result })
status-clock = clock
status-clock-holding = NOT synchronised: scheduled broadcasts are held (require_clock_sync)
status-clock-unsynced = not synchronised
status-clock-synced = synchronised
status-clock-unknown = cannot tell whether it is synchronised
status-history = history
status-history-failing = { $file }: cannot be written: { $why } ({ $n } row(s) kept in memory)
status-playing = playing
status-relay = stream
status-relay-connected = { $format }, { $buffer } s buffered
status-relay-connecting = no sound now ({ $why })
status-relay-reconnects = { $n ->
    [one] 1 reconnect
   *[other] { $n } reconnects
}
status-nothing = nothing
status-paused-label = paused
status-paused-until = scheduled broadcasts, until { $until }
status-paused = scheduled broadcasts, until `loa resume`
status-emergency = emergency
status-emergency-repeats = { $id } repeats; next at { $next } (`loa stop` ends it)
status-queue = queue
status-next = next
status-next-none = nothing in the next two days
status-last-error = last error

## The command line (loa --help).
cli-heading-usage = Usage:
cli-heading-commands = Commands
cli-heading-options = Options
cli-heading-arguments = Arguments
cli-value-command = COMMAND
cli-flag-help = Print help
cli-flag-version = Print version
cli-about = Plays a commune's scheduled announcements and emergency warnings through the loudspeakers
cli-config = The schedule file [default: /etc/loa/schedule.toml]
cli-socket = The daemon's control socket [default: /run/loa/loa.sock, or $XDG_RUNTIME_DIR/loa/loa.sock]
cli-state-dir = Where the history database lives [default: /var/lib/loa, or $XDG_STATE_HOME/loa]
cli-output = Play here, whatever the schedule's `output` says: "default", "null", "wav:PATH", or a name from `loa devices` (for `run` and `play`; on a machine without sound: null)
cli-run-about = Run the daemon in the foreground (systemd runs it this way)
cli-check-about = Check the schedule and every audio file it uses; print a summary and the next broadcasts
cli-next-about = Print the agenda: every broadcast the schedule produces in a window of days
cli-next-date = First local day of the window, YYYY-MM-DD [default: from now]
cli-next-days = How many local days the window spans
cli-next-json = Print one JSON array instead of a table
cli-play-about = Play now: an announcement id, an emergency preset id, or an audio file
cli-play-target = Announcement id, emergency preset id or title (any case, with or without accents), or an audio file (a path, or a name in audio_dir)
cli-play-emergency = Play as an emergency: interrupts whatever plays, ignores quiet hours and pause
cli-play-repeat = Play it this many times
cli-play-volume = Volume in percent of the station volume
cli-play-for = A stream (http:// or https://): relay it for this long ("30m"), else until `loa stop`
play-stream-silent = no sound came from { $url }: { $why }
play-stream-nothing = the server sent nothing
play-url-bad = "{ $url }" is not a stream's address loa can open: { $why }
play-for-range = --for takes a duration from 1 second to 24 hours, such as "30m" or "1h 30m"
cli-stop-about = Stop what is playing now (scheduled or emergency)
cli-pause-about = Suspend scheduled broadcasts (emergencies still play)
cli-pause-until = Resume by itself at this local time: "HH:MM", "YYYY-MM-DD HH:MM", or a duration like "2h"
cli-resume-about = Resume scheduled broadcasts
cli-status-about = Show the daemon's state: what plays, the queue, the next broadcasts, the output
cli-status-json = Print one JSON object
cli-reload-about = Re-read the schedule now
cli-history-about = Show what was played, skipped, interrupted or failed
cli-history-since = From this local date, YYYY-MM-DD
cli-history-until = Up to and including this local date, YYYY-MM-DD
cli-history-id = Only this announcement or preset
cli-history-month = Only this local month, YYYY-MM
cli-history-summary = Counts per announcement and outcome, and airtime, instead of the rows
cli-history-format = Output format
cli-devices-about = List audio output devices by the names the schedule accepts
cli-help-about = Print this message or the help of the given subcommand(s)
cli-not-a-date = "{ $value }" is not a date written YYYY-MM-DD, like 2026-12-01
cli-year-range = { $value }: the year must be between 1900 and 9999
cli-not-a-month = "{ $value }" is not a month written YYYY-MM, like 2026-12
cli-error-unknown-argument = unexpected argument '{ $arg }'
cli-error-unknown-command = unrecognized subcommand '{ $command }'
cli-error-invalid-value = invalid value '{ $value }' for '{ $arg }': { $why }
cli-error-missing = the following required arguments were not provided: { $arg }
cli-error-missing-command = a command is needed
cli-error-too-many = '{ $arg }' is given more than once or with another that excludes it
cli-error-did-you-mean = tip: did you mean '{ $what }'?
cli-error-more = For more information, try '--help'.

## Audio that would disappoint on air.
audio-silent = audio file "{ $file }" (used by { $who }) is silent: nothing would be heard
audio-silent-help = record it again, or check that the microphone was on
audio-quiet = audio file "{ $file }" (used by { $who }) is very quiet ({ $lufs } LUFS): listeners will hardly hear it
audio-quiet-help = record it closer to the microphone, or set loudness = -16 under [station] to level every file
audio-clipped = audio file "{ $file }" (used by { $who }) is clipped in { $n } places: it will sound distorted
audio-clipped-help = record it again with the level lower; turning it down now does not remove the distortion
audio-long = audio file "{ $file }" (used by { $who }) lasts { $length }: is it the right recording?
audio-long-help = a broadcast this long holds the loudspeakers; cut the file to what should be heard
expect-number = a number from { $min } to { $max }

## loa history and loa devices
history-nothing-yet = nothing recorded yet ({ $path } does not exist)
history-none = no broadcasts recorded in this period
history-col-when = WHEN
history-col-id = ID
history-col-source = SOURCE
history-col-outcome = OUTCOME
history-col-duration = DURATION
history-col-due = DUE
history-col-by = BY
history-col-reason = REASON
history-col-title = TITLE
history-col-airtime = AIRTIME
history-source = { $value }
history-outcome = { $value }
history-all-time = all time
history-period = { $from } to { $to }
history-the-start = the start
history-now = now
history-summary-head = broadcasts, { $period } ({ $zone })
history-total-airtime = total airtime: { $airtime }
devices-not-available = not available now: { $names }
cli-note-default = default: { $value }
cli-note-values = possible values: { $values }
cli-note-env = env: { $name }

## Relays (spec §8; read and checked, played from [8/10]).
user-relay = relay "{ $id }"
relay-duration-range = `duration` must be longer than zero and at most 24h
relay-duration-help = the window of the relay, for example duration = "30m"
relay-connect-ahead-range = `connect_ahead` may be at most 10m
relay-fallback-after-zero = `fallback_after` must be longer than zero
relay-streams-empty = `streams` is an empty list: give at least one stream URL
relay-url-scheme = "{ $url }" starts with { $scheme }://; loa relays only http:// and https:// streams
relay-url-no-host = "{ $url }" names no server
relay-url-invalid = "{ $url }" is not a web address: { $why ->
    [no-scheme] write it with http:// or https:// in front
    [no-host] it names no server
    [port] the port after ":" must be a number from 1 to 65535
   *[other] check it letter by letter, or copy it again from the station's page
}
relay-url-help = for example "http://radio.example.vn:8000/vov1" or "https://live.example.vn/vov1/playlist.m3u8"
check-online-heading = Streams, tried now:
check-online-ok = { $id }: { $url }: sound ({ $format })
check-online-failed = { $id }: { $url }: no sound: { $why }
check-online-dead = relay "{ $id }": none of its streams gives sound now
check-online-dead-help = check the addresses and the network; at air time loa tries them again, and plays the fallback if there is one
check-relays = relays
next-relay-window = relay until { $end }

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
bulletin-no-sound = the bulletin has no sound: give one of `preset`, `audio`, `stream`
bulletin-two-sounds = the bulletin gives more than one of `preset`, `audio`, `stream`
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
cli-fleet-send-key = The secret key (NAME.key from `loa fleet keygen`)
cli-fleet-send-preset = An emergency preset every node holds (nothing to download)
cli-fleet-send-stream = A live stream to relay (http:// or https://), with --for
cli-fleet-send-for = How long to relay the stream ("30m")
cli-fleet-send-title = The title the nodes show and log
cli-fleet-send-at = Play at this time (RFC 3339, or "HH:MM" today in this machine's zone) [default: at once]
cli-fleet-send-expires = Nodes that receive it later than this after sending refuse it
cli-fleet-send-broker = The broker, mqtt://HOST[:PORT] or mqtts://HOST[:PORT] [default: [fleet] of --config]
cli-fleet-send-username = The province's user name on the broker
cli-fleet-send-password-file = A file holding the password
cli-fleet-send-ca-file = The broker's CA certificate (PEM) [default: the system's roots]
fleet-expires-range = must be from 1m to 7d
fleet-keygen-done = Wrote { $secret } (the secret: keep it at the province, never send it) and { $public }. Put this line into each station's trusted_keys:
fleet-keygen-exists = { $path } already exists: choose another name, or remove it first
fleet-key-unreadable = cannot read the key { $path }: { $why }
fleet-key-not-secret = { $path } is not a secret key (NAME.key from `loa fleet keygen`)
fleet-no-broker = no broker: give --broker (or LOA_BROKER), or a schedule with [fleet] through --config
fleet-bad-prefix = "{ $prefix }" is not a node or a prefix of nodes: parts of a-z, 0-9 and -, separated by /
fleet-bad-when = --at: { $why }
fleet-stream-url = --stream: "{ $url }" is not an http:// or https:// address
fleet-sent = Sent { $id } ({ $level }) to { $topic }; it expires at { $expires }.
fleet-send-failed = could not publish to { $broker }: { $why }
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
cli-fleet-collect-about = Gather every node's history into one SQLite file (read it with `loa history --db`)
cli-fleet-collect-db = The collected file (created if missing)
cli-fleet-collect-idle = Stop after no row came for this long ("30s") [default: run until stopped]
cli-fleet-collect-broker = The broker, mqtt://HOST[:PORT] or mqtts://HOST[:PORT] [default: [fleet] of --config]
cli-fleet-collect-username = The province's user name on the broker
cli-fleet-collect-password-file = A file holding the password
cli-fleet-collect-ca-file = The broker's CA certificate (PEM) [default: the system's roots]
fleet-idle-range = must be from 1s to 24h
fleet-collected = { $rows } history row(s) from { $nodes } node(s) into { $db }.
cli-fleet-status-about = Every node's state, from the statuses the nodes keep at the broker
cli-fleet-status-prefix = Only the nodes under this prefix ("quang-nam/duy-xuyen")
cli-fleet-status-json = Print one JSON array
cli-fleet-status-broker = The broker, mqtt://HOST[:PORT] or mqtts://HOST[:PORT] [default: [fleet] of --config]
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
cli-fleet-push-key = The secret key (NAME.key from `loa fleet keygen`)
cli-fleet-push-broker = The broker, mqtt://HOST[:PORT] or mqtts://HOST[:PORT] [default: [fleet] of --config]
cli-fleet-push-username = The province's user name on the broker
cli-fleet-push-password-file = A file holding the password
cli-fleet-push-ca-file = The broker's CA certificate (PEM) [default: the system's roots]
fleet-pushed = Sent schedule { $id } to { $topic } (kept at the broker until replaced); the node reports on its ack topic whether it installed it.
pushed-no-fleet = the pushed schedule has no [fleet]: the station would leave the feed, and no schedule could be pushed to it again
pushed-other-node = the pushed schedule is for node "{ $node }", not this one ("{ $ours }")
