# Live (spec §12): a person speaking, from the console's live page or `loa live`.

reply-live-busy = { $by } is live on air now: one person speaks at a time (wait until they finish, or `loa stop` ends it)
reply-live-on-air = You are on air
reply-live-waiting = Waiting to go on air
reason-live-left-waiting = the speaker finished before going on air
reason-live-lost = the connection to the speaker was lost
reason-live-silent = no sound came from the speaker for { $seconds } seconds
reason-live-device = the microphone stopped: { $why }
live-hello-too-long = the first message is longer than { $max } bytes
live-hello-bad = the first message must be JSON like {"{"}"format": "pcm_s16le", "rate": 48000, "channels": 1{"}"} (wrong near character { $column })
live-hello-unknown = the first message has a field "{ $field }" that live does not know (format, rate, channels, emergency)
live-hello-missing = the first message lacks "{ $field }"
live-hello-rate = a rate of { $rate } Hz cannot be taken (pcm_s16le: 8000 to 192000 Hz; opus: 8000, 12000, 16000, 24000 or 48000 Hz)
live-hello-channels = { $channels } channels cannot be taken (1 or 2)
live-frame-size = a sound message of { $bytes } bytes is not whole frames (each is { $frame } bytes)
live-frame-long = a sound message holds more than { $ms } ms of sound
live-frame-opus = an Opus packet cannot be decoded ({ $why })
reason-live-unreadable = the sound sent could not be read: { $why }
live-hello-first = the first message must be text: which sound follows
web-live-origin = live is taken only from this console's own pages
