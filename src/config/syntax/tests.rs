//! The parser's complaints, sorted and worded: one line of a schedule at a time, in both
//! languages.

use super::*;
use crate::i18n::{Lang, with_lang};

/// The headlines and helps `loa check` would print for `text`, in `lang`.
fn told(lang: Lang, text: &str) -> Vec<(String, Option<String>)> {
    with_lang(lang, || {
        let lines = line_starts(text);
        let src = Source::indexed("f.toml", text, &lines);
        let mut diags = Vec::new();
        assert!(
            parse_document(&src, &mut diags).is_none(),
            "{text:?} parsed"
        );
        diags.into_iter().map(|d| (d.headline(), d.help)).collect()
    })
}

/// The one finding for `text`, in English: headline and help.
fn one(text: &str) -> (String, String) {
    let mut all = told(Lang::En, text);
    assert_eq!(all.len(), 1, "{text:?}: {all:#?}");
    let (headline, help) = all.remove(0);
    (headline, help.unwrap_or_default())
}

#[test]
fn every_message_of_the_parser_has_its_kind() {
    // Every description toml_parser 1.1.6, toml 1.2.2 and toml_datetime 1.1.3 can give, with a
    // typical "expected" part; none may fall through to the plain fallback.
    let messages = [
        "duplicate key",
        "cannot extend value of type integer with a dotted key",
        "string values must be quoted, expected literal string",
        "invalid boolean, expected `true`",
        "invalid float, expected `nan`",
        "missing opening quote, expected `\"`",
        "invalid basic string, expected `\"`",
        "invalid literal string, expected `'`",
        "invalid multi-line basic string, expected `\"`",
        "invalid multi-line literal string, expected `'`",
        "invalid basic string, expected non-double-quote visible characters, `\\`",
        "invalid literal string, expected non-single-quote visible characters",
        "invalid multi-line basic string, expected newline",
        "missing escaped value, expected `b`, `e`, `f`, `n`, `r`, `\\`, `\"`, `x`, `u`, `U`",
        "too few unicode value digits, expected unicode hexadecimal value",
        "invalid value, expected unicode hexadecimal value",
        "key with no value, expected `=`",
        "missing value for key, expected `=`",
        "invalid unquoted key, expected letters, numbers, `-`, `_`",
        "unquoted keys cannot be empty, expected letters, numbers, `-`, `_`",
        "invalid key, expected key",
        "invalid key-value pair, expected key",
        "keys cannot be multi-line basic strings, expected basic string, literal string",
        "keys cannot be multi-line literal strings, expected basic string, literal string",
        "invalid table, expected key",
        "unclosed table, expected `]`",
        "unclosed array table, expected `]]`",
        "missing table open, expected `[`",
        "unexpected key or value, expected newline, `#`",
        "extra `=`, expected nothing",
        "missing value, expected value",
        "missing comma between array elements, expected `,`",
        "extra comma in array, expected value",
        "unexpected `=` in array, expected value, `]`",
        "unclosed array, expected `]`",
        "missing array opening, expected `[`",
        "missing inline table opening, expected `{`",
        "unclosed inline table, expected `}`",
        "extra comma in inline table, expected key",
        "extra assignment between key-value pairs, expected `,`",
        "missing key for inline table element, expected key",
        "missing assignment between key-value pairs, expected `=`",
        "missing comma between key-value pairs, expected `,`",
        "invalid inline table element, expected key",
        "invalid integer number, expected digits",
        "invalid hexadecimal number",
        "invalid octal number",
        "invalid binary number",
        "invalid float, expected nothing",
        "invalid mantissa, expected digits",
        "invalid fraction, expected digits",
        "invalid exponent, expected digits",
        "unexpected leading zero, expected nothing",
        "`_` may only go between digits, expected nothing",
        "redundant numeric sign, expected nothing",
        "unexpected sign",
        "integers with a radix cannot be signed, expected nothing",
        "radix must be lowercase, expected `0x`",
        "redundant integer number prefix, expected nothing",
        "invalid date, expected month between 01 and 12",
        "invalid time, expected a two-digit hour (HH)",
        "invalid offset, expected hours between 00 and 23",
        "invalid datetime",
        "invalid date-time",
        "carriage return must be followed by newline, expected newline",
        "invalid comment character, expected printable characters",
        "recursion limit",
        "cannot recurse further; max recursion depth met",
    ];
    for m in messages {
        assert_ne!(Kind::of(m), Kind::Other, "{m}");
    }
    // What is left to the fallback: messages an officer's file cannot cause.
    for m in [
        "unexpected content",
        "missing comment start, expected `#`",
        "could not allocate for string",
    ] {
        assert_eq!(Kind::of(m), Kind::Other, "{m}");
    }
}

