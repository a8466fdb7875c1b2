//! Words an engine cannot say as written: the built-in abbreviations of local government, health,
//! education and disaster warnings (whole words, case-sensitive), road prefixes inside codes
//! (`QL1A`), the Vietnamese names of letters for spelling an unknown acronym (`HIV` → hát i vê),
//! the test that keeps an all-capital Vietnamese word (`THÔNG BÁO`, `TIN`) from being spelled, and
//! the words after which `IV` is a number (quý IV, báo động II).

use std::sync::LazyLock;

use super::Lexicon;
use super::units;

/// Built in; the station's lexicon goes first. A key ending in `.` has its dot-less form too, so
/// that no reading can turn into a key on a second pass.
const WORDS: &[(&str, &str)] = &[
    // Government and the Party's organisations.
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("MTTQVN", "Mặt trận Tổ quốc Việt Nam"),
    ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
    ("UBMTTQVN", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("UBKT", "Ủy ban kiểm tra"),
    ("ĐU", "Đảng ủy"),
    ("ĐBQH", "đại biểu Quốc hội"),
    ("QH", "Quốc hội"),
    ("TW", "trung ương"),
    ("TƯ", "trung ương"),
    ("VN", "Việt Nam"),
    ("CHXHCN", "Cộng hòa xã hội chủ nghĩa"),
    ("CHXHCNVN", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("TP.", "thành phố"),
    ("TP", "thành phố"),
    ("Tp.", "thành phố"),
    ("Tp", "thành phố"),
    ("TX.", "thị xã"),
    ("TX", "thị xã"),
    ("TT.", "thị trấn"),
    ("TT", "thị trấn"),
    ("HCM", "Hồ Chí Minh"),
    ("QL", "quốc lộ"),
    ("TL", "tỉnh lộ"),
    ("TPHCM", "thành phố Hồ Chí Minh"),
    ("CCHC", "cải cách hành chính"),
    ("TTHC", "thủ tục hành chính"),
    ("BCH", "ban chỉ huy"),
    ("BCĐ", "ban chỉ đạo"),
    ("QS", "quân sự"),
    ("BCHQS", "ban chỉ huy quân sự"),
    ("CA", "công an"),
    ("HTX", "hợp tác xã"),
    ("CLB", "câu lạc bộ"),
    ("NTM", "nông thôn mới"),
    ("GPMB", "giải phóng mặt bằng"),
    ("KT-XH", "kinh tế xã hội"),
    ("ANTT", "an ninh trật tự"),
    ("QP-AN", "quốc phòng an ninh"),
    ("ĐTN", "Đoàn thanh niên"),
    ("TNCS", "thanh niên cộng sản"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ"),
    ("LHPN", "Liên hiệp Phụ nữ"),
    ("HND", "Hội Nông dân"),
    ("HCCB", "Hội Cựu chiến binh"),
    ("CCB", "cựu chiến binh"),
    ("LĐTB&XH", "lao động thương binh và xã hội"),
    ("LĐ-TB&XH", "lao động thương binh và xã hội"),
    ("LĐTBXH", "lao động thương binh xã hội"),
    ("TN&MT", "tài nguyên và môi trường"),
    ("TNMT", "tài nguyên môi trường"),
    ("NN&PTNT", "nông nghiệp và phát triển nông thôn"),
    ("NN-PTNT", "nông nghiệp phát triển nông thôn"),
    ("GD&ĐT", "giáo dục và đào tạo"),
    ("GDĐT", "giáo dục đào tạo"),
    ("KCN", "khu công nghiệp"),
    ("CCN", "cụm công nghiệp"),
    ("VPHC", "vi phạm hành chính"),
    ("ĐBSCL", "Đồng bằng sông Cửu Long"),
    // Papers and documents.
    ("CMND", "chứng minh nhân dân"),
    ("CCCD", "căn cước công dân"),
    ("GCN", "giấy chứng nhận"),
    ("QSDĐ", "quyền sử dụng đất"),
    ("GCNQSDĐ", "giấy chứng nhận quyền sử dụng đất"),
    ("SĐT", "số điện thoại"),
    ("ĐT", "điện thoại"),
    ("ĐTDĐ", "điện thoại di động"),
    ("STT", "số thứ tự"),
    ("ĐVT", "đơn vị tính"),
    ("QĐ", "quyết định"),
    ("NQ", "nghị quyết"),
    ("NĐ", "nghị định"),
    ("NĐ-CP", "nghị định chính phủ"),
    ("TB", "thông báo"),
    ("KH", "kế hoạch"),
    ("CV", "công văn"),
    ("TTg", "Thủ tướng"),
    ("TNHH", "trách nhiệm hữu hạn"),
    ("V/v", "Về việc"),
    ("v/v", "về việc"),
    ("Đ/c", "Đồng chí"),
    ("đ/c", "đồng chí"),
    ("v.v.", "vân vân"),
    ("v.v", "vân vân"),
    // Safety, police, disasters.
    ("PCCC", "phòng cháy chữa cháy"),
    ("PCCCR", "phòng cháy chữa cháy rừng"),
    ("CNCH", "cứu nạn cứu hộ"),
    ("PCCC&CNCH", "phòng cháy chữa cháy và cứu nạn cứu hộ"),
    ("PCTT", "phòng chống thiên tai"),
    ("TKCN", "tìm kiếm cứu nạn"),
    ("PCTT&TKCN", "phòng chống thiên tai và tìm kiếm cứu nạn"),
    ("PCTT-TKCN", "phòng chống thiên tai và tìm kiếm cứu nạn"),
    ("ATNĐ", "áp thấp nhiệt đới"),
    ("KTTV", "khí tượng thủy văn"),
    ("ATGT", "an toàn giao thông"),
    ("TNGT", "tai nạn giao thông"),
    ("CSGT", "cảnh sát giao thông"),
    ("ATTP", "an toàn thực phẩm"),
    ("VSATTP", "vệ sinh an toàn thực phẩm"),
    // Health.
    ("BHYT", "bảo hiểm y tế"),
    ("BHXH", "bảo hiểm xã hội"),
    ("BHTN", "bảo hiểm thất nghiệp"),
    ("TTYT", "trung tâm y tế"),
    ("TYT", "trạm y tế"),
    ("BV", "bệnh viện"),
    ("BVĐK", "bệnh viện đa khoa"),
    ("KCB", "khám chữa bệnh"),
    ("TCMR", "tiêm chủng mở rộng"),
    ("SXH", "sốt xuất huyết"),
    ("TCM", "tay chân miệng"),
    ("AIDS", "ết"),
    ("DTLCP", "dịch tả lợn châu Phi"),
    ("LMLM", "lở mồm long móng"),
    ("KHHGĐ", "kế hoạch hóa gia đình"),
    ("DS-KHHGĐ", "dân số kế hoạch hóa gia đình"),
    ("BS.", "bác sĩ"),
    ("BS", "bác sĩ"),
    ("ThS.", "thạc sĩ"),
    ("ThS", "thạc sĩ"),
    ("TS.", "tiến sĩ"),
    ("TS", "tiến sĩ"),
    ("PGS.", "phó giáo sư"),
    ("PGS", "phó giáo sư"),
    ("GS.", "giáo sư"),
    ("GS", "giáo sư"),
    ("Covid-19", "cô vít mười chín"),
    ("COVID-19", "cô vít mười chín"),
    ("covid-19", "cô vít mười chín"),
    ("Covid", "cô vít"),
    ("COVID", "cô vít"),
    ("covid", "cô vít"),
    // Schools.
    ("THCS", "trung học cơ sở"),
    ("THPT", "trung học phổ thông"),
    ("TH", "tiểu học"),
    ("MN", "mầm non"),
    ("SGK", "sách giáo khoa"),
    // Days of the week.
    ("T2", "thứ hai"),
    ("T3", "thứ ba"),
    ("T4", "thứ tư"),
    ("T5", "thứ năm"),
    ("T6", "thứ sáu"),
    ("T7", "thứ bảy"),
    ("CN", "chủ nhật"),
    // Borrowed words and names an engine mangles.
    ("ASEAN", "a xê an"),
    ("UNICEF", "u ni xép"),
    ("UNESCO", "u nét xcô"),
    ("TV", "ti vi"),
    ("OK", "ô kê"),
    ("wifi", "oai phai"),
    ("Wifi", "oai phai"),
    ("WiFi", "oai phai"),
    ("email", "i meo"),
    ("Email", "i meo"),
];

/// Inside a code glued to digits (`QL1A`, `ĐT741`): roads, where `ĐT` is not "điện thoại".
const ROADS: &[(&str, &str)] = &[
    ("QL", "quốc lộ"),
    ("ĐT", "đường tỉnh"),
    ("DT", "đường tỉnh"),
    ("TL", "tỉnh lộ"),
    ("ĐH", "đường huyện"),
    ("HL", "hương lộ"),
];

/// The built-in table with the units that may stand anywhere.
pub(super) fn builtin() -> &'static Lexicon {
    static BUILTIN: LazyLock<Lexicon> =
        LazyLock::new(|| Lexicon::from_static(&[WORDS, units::ANYWHERE].concat()));
    &BUILTIN
}

/// The road a code starts with (`QL` in `QL1A`).
pub(super) fn road(w: &str) -> Option<&'static str> {
    ROADS.iter().find(|(k, _)| *k == w).map(|(_, r)| *r)
}

/// Every built-in entry, for the tests.
#[cfg(test)]
pub(super) fn entries() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    WORDS.iter().chain(ROADS).chain(units::ANYWHERE)
}

