## The schedule's TOML syntax, as the parser refuses it (config/syntax.rs): what the officer
## wrote, in plain words, and what to write instead. The parser's own English appears only in
## toml-invalid, for what nothing else here explains.
toml-invalid = this line is not valid TOML ({ $why })
toml-invalid-help = compare it with the example config/schedule.toml: each line is key = value, a [table] header, or a note starting with #
toml-write-help = write { $fixed }
toml-duplicate-key = `{ $key }` is written twice; keep only one
toml-duplicate-key-help = a [table] may appear once, and a key once in each table
toml-dotted = `{ $key }` already has a value above, so `{ $key }.…` cannot add to it
toml-table-repeated = [{ $key }] is written again: { $key ->
    [announcement] each announcement
    [emergency] each emergency preset
   *[other] each relay
} starts with [[{ $key }]], in double brackets
toml-table-repeated-help = write [[{ $key }]] here, and on line { $first } too
toml-table-brackets = the brackets of the table header { $written } do not match
toml-table-empty = the brackets [ ] have no table name inside
toml-table-example-help = for example [station] or [[announcement]]

## Invisible characters and quotes pasted from Word, Zalo or a web page.
toml-invisible = column { $column } has an invisible character, { $name } (U+{ $code }), which came with text copied from Word, Zalo or a web page
toml-invisible-help = delete it: put the cursor just after it and press Backspace, then type an ordinary space if one belongs there (Notepad shows the line and column at the bottom)
toml-char-name = { $char ->
    [nbsp] a non-breaking space
    [narrow-nbsp] a narrow non-breaking space
    [zwsp] a zero-width space
    [zero-width] a zero-width joiner
    [bom] a byte-order mark, BOM
    [ideographic] a full-width space
    [soft-hyphen] a soft hyphen
    [bidi] a text-direction mark
    [control] a control character
   *[other] a special space
}
toml-curly-quotes = this line has the quote { $quote }, from Word, Zalo or a phone; the schedule needs straight quotes "
toml-curly-quotes-help = retype the quotes as " in a plain text editor (nano, Notepad), for example title = "Bản tin sáng"

## Habits from other kinds of files.
toml-slash-comment = a note starts with #, not with //
toml-slash-comment-help = write # instead of //: { $fixed }
toml-colon = `{ $key }` is followed by a colon; in the schedule a key is followed by =

## Text and quotes.
toml-unquoted = the text { $text } needs double quotes around it
toml-missing-value = `{ $key }` has nothing after =
toml-missing-value-help = write its value after =, for example title = "Bản tin sáng", or delete the line
toml-missing-open-quote = the text ends with { $quote } but does not start with one
toml-unclosed-quote = the text opened with { $quote } is not closed on this line
toml-unclosed-quote-help = put { $quote } at the end of the text too, for example title = "Bản tin sáng"
toml-text-split = the text in quotes is broken over two lines (lines { $line } and { $next })
toml-text-split-help = join it back onto one line: delete the line break inside the quotes
toml-backslash-path = the path "{ $path }" has \, which inside "…" starts a special sign (like \n) and does not separate folders
toml-backslash-path-help = this machine separates folders with /, not \: write only the file name, for example "{ $name }", and copy the file into audio_dir
toml-backslash-dir-help = this machine separates folders with /, not \, for example "/media/usb"
toml-backslash = \{ $sign } is not a sign the schedule knows: inside "…", \ starts a special sign such as \n (a new line)
toml-backslash-help = to write \ itself, write \\, or put the text in single quotes: { $fixed }
toml-backslash-quote-help = \" is read as a quote inside the text, not as its end: remove the \ before the last "

## Keys.
toml-line-no-equals = this line has no =; each line is key = value, a [table] header, or a note starting with #
toml-note-help = to keep it as a note, put # at its start: # { $line }
toml-key-space = the key `{ $key }` has a space in it; a key is one word
toml-key-accents = the key `{ $key }` has letters with accents; keys are English words without accents
toml-key-char = the key `{ $key }` has the character { $char }, which a key cannot have
toml-key-bad = `{ $key }` cannot be a key
toml-key-help = keys are written as in config/schedule.toml, with letters a-z, digits, - and _, such as title or audio_dir
toml-key-empty = a key is missing before =
toml-key-example-help = write the key before =, for example title = "Bản tin sáng"
toml-equals-twice = = is written twice

## Lists, brackets, values.
toml-list-brackets = several values need square brackets around them
toml-decimal-comma = { $written } has a decimal comma; the schedule writes decimals with a dot
toml-after-value = there is more on this line after the value: { $rest }
toml-after-value-help = one line holds one key = value: a note goes after #, and text with spaces goes inside the quotes
toml-list-comma = a comma is missing between two items of the list
toml-list-comma-help = separate the items with commas, for example files = ["a.mp3", "b.mp3"]
toml-list-extra-comma = two commas in a row: an item is missing between them
toml-list-equals = a list in [ ] holds values only, not key = value
toml-list-unclosed = the list opened with [ here is not closed with ]
toml-list-unclosed-help = put ] after the last item, for example files = ["a.mp3", "b.mp3"]
toml-no-opening = there is a { $close } with no { $open } before it
toml-brackets-help = brackets come in pairs: [ with ], and {"{"} with {"}"}
toml-inline-table = the table in {"{ }"} is not written right: it holds key = value pairs, separated by commas, on one line
toml-number = { $written } is not a number the schedule can read
toml-number-help = write digits only: no leading 0, no unit, a dot for decimals (volume = 80, loudness = -16.5); a time goes in double quotes (at = "05:30")
toml-number-alone = `{ $key }` takes a number alone, without a unit or words
toml-bool = "{ $written }" is not understood here: write true or false, in lowercase and without quotes
toml-date = { $written } is not a date the schedule can read
toml-time = { $written } is not a time of day the schedule can read
toml-time-help = put times in double quotes, for example at = "05:30"; hours run 00 to 23, minutes 00 to 59
toml-lone-cr = this line ends with a lone carriage return (CR), as old Mac editors wrote
toml-lone-cr-help = save the file again with Windows (CRLF) or Unix (LF) line endings
toml-too-deep = too many brackets inside one another

## Ids shared by two entries (schedule/values.rs).
id-taken = id "{ $id }" is already used by the { $kind ->
    [announcement] announcement
    [emergency] emergency preset
   *[other] relay
} "{ $title }" on line { $line }; every announcement, emergency preset and relay needs its own id
id-taken-untitled = id "{ $id }" is already used by the { $kind ->
    [announcement] announcement
    [emergency] emergency preset
   *[other] relay
} on line { $line }; every announcement, emergency preset and relay needs its own id
id-taken-help = give this one another id, for example id = "{ $suggestion }"