#[test]
fn the_habits_behind_the_parser_s_complaints() {
    let (h, help) = one("at: \"17h\"\n");
    assert_eq!(
        h,
        "f.toml:1:3: error: `at` is followed by a colon; in the schedule a key is followed by ="
    );
    assert_eq!(help, "write at = \"17h\"");
    let (h, help) = one("title: Bản tin\n");
    assert!(h.contains("colon"), "{h}");
    assert_eq!(help, "write title = \"Bản tin\"");

    let (h, help) = one("// Bản tin sáng\n");
    assert_eq!(h, "f.toml:1:1: error: a note starts with #, not with //");
    assert_eq!(help, "write # instead of //: # Bản tin sáng");
    let (h, _) = one("volume = 80 // to\n");
    assert!(
        h.starts_with("f.toml:1:13: error: a note starts with #"),
        "{h}"
    );

    let (h, _) = one("title = “Bản tin”\n");
    assert!(h.contains("straight quotes"), "{h}");
    let (h, _) = one("from = 01/12/2026\n");
    assert!(h.contains("write 2026-12-01"), "{h}");
}

#[test]
fn invisible_characters_are_named_with_their_column() {
    for (text, column, name) in [
        ("title\u{a0}= \"x\"\n", 6, "a non-breaking space (U+00A0)"),
        ("title =\u{a0}\"x\"\n", 8, "a non-breaking space (U+00A0)"),
        ("title = \"x\"\u{200b}\n", 12, "a zero-width space (U+200B)"),
        (
            "a = 1\n\u{feff}title = \"x\"\n",
            1,
            "a byte-order mark, BOM (U+FEFF)",
        ),
        ("title\u{3000}= \"x\"\n", 6, "a full-width space (U+3000)"),
        ("title = \"x\u{1}\"\n", 11, "a control character (U+0001)"),
        (
            "title = \"x\" # \u{2}\n",
            15,
            "a control character (U+0002)",
        ),
    ] {
        let (h, help) = one(text);
        assert!(
            h.contains(&format!(
                ":{column}: error: column {column} has an invisible character, {name}"
            )),
            "{text:?}: {h}"
        );
        assert!(help.starts_with("delete it"), "{help}");
    }
    // Inside quotes, or in a note, such a character is only part of the words.
    let (h, _) = one("title = \"Bản\u{a0}tin\nat = 1\n");
    assert!(h.contains("not closed"), "{h}");
}

#[test]
fn texts_and_their_quotes() {
    let (h, help) = one("title = Bản tin buổi sáng\n");
    assert_eq!(
        h,
        "f.toml:1:9: error: the text Bản tin buổi sáng needs double quotes around it"
    );
    assert_eq!(help, "write title = \"Bản tin buổi sáng\"");
    let (_, help) = one("files = [ban-tin.mp3]\n");
    assert_eq!(help, "write \"ban-tin.mp3\"");
    let (_, help) = one("days = t2-t6\n");
    assert_eq!(help, "write days = \"t2-t6\"");
    let (_, help) = one("gap = 20s\n");
    assert_eq!(help, "write gap = \"20s\"");
    let (h, help) = one("volume = 80%\n");
    assert!(h.contains("`volume` takes a number alone"), "{h}");
    assert_eq!(help, "write volume = 80");
    let (h, _) = one("enabled = True\n");
    assert!(
        h.contains("\"True\" is not understood here: write true or false"),
        "{h}"
    );
    let (h, _) = one("enabled = có\n");
    assert!(h.contains("write true or false"), "{h}");

    let (h, help) = one("title = \"Bản tin buổi sáng\nat = 1\n");
    assert_eq!(
        h,
        "f.toml:1:9: error: the text opened with \" is not closed on this line"
    );
    assert!(help.starts_with("put \" at the end"), "{help}");
    let (h, _) = one("title = \"Bản tin\nbuổi sáng\"\nat = 1\n");
    assert_eq!(
        h,
        "f.toml:1:9: error: the text in quotes is broken over two lines (lines 1 and 2)"
    );
    let (h, help) = one("title = Bản tin\"\n");
    assert!(
        h.contains("ends with \" but does not start with one"),
        "{h}"
    );
    assert_eq!(help, "write title = \"Bản tin\"");
    let (h, help) = one("title = \"Tin sáng\\\"\n");
    assert!(h.contains("is not closed"), "{h}");
    assert!(help.starts_with("\\\" is read as a quote"), "{help}");
}

