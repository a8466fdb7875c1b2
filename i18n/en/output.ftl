## The audio output: why it cannot play (the foreground `loa play`, the daemon's log and status).
output-named = audio output "{ $name }"
output-unavailable = no audio output available: { $device }: { $why }. `loa devices` lists the outputs of this machine; without a sound card, play into `--output null` (or `output = "null"`, or `"wav:FILE"`, in [station])
output-why-no-device = this machine has no audio output device
output-why-not-available = the device cannot be opened (no sound card, or the audio server is not running)
output-why-busy = the device is in use by another program
output-why-permission = permission denied (is the user in the `audio` group?)
output-why-format = it wants samples as { $format }, which loa does not produce
output-why-thread = cannot start the pacing thread: { $why }
output-why-list = cannot list audio devices: { $why }
output-why-other = { $why }
output-not-found = audio output "{ $name }" not found; `loa devices` lists the outputs on this machine
output-stalled = the audio output stopped working: { $device } has played nothing for { $silent } ({ $errors } errors reported)
output-pacer-ended = the audio output stopped working: the pacing thread ended
output-wav = cannot write { $path }: { $why }