/// A letter's Vietnamese name as an announcer spells an acronym.
fn letter(c: char) -> Option<&'static str> {
    Some(match c {
        'A' => "a",
        'B' => "bê",
        'C' => "xê",
        'D' => "dê",
        'Đ' => "đê",
        'E' => "e",
        'F' => "ép",
        'G' => "gờ",
        'H' => "hát",
        'I' => "i",
        'J' => "gi",
        'K' => "ca",
        'L' => "lờ",
        'M' => "em",
        'N' => "en",
        'O' => "o",
        'P' => "pê",
        'Q' => "quy",
        'R' => "rờ",
        'S' => "ét",
        'T' => "tê",
        'U' => "u",
        'V' => "vê",
        'W' => "vê kép",
        'X' => "ích",
        'Y' => "i",
        'Z' => "dét",
        _ => return None,
    })
}

/// All capitals of the letters that have a name (A–Z and Đ).
pub(super) fn is_caps(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| letter(c).is_some())
}

/// `w` letter by letter: "HIV" → hát i vê.
pub(super) fn spell(w: &str) -> String {
    let names: Vec<&str> = w.chars().filter_map(letter).collect();
    names.join(" ")
}

/// An all-capital word of 2–6 letters that no Vietnamese syllable is spelled like: an acronym.
/// One of 4–6 letters that can be said as written (`YAGI`, `NATO`: a storm's or a body's name)
/// is not spelled either.
pub(super) fn is_acronym(w: &str) -> bool {
    let n = w.chars().count();
    is_caps(w) && (2..=6).contains(&n) && !is_syllable(w) && !(n >= 4 && is_name(w))
}

