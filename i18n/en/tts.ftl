# Text to speech (spec §13): [tts], `text` / `text_file`, the engines and their errors.
tts-engine-and-command = `engine` and `command` both say which program reads: keep one
tts-engine-and-command-help = engine = "espeak-ng" (built in), or command = ["piper", "--model", "/etc/loa/vi.onnx", "--output_file", "{"{"}out{"}"}"] for an engine of your own
tts-engine-unknown = no engine is called "{ $value }"
tts-engine-help = engine = "espeak-ng" is built in; for another engine write its command: command = ["program", "arguments…", "{"{"}out{"}"}"] (it reads the text on standard input and writes a WAV file at {"{"}out{"}"})
tts-command-empty = the command is empty: write the program first
tts-command-help = for example command = ["piper", "--model", "/etc/loa/vi.onnx", "--output_file", "{"{"}out{"}"}"]: the program reads the text on standard input and writes a WAV file where {"{"}out{"}"} stands
tts-command-no-out = the command does not say where to write the sound: put {"{"}out{"}"} where the WAV file's name goes
tts-voice-invalid = `voice` must be a voice's name, such as voice = "vi"
tts-timeout-range = `timeout` must be from 5 seconds to 30 minutes
tts-dialect-unknown = no reading is called "{ $value }"
tts-dialect-help = dialect = "north" (nghìn, linh: the default) or dialect = "south" (ngàn, lẻ)
tts-lexicon-too-big = bigger than { $max } bytes
tts-not-utf8 = not UTF-8 text (save it as UTF-8 in the editor)
tts-lexicon-unreadable = the lexicon { $file } cannot be read: { $why }
tts-lexicon-help = the lexicon is a text file with one line per word: "UBND" = "Ủy ban nhân dân"
tts-lexicon-entry = "{ $word }" must be followed by its reading in quotes, such as "{ $word }" = "…"
tts-text-and-text-file = `text` and `text_file` both say what to read: keep one
tts-text-and-text-file-help = text = "…" for a short notice written here; text_file = "thong-bao.txt" for one kept in a file of its own
tts-text-too-long = the text is { $bytes } bytes long: at most { $max } (split it into several announcements)
tts-text-file-unreadable = the text file { $file } cannot be read: { $why }
tts-text-and-files = a text replaces the recordings: write `text` or `files`, not both
tts-text-and-files-help = to play a recording and then a text, make them two announcements at the same time
tts-text-empty = the text has nothing to read
tts-text-empty-help = write the notice between the quotes: text = "Thông báo: …"
tts-no-sound = { $program } wrote no sound that can be played: { $why }
tts-empty-sound = it lasts no time at all
tts-too-long = it would last { $length }, far longer than the text takes to read (at most { $most })
tts-cannot-keep = the sound cannot be kept in { $file }: { $why }
tts-not-installed = { $program } is not installed on this machine: sudo apt-get install espeak-ng
tts-program-missing = { $program } was not found: write the program's full path first in `command` (for example "/opt/piper/piper"), and check that it is installed
tts-command-one-string = `command` must be a list, one argument per item: command = ["piper", "--model", "/etc/loa/vi.onnx", "--output_file", "{"{"}out{"}"}"]
tts-cannot-run = { $program } cannot be run: { $why }
tts-no-thread = { $program } cannot be run now: the system has no room for another task
tts-timed-out = { $program } did not finish within { $seconds } seconds and was stopped (a longer `timeout` in [tts] if it is slow)
tts-failed = { $program } failed (exit code { $code }){ $said ->
    [none] {""}
   *[other] : { $said }
}
tts-killed = { $program } was stopped by signal { $signal }{ $said ->
    [none] {""}
   *[other] : { $said }
}
tts-render-failed = this text cannot be read aloud: { $why }
tts-render-failed-help = `loa tts "…" --out test.wav` tries the engine on its own; docs/tts.md says how to choose one
tts-written = the sound is in { $file }
reply-text-failed = the text cannot be read aloud: { $why }
reply-text-not-now = the daemon cannot read a text aloud now: try again in a moment
