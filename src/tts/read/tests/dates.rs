//! Dates, times and the ranges between them.

use super::check;
use crate::tts::read::Dialect;

const Y2026: &str = "năm hai nghìn không trăm hai mươi sáu";

const CASES: &[(&str, &str)] = &[
    ("31/8", "ngày ba mươi mốt tháng tám"),
    ("ngày 31/8", "ngày ba mươi mốt tháng tám"),
    ("Ngày 31/8", "Ngày ba mươi mốt tháng tám"),
    ("14/4", "ngày mười bốn tháng tư"),
    ("ngày 2-9", "ngày hai tháng chín"),
    ("ngày 30.4", "ngày ba mươi tháng tư"),
    (
        "ngày 30-4 và 1-5",
        "ngày ba mươi tháng tư và ngày một tháng năm",
    ),
    ("ngày 1 và 2/9", "ngày một và ngày hai tháng chín"),
    ("45/13", "bốn mươi lăm trên mười ba"),
    ("30/2", "ba mươi trên hai"),
    (
        "29/2/2027",
        "hai mươi chín trên hai trên hai nghìn không trăm hai mươi bảy",
    ),
    (
        "29/2/2028",
        "ngày hai mươi chín tháng hai năm hai nghìn không trăm hai mươi tám",
    ),
    ("31/8/26", "ngày ba mươi mốt tháng tám năm hai mươi sáu"),
    ("từ 1-5/9", "từ ngày một đến ngày năm tháng chín"),
    ("từ ngày 1-5/9", "từ ngày một đến ngày năm tháng chín"),
    ("30/8-2/9", "ngày ba mươi tháng tám đến ngày hai tháng chín"),
    ("ngày 10-15", "ngày mười đến ngày mười lăm"),
    ("thứ 2-6", "thứ hai đến thứ sáu"),
    ("tháng 3-4", "tháng ba đến tháng tư"),
    (
        "năm học 2025-2026",
        "năm học hai nghìn không trăm hai mươi lăm đến hai nghìn không trăm hai mươi sáu",
    ),
    (
        "Quyết định số 12/2026/NĐ-CP",
        "Quyết định số mười hai trên hai nghìn không trăm hai mươi sáu nghị định chính phủ",
    ),
    (
        "Thông báo số 45/TB-UBND",
        "Thông báo số bốn mươi lăm thông báo Ủy ban nhân dân",
    ),
    // Times.
    ("5h30", "năm giờ ba mươi phút"),
    ("5h", "năm giờ"),
    ("17h", "mười bảy giờ"),
    ("17:00", "mười bảy giờ"),
    ("7:05", "bảy giờ năm phút"),
    ("7 giờ 30", "bảy giờ ba mươi"),
    ("5h30'", "năm giờ ba mươi phút"),
    ("7g30", "bảy giờ ba mươi phút"),
    ("07h00", "bảy giờ"),
    ("17H30", "mười bảy giờ ba mươi phút"),
    ("5h30 phút", "năm giờ ba mươi phút"),
    ("5h05", "năm giờ năm phút"),
    ("lúc 14h15", "lúc mười bốn giờ mười lăm phút"),
    ("13:30:15", "mười ba giờ ba mươi phút mười lăm giây"),
    ("0h", "không giờ"),
    ("lúc 13g", "lúc mười ba giờ"),
    ("24h", "hai mươi tư giờ"),
    ("trong 48h", "trong bốn mươi tám giờ"),
    ("7h-9h", "bảy giờ đến chín giờ"),
    ("7h – 9h", "bảy giờ đến chín giờ"),
    ("7-9 giờ", "bảy đến chín giờ"),
    ("7–9h", "bảy đến chín giờ"),
    ("7h30-11h", "bảy giờ ba mươi phút đến mười một giờ"),
    ("tỷ lệ 1:5", "tỷ lệ một trên năm"),
    ("bản đồ 1:500", "bản đồ một trên năm trăm"),
];

#[test]
fn dates_and_times() {
    check(CASES, Dialect::North);
}

#[test]
fn dates_with_a_year() {
    let cases: Vec<(String, String)> = [
        ("31/8/2026", "ngày ba mươi mốt tháng tám"),
        ("31-8-2026", "ngày ba mươi mốt tháng tám"),
        ("31.8.2026", "ngày ba mươi mốt tháng tám"),
        ("01/09/2026", "ngày một tháng chín"),
        ("24/4/2026", "ngày hai mươi tư tháng tư"),
        ("ngày 31/8/2026", "ngày ba mươi mốt tháng tám"),
        ("tháng 8/2026", "tháng tám"),
        ("8/2026", "tháng tám"),
        ("tháng 4/2026", "tháng tư"),
        ("tháng 8-9/2026", "tháng tám đến tháng chín"),
    ]
    .iter()
    .map(|(i, w)| ((*i).to_owned(), format!("{w} {Y2026}")))
    .collect();
    let cases: Vec<(&str, &str)> = cases
        .iter()
        .map(|(i, w)| (i.as_str(), w.as_str()))
        .collect();
    check(&cases, Dialect::North);
}