/// At least two vowels and no two consonants in a row but the Vietnamese pairs (NG, TH, …).
fn is_name(w: &str) -> bool {
    const PAIRS: [&str; 8] = ["CH", "GH", "KH", "NG", "NH", "PH", "TH", "TR"];
    let vowel = |c: char| matches!(c, 'A' | 'E' | 'I' | 'O' | 'U');
    let chars: Vec<char> = w.chars().collect();
    let clusters_ok = chars.windows(2).all(|p| match p {
        [a, b] if !vowel(*a) && !vowel(*b) => PAIRS.contains(&format!("{a}{b}").as_str()),
        _ => true,
    });
    chars.iter().filter(|c| vowel(**c)).count() >= 2 && clusters_ok
}

/// Whether `w` (capitals, no tone marks) could be one Vietnamese syllable: `TIN`, `BAN`, `NGHIEP`.
fn is_syllable(w: &str) -> bool {
    const ONSETS: [&str; 27] = [
        "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "qu", "th", "tr", "ch", "b", "c", "d", "g", "h",
        "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
    ];
    const CODAS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
    let s: String = w
        .chars()
        .map(|c| {
            if c == 'Đ' {
                'd'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    ONSETS.iter().any(|onset| {
        let Some(rest) = s.strip_prefix(onset) else {
            return false;
        };
        let v = rest.bytes().take_while(|b| b"aeiouy".contains(b)).count();
        let (Some(vowels), Some(coda)) = (rest.get(..v), rest.get(v..)) else {
            return false;
        };
        (1..=3).contains(&v)
            && CODAS.contains(&coda)
            && !["aa", "ee", "ii", "uu", "yy"]
                .iter()
                .any(|d| vowels.contains(d))
    })
}

/// The words after which a Roman numeral is a number: quý IV, Đại hội XIII, thế kỷ XXI.
pub(super) fn takes_roman(tail: &str) -> bool {
    matches!(
        tail,
        "quý"
            | "khóa"
            | "khoá"
            | "hội"
            | "kỷ"
            | "kỉ"
            | "cấp"
            | "động"
            | "kỳ"
            | "kì"
            | "thứ"
            | "chương"
            | "phần"
            | "đợt"
            | "đoạn"
            | "lần"
            | "mục"
            | "tập"
            | "hạng"
            | "loại"
            | "vùng"
    )
}