#[test]
fn a_windows_path_and_other_backslashes() {
    let (h, help) = one("files = [\"D:\\Thu am\\ban-tin.mp3\"]\n");
    assert_eq!(
        h,
        "f.toml:1:10: error: the path \"D:\\Thu am\\ban-tin.mp3\" has \\, which inside \"…\" \
         starts a special sign (like \\n) and does not separate folders"
    );
    assert!(help.contains("for example \"ban-tin.mp3\""), "{help}");
    // Ending in a backslash, the path swallows its closing quote and the list's bracket, and
    // the lines after it are read as items: one error, on the path.
    let all = told(
        Lang::En,
        "files = [\"D:\\Thu am\\\"]\nat = \"05:30\"\nid = \"a\"\n",
    );
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(
        all[0].0.contains("the path \"D:\\Thu am\\\""),
        "{}",
        all[0].0
    );
    let (_, help) = one("audio_dir = \"D:\\Thu am\"\n");
    assert!(help.contains("/media/usb"), "{help}");
    let (h, help) = one("title = \"A\\B\"\n");
    assert!(
        h.starts_with("f.toml:1:11: error: \\B is not a sign"),
        "{h}"
    );
    assert!(help.contains("\\\\"), "{help}");
}

#[test]
fn keys_and_lines() {
    let (h, _) = one("tiêu_đề = \"x\"\n");
    assert!(
        h.contains("the key `tiêu_đề` has letters with accents"),
        "{h}"
    );
    let (h, _) = one("start time = \"05:30\"\n");
    assert!(h.contains("the key `start time` has a space"), "{h}");
    let (h, help) = one("Bản tin sáng thứ hai\n");
    assert!(
        h.starts_with("f.toml:1:1: error: this line has no ="),
        "{h}"
    );
    assert_eq!(
        help,
        "to keep it as a note, put # at its start: # Bản tin sáng thứ hai"
    );
    let (h, _) = one("= \"x\"\n");
    assert!(h.contains("a key is missing before ="), "{h}");
    let (h, _) = one("title =\n");
    assert!(h.contains("`title` has nothing after ="), "{h}");
    let (h, help) = one("title = = \"x\"\n");
    assert!(h.contains("= is written twice"), "{h}");
    assert_eq!(help, "write title = \"x\"");
    let (h, _) = one("id = \"a\"\nid.x = 1\n");
    assert!(h.contains("`id` already has a value above"), "{h}");
}

#[test]
fn tables_and_their_brackets() {
    let (h, help) = one("[[announcement]\nid = \"a\"\n");
    assert!(
        h.contains("the brackets of the table header [[announcement] do not match"),
        "{h}"
    );
    assert_eq!(help, "write [[announcement]]");
    let (_, help) = one("[announcement\nid = \"a\"\n");
    assert_eq!(help, "write [[announcement]]");
    let (_, help) = one("[station]]\n");
    assert_eq!(help, "write [station]");
    let (h, _) = one("[]\n");
    assert!(h.contains("have no table name"), "{h}");

    // Two single-bracket tables: each repeated one is told, pointing at the first; the keys
    // they share are not mistakes of their own.
    let text = "[station]\nname = \"x\"\n\n[announcement]\nid = \"a\"\nat = \"05:30\"\n\n\
                [announcement]\nid = \"b\"\nat = \"06:00\"\n";
    let (h, help) = one(text);
    assert_eq!(
        h,
        "f.toml:8:1: error: [announcement] is written again: each announcement starts with \
         [[announcement]], in double brackets"
    );
    assert_eq!(help, "write [[announcement]] here, and on line 4 too");
    let all = told(Lang::En, &format!("{text}\n[announcement]\nid = \"c\"\n"));
    assert_eq!(all.len(), 2, "{all:#?}");
    let (h, _) = one("[emergency]\nid = \"a\"\n[emergency]\nid = \"b\"\n");
    assert!(
        h.contains("each emergency preset starts with [[emergency]]"),
        "{h}"
    );
    // `[announcement]` then `[[announcement]]`: the single one is the mistake.
    let (h, _) = one("[announcement]\nid = \"a\"\n[[announcement]]\nid = \"b\"\n");
    assert_eq!(
        h,
        "f.toml:1:1: error: `announcement` must be written [[announcement]], with double brackets"
    );
    // Any other table or key written twice is written twice.
    let (h, _) = one("[station]\n[station]\n");
    assert!(
        h.contains("`station` is written twice; keep only one"),
        "{h}"
    );
}

