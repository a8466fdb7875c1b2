//! What holds for every text: no panic, no digit, blanks normalised, the same answer every time,
//! a second reading changes nothing; the station's lexicon over the built-in table; NFD input.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

use crate::tts::read::{Dialect, Lexicon, read_aloud, words};

/// Pieces that exercise the rules, glued together by [`GLUE`] in any order.
const PIECES: &[&str] = &[
    "0912345678",
    "0912",
    "345",
    "678",
    "+84",
    "1900",
    "113",
    "115",
    "31",
    "8",
    "2026",
    "1.250",
    "2,5",
    "0,75",
    "1.5",
    "12.34",
    "45",
    "13",
    "7",
    "9",
    "5h30",
    "7g30",
    "17:00",
    "h",
    "g",
    "đ",
    "k",
    "m",
    "m2",
    "m²",
    "km",
    "km/h",
    "°C",
    "°",
    "oC",
    "độ",
    "C",
    "%",
    "$",
    "USD",
    "VNĐ",
    "x",
    "×",
    "UBND",
    "TP.",
    "TP",
    "v.v.",
    "Covid-19",
    "T2",
    "CN",
    "HIV",
    "THÔNG",
    "BÁO",
    "QL",
    "1A",
    "H5N1",
    "A",
    "I",
    "IV",
    "XIII",
    "quý",
    "thứ",
    "ngày",
    "tháng",
    "năm",
    "số",
    "gọi",
    "cấp",
    "động",
    "hotline",
    "SĐT",
    "ĐT",
    "đồng",
    "triệu",
    "lần",
    "người",
    "hộ",
    "ông",
    "bà",
    "Tp",
    "đ/c",
    "V/v",
    "a",
    "e",
    "ﬁ",
    "Ａ",
    "１２",
    "e\u{301}",
    "\u{301}",
    "…",
    "–",
    "−",
    "~",
    ">",
    "@",
    "&",
    "+",
    "=",
    "(",
    ")",
    "\"",
    "'",
    "*",
    "🌀",
    "\u{200B}",
    "\u{FEFF}",
    "\t",
    "và",
    "hoặc",
    "ngay",
    "30",
    "4",
    "05",
    "00",
    "đ/kg",
    "°N",
    "ĐT741",
    "v",
    "hội",
    "Đại",
    "II",
    "p",
    "ph",
    "tr",
    "phút",
    "giờ",
    "XYZ",
    "NATO",
    "Y",
    "tế",
    "loa",
    "gov",
    "vn",
];
const GLUE: &[&str] = &[
    "", " ", "  ", "\n", "/", "-", ".", ",", ":", ";", "!", "'", "°",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::sample::select(PIECES), prop::sample::select(GLUE)),
        0..24,
    )
    .prop_map(|v| v.into_iter().map(|(p, g)| format!("{p}{g}")).collect())
}

fn dialect() -> impl Strategy<Value = Dialect> {
    prop_oneof![Just(Dialect::North), Just(Dialect::South)]
}

