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
reply-paused-until = scheduled broadcasts paused until { $until }; { $skipped ->
    [0] no broadcast will be skipped
    [one] 1 broadcast will be skipped ({ $which })
   *[other] { $skipped } broadcasts will be skipped ({ $which })
}{ $late ->
    [0] {""}
    [one] ; 1 will play late, when it resumes
   *[other] ; { $late } will play late, when it resumes
}
reply-paused = scheduled broadcasts paused until `loa resume`
reply-stop-cleared = { $said }; { $n ->
    [one] 1 play waiting in the queue is cancelled too
   *[other] { $n } plays waiting in the queue are cancelled too
}
reply-queue-cleared = nothing was playing; { $n ->
    [one] 1 play waiting in the queue is cancelled
   *[other] { $n } plays waiting in the queue are cancelled
}
reply-pause-when = { $time } { $day }
reply-paused-next = scheduled broadcasts paused until `loa resume`; from the next one on, "{ $id }" at { $at }, none will play
reply-already-playing = "{ $id }" is already playing; nothing changed (`loa play { $id } --again` plays it once more afterwards)
reply-already-playing-emergency = emergency "{ $id }" is already playing; nothing changed (`loa play { $id } --again` starts it again from the beginning, now)
reply-already-queued = "{ $id }" is already waiting in the queue; nothing changed (`--again` queues it once more)
reply-resumed = scheduled broadcasts resumed
reply-not-paused = scheduled broadcasts were not paused
reply-not-found = no announcement or emergency preset "{ $target }" in { $file }; the ids are: { $ids }
reply-too-many-waiting = { $n } plays are already waiting for the output; try again when one has played (or stop them: Stop in the console, `loa stop`)
reply-emergency-playing = emergency "{ $id }" playing now
reply-emergency-playing-every = emergency "{ $id }" playing now, again every { $every } until stopped (Stop in the console, or `loa stop`)
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
client-no-answer = no answer within { $secs } s
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
}{ $failed ->
    [0] {""}
    [one] , 1 try without sound
   *[other] , { $failed_count } tries without sound
}{ $silent ->
    [none] {""}
   *[other] ; no sound for { $silent }
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
load-still-reading = the previous read of { $file } has not finished; the last good schedule keeps running
load-no-thread = cannot start reading the schedule; the last good schedule keeps running
load-reader-stopped = the schedule could not be read (its reader stopped)
load-too-slow = the schedule could not be read within { $deadline } (a network disk that does not answer?)
status-schedule-refused = the schedule was refused: { $first }
status-history-cannot-write = the history cannot be written: { $why }; { $n ->
    [one] 1 row kept in memory
   *[other] { $n } rows kept in memory
}
daemon-no-good-schedule = the schedule has errors and there is no good one to fall back on; fix it (`loa check` lists the errors) and start again
daemon-no-signals = cannot catch signals
status-output-state = { $state ->
    [idle] idle
    [playing] playing
    [failed] failed
   *[other] { $state }
}
client-no-daemon-help = is the loa service stopped? See it with `sudo systemctl status loa`, start it again with `sudo systemctl restart loa`, read its last lines with `sudo journalctl -u loa -n 50`; if it does not start, call the technician