#[test]
fn lists_values_and_numbers() {
    let (h, _) = one("files = [\"a.mp3\" \"b.mp3\"]\n");
    assert!(
        h.starts_with("f.toml:1:18: error: a comma is missing"),
        "{h}"
    );
    let (h, help) = one("at = \"05:30\", \"17:00\"\n");
    assert!(h.contains("several values need square brackets"), "{h}");
    assert_eq!(help, "write at = [\"05:30\", \"17:00\"]");
    let (h, help) = one("loudness = -16,5\n");
    assert!(h.contains("-16,5 has a decimal comma"), "{h}");
    assert_eq!(help, "write loudness = -16.5");
    let (h, _) = one("title = \"Bản tin\" sáng\n");
    assert!(
        h.contains("there is more on this line after the value: sáng"),
        "{h}"
    );
    let (h, _) = one("files = [\"a.mp3\",,\"b.mp3\"]\n");
    assert!(h.contains("two commas in a row"), "{h}");
    let (h, _) = one("files = \"a.mp3\"]\n");
    assert!(h.contains("there is a ] with no [ before it"), "{h}");
    let (h, _) = one("on = {a = 1 b = 2}\n");
    assert!(h.contains("the table in { } is not written right"), "{h}");
    let (h, _) = one("except = [2026-12-25 2027-01-01]\n");
    assert!(h.contains("a comma is missing"), "{h}");

    // A list left open swallows the lines after it: one error, where it opened.
    let all = told(
        Lang::En,
        "[[announcement]]\nfiles = [\"a.mp3\"\nat = \"05:30\"\n\n[[announcement]]\nid = \"b\"\n",
    );
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(
        all[0].0,
        "f.toml:2:9: error: the list opened with [ here is not closed with ]"
    );

    for (text, written) in [
        ("at = 0530\n", "0530"),
        ("volume = 0.8.1\n", "0.8.1"),
        ("volume = 8_\n", "8_"),
        ("volume = ++8\n", "++8"),
        ("volume = 0X1F\n", "0X1F"),
        ("volume = 1e\n", "1e"),
    ] {
        let (h, help) = one(text);
        assert!(
            h.contains(&format!("{written} is not a number the schedule can read")),
            "{text:?}: {h}"
        );
        assert!(help.contains("at = \"05:30\""), "{help}");
    }
    let (h, _) = one("at = 5:30\n");
    assert!(h.contains("5:30 is not a time of day"), "{h}");
    let (h, help) = one("from = 2026-13-01\n");
    assert!(h.contains("2026-13-01 is not a date"), "{h}");
    assert_eq!(help, "months run 01 to 12");
    let (_, help) = one("from = 2026-1-01\n");
    assert!(help.contains("YYYY-MM-DD"), "{help}");
    let (h, _) = one("from = 2026-02-30\n");
    assert!(h.contains("2026-02-30 does not exist (`from`)"), "{h}");
    let (h, _) = one("a = 1\rb = 2\n");
    assert!(h.contains("lone carriage return"), "{h}");
}

#[test]
fn no_english_reaches_a_vietnamese_reader() {
    // Every kind above, and what only the fallback words, in Vietnamese: none of the parser's
    // own words ("expected", "invalid", "key", "string"...) may be left in.
    let texts = [
        "at: \"17h\"\n",
        "// x\n",
        "title\u{a0}= \"x\"\n",
        "title = Bản tin\n",
        "title = \"Bản tin\nat = 1\n",
        "files = [\"D:\\Thu am\\a.mp3\"]\n",
        "title = \"A\\B\"\n",
        "tiêu_đề = 1\n",
        "Bản tin sáng\n",
        "= 1\n",
        "[[announcement]\n",
        "[announcement]\nid = \"a\"\n[announcement]\nid = \"b\"\n",
        "a = 1\na = 2\n",
        "at = \"05:30\", \"17:00\"\n",
        "files = [\"a\" \"b\"]\n",
        "files = [\"a\"\nat = 1\n",
        "on = {a = 1 b = 2}\n",
        "at = 0530\n",
        "at = 5:30\n",
        "from = 2026-13-01\n",
        "enabled = True\n",
        "a = 1\rb = 2\n",
        "\"\"\"a\"\"\" = 1\n",
        "a = \"\\uD800\"\n",
        "]\n",
    ];
    for text in texts {
        for (headline, help) in told(Lang::Vi, text) {
            let all = format!("{headline} {}", help.unwrap_or_default()).to_lowercase();
            for english in [
                "expected",
                "invalid",
                "missing",
                "unexpected",
                " key",
                "string",
                " value",
                "write ",
                " must ",
                " is not ",
                "table",
                "array",
            ] {
                assert!(!all.contains(english), "{text:?}: {english:?} in {all}");
            }
        }
    }
}

#[test]
fn a_page_of_one_mistake_is_not_buried() {
    // Many complaints on one long line are sorted once, not line by line.
    let line = format!("files = [{}]\n", ",".repeat(50_000));
    let all = told(Lang::En, &line);
    assert_eq!(all.len(), 1);
    // A list mistake on each of 20,000 lines: each line read once, not the file per line.
    let text = "a = [1 = 2]\n".repeat(20_000);
    assert_eq!(told(Lang::En, &text).len(), 20_000);
    let text = format!("x = [\n{}", "a = 1\n".repeat(20_000));
    assert_eq!(told(Lang::En, &text).len(), 1);
    // A thousand single-bracket tables: each repeated one told once.
    let text = "[announcement]\nid = \"a\"\n".repeat(1000);
    assert_eq!(told(Lang::En, &text).len(), 999);
}
