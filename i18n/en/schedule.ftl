## The schedule file's form (encoding, TOML, keys, value types).
file-empty = the schedule file is empty; it needs at least a [station] table or one [[announcement]]
file-empty-help = start from the example in config/schedule.toml
file-binary = this is not a text file (it contains NUL bytes); is it the schedule, or an audio file?
file-utf16 = the file is saved as { $kind } ("Unicode"), not UTF-8
file-not-utf8 = the file is not UTF-8 text (byte { $byte } cannot be read); save it as UTF-8
file-save-utf8-help = in Notepad or most editors: File → Save As… → Encoding: UTF-8
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
days-words = mon..sun, t2..t7, cn, daily, weekdays or weekends
cron-fields = sec min hour day-of-month month day-of-week [year]
