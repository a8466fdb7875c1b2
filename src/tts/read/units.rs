//! Units, currencies and the percent sign after a number (`50.000đ`, `15%`, `100mm`, `30°C`,
//! `5 ha`, `50k`), and the units clear enough to expand anywhere (`km/h`, `m²`). Tables only; the
//! matching is [`super::Lexicon`]'s.

use std::sync::LazyLock;

use super::lex::{Kind, Tok};
use super::{Dialect, Lexicon};

/// After a number, glued to it or one space away.
const SPACED: &[(&str, &str)] = &[
    ("%", "phần trăm"),
    ("mm", "mi li mét"),
    ("cm", "xen ti mét"),
    ("dm", "đề xi mét"),
    ("m", "mét"),
    ("km", "ki lô mét"),
    ("km/h", "ki lô mét một giờ"),
    ("km/giờ", "ki lô mét một giờ"),
    ("m/s", "mét một giây"),
    ("mm/h", "mi li mét một giờ"),
    ("m2", "mét vuông"),
    ("m²", "mét vuông"),
    ("m3", "mét khối"),
    ("m³", "mét khối"),
    ("km2", "ki lô mét vuông"),
    ("km²", "ki lô mét vuông"),
    ("cm2", "xen ti mét vuông"),
    ("cm²", "xen ti mét vuông"),
    ("ha", "héc ta"),
    ("kg", "ki lô gam"),
    ("mg", "mi li gam"),
    ("ml", "mi li lít"),
    ("°C", "độ xê"),
    ("oC", "độ xê"),
    ("độ C", "độ xê"),
    ("°", "độ"),
    ("°N", "độ vĩ bắc"),
    ("°E", "độ kinh đông"),
    ("kW", "ki lô oát"),
    ("kWh", "ki lô oát giờ"),
    ("MW", "mê ga oát"),
    ("hPa", "héc tô pát xcan"),
    ("đ", "đồng"),
    ("Đ", "đồng"),
    ("VNĐ", "đồng"),
    ("VND", "đồng"),
    ("vnđ", "đồng"),
    ("vnd", "đồng"),
    ("VNđ", "đồng"),
    ("Vnđ", "đồng"),
    ("USD", "đô la Mỹ"),
    ("usd", "đô la Mỹ"),
    ("$", "đô la"),
    ("EUR", "ơ rô"),
    ("€", "ơ rô"),
];

/// Only glued to the number (`5g`, `30p`, `50k`): apart, these letters are often something else.
const GLUED: &[(&str, &str)] = &[
    ("g", "gam"),
    ("l", "lít"),
    ("W", "oát"),
    ("V", "vôn"),
    ("s", "giây"),
    ("p", "phút"),
    ("ph", "phút"),
    ("'", "phút"),
    ("k", "nghìn"),
    ("K", "nghìn"),
    ("tr", "triệu"),
];

/// Units no word of Vietnamese is spelled like: expanded wherever they stand (`mỗi km`). "độ C"
/// away from a number is the driver's: `C` after the written word "độ", so a second pass agrees.
pub(super) const ANYWHERE: &[(&str, &str)] = &[
    ("mm", "mi li mét"),
    ("cm", "xen ti mét"),
    ("km", "ki lô mét"),
    ("Km", "ki lô mét"),
    ("km/h", "ki lô mét một giờ"),
    ("kg", "ki lô gam"),
    ("m2", "mét vuông"),
    ("m²", "mét vuông"),
    ("m3", "mét khối"),
    ("m³", "mét khối"),
    ("km2", "ki lô mét vuông"),
    ("km²", "ki lô mét vuông"),
    ("°C", "độ xê"),
    ("oC", "độ xê"),
    ("hPa", "héc tô pát xcan"),
    ("kWh", "ki lô oát giờ"),
    ("VNĐ", "đồng"),
    ("VND", "đồng"),
    ("vnđ", "đồng"),
    ("VNđ", "đồng"),
    ("Vnđ", "đồng"),
    ("USD", "đô la Mỹ"),
    ("EUR", "ơ rô"),
];

static AFTER_SPACE: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::from_static(SPACED));
static AFTER_GLUED: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::from_static(&[SPACED, GLUED].concat()));

/// The unit after a number that ends before token `end`: its reading and the token after it.
pub(super) fn after(toks: &[Tok<'_>], end: usize, d: Dialect) -> Option<(usize, &'static str)> {
    let (next, reading) = match toks.get(end) {
        Some(t) if t.kind == Kind::Space => AFTER_SPACE.find(toks, end + 1)?,
        Some(_) => AFTER_GLUED.find(toks, end)?,
        None => return None,
    };
    let reading = match (reading, d) {
        ("nghìn", Dialect::South) => "ngàn",
        (r, _) => r,
    };
    Some((next, reading))
}
