//! The southern forms: ngàn for nghìn, lẻ for linh; nothing else changes.

use super::check;
use crate::tts::read::Dialect;

const CASES: &[(&str, &str)] = &[
    ("1000", "một ngàn"),
    ("101", "một trăm lẻ một"),
    ("104", "một trăm lẻ bốn"),
    ("105", "một trăm lẻ năm"),
    ("1005", "một ngàn không trăm lẻ năm"),
    ("1050", "một ngàn không trăm năm mươi"),
    ("1.250", "một ngàn hai trăm năm mươi"),
    ("205.000", "hai trăm lẻ năm ngàn"),
    ("2026", "hai ngàn không trăm hai mươi sáu"),
    ("năm 2008", "năm hai ngàn không trăm lẻ tám"),
    ("1.000.001", "một triệu không trăm lẻ một"),
    ("2.500.000", "hai triệu năm trăm ngàn"),
    ("1.000.000.000.000", "một ngàn tỷ"),
    ("50.000đ", "năm mươi ngàn đồng"),
    ("50k", "năm mươi ngàn"),
    (
        "Tổng cộng 1.505.000 đồng",
        "Tổng cộng một triệu năm trăm lẻ năm ngàn đồng",
    ),
    (
        "31/8/2026",
        "ngày ba mươi mốt tháng tám năm hai ngàn không trăm hai mươi sáu",
    ),
    (
        "tháng 4/2026",
        "tháng tư năm hai ngàn không trăm hai mươi sáu",
    ),
    // The same in both.
    ("21", "hai mươi mốt"),
    ("15", "mười lăm"),
    ("24", "hai mươi tư"),
    ("3,05", "ba phẩy không năm"),
    ("15%", "mười lăm phần trăm"),
    ("5h05", "năm giờ năm phút"),
    ("thứ 4", "thứ tư"),
    ("0912345678", "không chín một hai ba bốn năm sáu bảy tám"),
    ("UBND xã", "Ủy ban nhân dân xã"),
    (
        "Hỗ trợ 1.000.000đ/hộ từ ngày 1-5/9.",
        "Hỗ trợ một triệu đồng một hộ từ ngày một đến ngày năm tháng chín.",
    ),
];

#[test]
fn south() {
    check(CASES, Dialect::South);
}
