## Why a broadcast ended as it did (history's `reason`). The English ones are what JSON and CSV
## print for scripts: change them only with the tests that read them.
reason-crashed = the daemon stopped unexpectedly (a crash or a power cut)
reason-crashed-starting = the daemon stopped unexpectedly (a crash or a power cut) as it was starting; it may have sounded for a moment, so it is not played again
reason-daemon-down = the daemon was not running
reason-never-started = it never started
reason-shutdown = daemon stopped
reason-shutdown-waiting = the daemon stopped before its turn came
reason-stopped-by = stopped by { $by }
reason-cleared-by = taken off the queue by { $by } (`loa stop`)
reason-interrupted-by = interrupted by { $what }
reason-what-emergency = emergency "{ $id }"
reason-what-broadcast = "{ $id }"
reason-limit = reached the limit of { $limit } for one play
reason-clock-jumped = could not start within max_delay ({ $max_delay }): the clock jumped forward past it
reason-too-late = could not start within max_delay ({ $max_delay })
reason-too-late-why = could not start within max_delay ({ $max_delay }): { $why }
reason-window-ended = its window ended before it could start: { $why }
reason-why-busy = the output was busy
reason-why-relay = the relay "{ $id }" was on air and an announcement of equal or lower priority does not cut into it
reason-why-emergency = held by an emergency
reason-why-paused = broadcasts were paused
reason-why-clock = clock not synchronised
reason-why-on-lead = the amplifier's on_lead would pass it
reason-relay-lost = lost { $lost }
reason-relay-lost-why = lost { $lost }: { $why }
reason-relay-late = { $late } late: { $cause }
reason-relay-silent = { $silent } without sound
reason-relay-reconnects = { $n ->
    [one] 1 reconnect
   *[other] { $n } reconnects
}
reason-relay-fallback = { $fallback } of fallback
reason-relay-cut = { $cut } for { $by }
reason-relay-no-sound = no stream gave sound
reason-relay-fallback-only = no stream gave sound; the fallback played for { $fallback }
reason-and-lost = { $reason }; lost { $lost }
reason-file-failed = { $file }: { $why }
reason-file-failed-after = { $file }: { $why } (after { $after })
reason-file-short = { $file }: only { $got } of { $expected } played: the file ended early (was it changed or cut while playing?)
reason-file-damage = { $file }: { $why }
reason-nothing-to-play = nothing to play
reason-output-not-open = the audio output is not open
reason-output-closed = the audio output closed
reason-player-stopped = the player stopped
reason-damage = audio lost in { $places } { $places ->
    [one] place
   *[other] places
}, first at { $at }
reply-stopped-before-sound = it was stopped before it sounded
reply-emergency-before-sound = an emergency took the output before it sounded
reason-relay-failed-tries = { $n ->
    [one] 1 try without sound
   *[other] { $count } tries without sound
}
reason-province-stopped = stopped by the province ({ $stop })
