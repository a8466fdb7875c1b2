## Warnings that depend on today and on the audio.
lint-window-ended = announcement "{ $id }": its window ended on { $until }; it will not play again
lint-never-plays = announcement "{ $id }" will not play in the next { $days } days: { $why ->
    [cron] no date in its window matches the cron expression
   *[days] no date in its window matches its days
}
lint-emergency-no-pause = emergency preset "{ $id }" lasts { $length } but repeats every { $every }: it will play without a pause
lint-and-more = … and { $n } more announcements { $kind ->
    [same-minute] are due in the same minute as another (they play one after the other, by priority)
    [in-relay] fall in a relay's window they cannot cut into (they start late or are skipped)
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
lint-in-relay = "{ $id }" at { $at } on { $date } falls in the relay "{ $relay }" ({ $from }–{ $until }), which it cannot cut into (its priority { $priority } is not higher than the relay's { $relay_priority }); { $outcome ->
    [skipped] it will be skipped: the relay ends more than max_delay ({ $max_delay }) after its time
   *[late] it will start late, at { $until }, when the relay ends
}
lint-in-relay-help = move "{ $id }" out of { $from }–{ $until }, or give it priority = { $priority } (or more) to cut into the relay
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
next-will-be-skipped = will be skipped: the one before still plays past max_delay ({ $max_delay })
next-held-by-relay = { $outcome ->
    [skipped] will be skipped: in relay "{ $relay }" until { $until }, past max_delay
   *[late] starts late, at { $until }: in relay "{ $relay }", cannot cut in
}
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
check-output-override = { $output } (given by --output or LOA_OUTPUT; the schedule says "{ $written }"), volume { $volume }%
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
