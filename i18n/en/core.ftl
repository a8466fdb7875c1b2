# loa's messages in English, one file per concern (build.rs joins them). Every id here is also in i18n/vi/ (a test checks it).
# Placeables: { $name }. Plurals: { $n -> [one] … *[other] … }.

## The catalogue's own test.
test-plural = { $n } { $n ->
    [one] file
   *[other] files
}

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

## Durations, numbers and days as a person reads them (GLOSSARY.md).
dur-days = { $n } { $n ->
    [one] day
   *[other] days
}
dur-hours = { $n } { $n ->
    [one] hour
   *[other] hours
}
dur-minutes = { $n } { $n ->
    [one] minute
   *[other] minutes
}
dur-seconds = { $n } { $n ->
    [one] second
   *[other] seconds
}
dur-seconds-decimal = { $n } seconds
weekday-long = { $day ->
    [mon] Monday
    [tue] Tuesday
    [wed] Wednesday
    [thu] Thursday
    [fri] Friday
    [sat] Saturday
   *[sun] Sunday
}
day-today = today ({ $weekday })
day-tomorrow = tomorrow ({ $weekday })
day-yesterday = yesterday ({ $weekday })
day-other = { $weekday } { $date }
