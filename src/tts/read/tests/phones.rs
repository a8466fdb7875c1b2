//! Phone numbers, hotlines and emergency numbers: digit by digit, never mốt, tư or lăm.

use super::check;
use crate::tts::read::Dialect;

const MOBILE: &str = "không chín một hai ba bốn năm sáu bảy tám";

const CASES: &[(&str, &str)] = &[
    ("0912345678", MOBILE),
    ("0912 345 678", MOBILE),
    ("0912.345.678", MOBILE),
    ("0912-345-678", MOBILE),
    ("0912 345678", MOBILE),
    (
        "+84 912 345 678",
        "cộng tám bốn chín một hai ba bốn năm sáu bảy tám",
    ),
    (
        "+84912345678",
        "cộng tám bốn chín một hai ba bốn năm sáu bảy tám",
    ),
    ("02383812345", "không hai ba tám ba tám một hai ba bốn năm"),
    (
        "0238.3812.345",
        "không hai ba tám ba tám một hai ba bốn năm",
    ),
    (
        "024 3825 1234",
        "không hai bốn ba tám hai năm một hai ba bốn",
    ),
    ("1900 1234", "một chín không không một hai ba bốn"),
    ("19001234", "một chín không không một hai ba bốn"),
    ("1800.1091", "một tám không không một không chín một"),
    ("gọi 113", "gọi một một ba"),
    ("gọi 114", "gọi một một bốn"),
    ("Gọi 115", "Gọi một một năm"),
    ("gọi ngay 114", "gọi ngay một một bốn"),
    ("số 115", "số một một năm"),
    ("115 hộ", "một trăm mười lăm hộ"),
    ("có 113 người", "có một trăm mười ba người"),
    (
        "SĐT: 0912345678",
        "số điện thoại: không chín một hai ba bốn năm sáu bảy tám",
    ),
    (
        "SĐT 0912.345.678.",
        "số điện thoại không chín một hai ba bốn năm sáu bảy tám.",
    ),
    ("ĐT 3812345", "điện thoại ba tám một hai ba bốn năm"),
    ("hotline 1022", "hotline một không hai hai"),
    (
        "Hotline: 1900.1234",
        "Hotline: một chín không không một hai ba bốn",
    ),
    (
        "Zalo 0912345678",
        "Zalo không chín một hai ba bốn năm sáu bảy tám",
    ),
    (
        "đường dây nóng 0238.3812.345",
        "đường dây nóng không hai ba tám ba tám một hai ba bốn năm",
    ),
    (
        "CCCD số 040123456789",
        "căn cước công dân số không bốn không một hai ba bốn năm sáu bảy tám chín",
    ),
    (
        "gọi 0912345678 hoặc 0987 654 321",
        "gọi không chín một hai ba bốn năm sáu bảy tám hoặc không chín tám bảy sáu năm bốn ba hai một",
    ),
    (
        "0912 345 678 - anh Hùng",
        "không chín một hai ba bốn năm sáu bảy tám, anh Hùng",
    ),
];

#[test]
fn phones() {
    check(CASES, Dialect::North);
}
