## loa history and loa devices
history-nothing-yet = nothing recorded yet ({ $path } does not exist)
history-none = no broadcasts recorded in this period
history-col-when = WHEN
history-col-id = ID
history-col-source = SOURCE
history-col-outcome = OUTCOME
history-col-duration = DURATION
history-col-due = DUE
history-col-by = REQUESTED BY
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
history-month = { $year }-{ $month ->
    [1] 01
    [2] 02
    [3] 03
    [4] 04
    [5] 05
    [6] 06
    [7] 07
    [8] 08
    [9] 09
   *[other] { $month }
}
excel-col-id = ID
excel-col-title = Title
excel-col-source = Source
excel-col-requested-by = Requested by
excel-col-requested = Requested at
excel-col-scheduled = Scheduled for
excel-col-started = Started
excel-col-ended = Ended
excel-col-duration = Duration (s)
excel-col-played = Played (s)
excel-col-outcome = Outcome
excel-col-reason = Reason
excel-col-files = Files or streams
excel-col-on-air = Relay with sound (s)
excel-col-bulletin = Bulletin
excel-col-text = Text read
excel-col-node = Cluster
excel-col-airtime-minutes = Airtime (minutes)
excel-total = TOTAL
history-err-dir = cannot create the state directory { $path }: { $why }
history-err-sqlite = history database { $path }: { $why }
history-err-missing = history database { $path } has no history yet (the daemon creates it when it first runs)
history-err-denied = cannot read the history { $path }: permission denied; it is readable by root and the members of group `loa` only (ask for `adduser YOUR-NAME loa`, or use sudo)
history-err-too-new = history database { $path } was written by a newer loa (schema { $found }, this one knows { $known })
history-err-writer-gone = the history writer has stopped
history-err-corrupt = the file is damaged or is not a history database
history-err-other = { $why }
devices-col-name = NAME (for `output`)
devices-col-default = DEFAULT
devices-col-format = FORMAT
devices-col-description = DESCRIPTION
devices-format = { $rate } Hz, { $channels } ch
devices-none-usable = (no audio output can be opened on this machine now)
devices-null = loa: plays into nothing, in real time
devices-wav = loa: writes what a card would play into a WAV file
devices-wav-name = wav:PATH
devices-alsa-plugin = ALSA's { $plugin ->
    [null] device that discards all samples
    [pulse] way to the PulseAudio sound server
    [pipewire] way to the PipeWire sound server
    [default] default output
    [sysdefault] default output of the sound card
    [jack] way to the JACK sound server
    [oss] OSS emulation
    [dmix] mixer that shares a card among programs
   *[other] { $plugin } plugin
}
devices-alsa-input = ALSA's { $plugin ->
    [sysdefault] default input of the sound card
    [dsnoop] input shared among programs
   *[default] default input
}
history-by-schedule = schedule
history-by-bulletin = bulletin { $id }