fn holds(text: &str, d: Dialect) -> Result<(), TestCaseError> {
    let lexicon = Lexicon::default();
    let once = read_aloud(text, d, &lexicon);
    prop_assert!(
        !once.bytes().any(|b| b.is_ascii_digit()),
        "a digit in {once:?}"
    );
    let normal: Vec<&str> = once.split_whitespace().collect();
    prop_assert_eq!(&once, &normal.join(" "), "blanks not normalised");
    prop_assert_eq!(&read_aloud(text, d, &lexicon), &once, "not deterministic");
    prop_assert_eq!(
        &read_aloud(&once, d, &lexicon),
        &once,
        "a second reading changed it"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_text(text in any::<String>(), d in dialect()) {
        holds(&text, d)?;
    }

    #[test]
    fn notice_like_text(text in pieces(), d in dialect()) {
        holds(&text, d)?;
    }
}

#[test]
fn the_built_in_table_is_large_and_reads_itself() {
    let entries: Vec<_> = words::entries().collect();
    assert!(entries.len() >= 40, "{} entries", entries.len());
    let keys: Vec<&str> = entries.iter().map(|(k, _)| *k).collect();
    let mut failures = Vec::new();
    for (key, reading) in &entries {
        if reading.bytes().any(|b| b.is_ascii_digit()) {
            failures.push(format!("{key}: a digit in {reading:?}"));
        }
        let again = read_aloud(reading, Dialect::North, &Lexicon::default());
        if again != *reading {
            failures.push(format!("{key}: {reading:?} reads as {again:?}"));
        }
        if let Some(bare) = key.strip_suffix('.')
            && !keys.contains(&bare)
        {
            failures.push(format!("{key}: no entry for {bare:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_station_lexicon_overrides_and_adds() {
    let lexicon = Lexicon::new([
        ("HTX".to_owned(), "hợp tác xã nông nghiệp".to_owned()),
        ("KDC".to_owned(), "khu dân cư".to_owned()),
        ("X.".to_owned(), "xã".to_owned()),
        ("Đắk Lắk".to_owned(), "Đắc Lắc".to_owned()),
        ("QL46".to_owned(), "quốc lộ 46".to_owned()),
        ("KDC".to_owned(), "khu dân cư mới".to_owned()),
    ]);
    assert!(!lexicon.is_empty());
    assert!(Lexicon::default().is_empty());
    assert!(Lexicon::new([]).is_empty());
    let read = |s: &str| read_aloud(s, Dialect::North, &lexicon);
    assert_eq!(read("HTX Hòa Bình"), "hợp tác xã nông nghiệp Hòa Bình");
    assert_eq!(read("KDC số 5"), "khu dân cư mới số năm");
    assert_eq!(read("X. Nghi Phong"), "xã Nghi Phong");
    assert_eq!(read("tỉnh Đắk   Lắk"), "tỉnh Đắc Lắc");
    assert_eq!(read("Đắk Nông"), "Đắk Nông");
    assert_eq!(
        read("QL46 và QL1A"),
        "quốc lộ bốn mươi sáu và quốc lộ một a"
    );
    // Whole words only, as written.
    assert_eq!(read("HTXX"), "hát tê ích ích");
    assert_eq!(read("htx"), "htx");
    // The built-in table still answers for the rest.
    assert_eq!(read("UBND xã"), "Ủy ban nhân dân xã");
}

#[test]
fn decomposed_accents_read_as_composed() {
    let texts = [
        "Ủy ban nhân dân xã thông báo: ngày 31/8 họp lúc 7h30.",
        "Liên hệ SĐT: 0912.345.678",
        "tháng 4/2026, thứ 4, Đại hội XIII",
        "Từ đêm nay mưa to 100-200mm",
    ];
    for text in texts {
        let nfd: String = text.nfd().collect();
        assert_ne!(nfd, text);
        let d = Dialect::North;
        assert_eq!(
            read_aloud(&nfd, d, &Lexicon::default()),
            read_aloud(text, d, &Lexicon::default()),
            "{text}"
        );
    }
    assert_eq!(
        read_aloud(
            &"ngày 14/4".nfd().collect::<String>(),
            Dialect::North,
            &Lexicon::default()
        ),
        "ngày mười bốn tháng tư"
    );
}

#[test]
fn cases_proptest_once_found_read_the_same_twice() {
    let lexicon = Lexicon::default();
    for text in [
        "° C",
        "0912345678°\"/C%",
        "độ\"C",
        "cấp-V",
        "Tp .",
        "x5km",
        "thứ\nI",
    ] {
        let once = read_aloud(text, Dialect::North, &lexicon);
        assert_eq!(
            read_aloud(&once, Dialect::North, &lexicon),
            once,
            "{text:?}"
        );
    }
}
