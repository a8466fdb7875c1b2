//! Reading speed: a ~2,000-word commune notice (dates, times, money, phones, abbreviations, a
//! storm warning) normalised for the engine, northern forms, no station lexicon.

use criterion::{Criterion, criterion_group, criterion_main};
use loa::tts::read::{Dialect, Lexicon, read_aloud};

/// One varied paragraph of a notice, about 250 words.
const PARAGRAPH: &str = "UBND xã thông báo: từ 7-9 giờ ngày 31/8/2026, Trạm Y tế xã tổ chức tiêm \
vắc xin phòng bệnh dại cho chó, mèo tại nhà văn hóa thôn 3; mức phí 50.000đ/con. Bão số 3 đang \
di chuyển theo hướng Tây Tây Bắc, mỗi giờ đi được 15-20km. Sức gió mạnh nhất vùng gần tâm bão \
mạnh cấp 12 (118-133km/h), giật cấp 14. Hồi 4h ngày 30/9, vị trí tâm bão ở khoảng 17,5 độ Vĩ \
Bắc; 112,3 độ Kinh Đông. Từ đêm nay đến ngày 2/9 có mưa to đến rất to, lượng mưa phổ biến \
100-200mm, có nơi trên 300mm. BCH PCTT&TKCN xã đề nghị bà con chằng chống nhà cửa, không ra \
khơi; khi có sự cố gọi ngay 114 hoặc SĐT 0912.345.678, đường dây nóng 0238 3812 345. Hạn cuối \
nộp thuế sử dụng đất phi nông nghiệp năm 2026 là ngày 31/10/2026; mức phạt chậm nộp 0,03%/ngày. \
Mức đóng BHYT cho học sinh THCS, THPT năm học 2026-2027 là 1.263.600 đồng/em. Kính mời đại \
diện các hộ dự họp lúc 19h30 thứ 4 (ngày 14/4/2027) tại hội trường UBND xã. Ai nhặt được ví có \
CCCD mang tên Nguyễn Văn An, xin liên hệ 0987 654 321. Điện lực tạm ngừng cấp điện từ 7h30 \
đến 16h30 T7 tại thôn 1, thôn 2; Đại hội Đảng bộ xã lần thứ XXV, nhiệm kỳ 2025-2030 khai mạc \
lúc 8h00. Toàn xã ghi nhận 15 ca SXH, tăng 25% so với cùng kỳ; nhiệt độ cao nhất 38-40°C.\n";

fn notice() -> String {
    let mut text = String::new();
    while text.split_whitespace().count() < 2000 {
        text.push_str(PARAGRAPH);
    }
    text
}

fn reading(c: &mut Criterion) {
    let text = notice();
    let lexicon = Lexicon::default();
    let mut g = c.benchmark_group("tts_read");
    g.bench_function("2000-word notice", |b| {
        b.iter(|| read_aloud(&text, Dialect::North, &lexicon).len())
    });
    g.finish();
}

criterion_group!(benches, reading);
criterion_main!(benches);
