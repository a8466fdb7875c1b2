//! Whole sentences from commune notices: storms, rain, heat, vaccination days, taxes, meetings,
//! power cuts, lost papers.

use super::check;
use crate::tts::read::Dialect;

const CASES: &[(&str, &str)] = &[
    (
        "UBND xã thông báo: từ 7-9 giờ ngày 31/8/2026 tiêm vắc xin phòng bệnh dại cho chó, mèo tại nhà văn hóa thôn.",
        "Ủy ban nhân dân xã thông báo: từ bảy đến chín giờ ngày ba mươi mốt tháng tám năm hai nghìn không trăm hai mươi sáu tiêm vắc xin phòng bệnh dại cho chó, mèo tại nhà văn hóa thôn.",
    ),
    (
        "Bão số 3 đang di chuyển theo hướng Tây Tây Bắc, mỗi giờ đi được 15-20km. Sức gió mạnh nhất vùng gần tâm bão mạnh cấp 12 (118-133km/h), giật cấp 14.",
        "Bão số ba đang di chuyển theo hướng Tây Tây Bắc, mỗi giờ đi được mười lăm đến hai mươi ki lô mét. Sức gió mạnh nhất vùng gần tâm bão mạnh cấp mười hai, một trăm mười tám đến một trăm ba mươi ba ki lô mét một giờ, giật cấp mười bốn.",
    ),
    (
        "Hồi 4h ngày 30/9, vị trí tâm bão ở khoảng 17,5 độ Vĩ Bắc; 112,3 độ Kinh Đông.",
        "Hồi bốn giờ ngày ba mươi tháng chín, vị trí tâm bão ở khoảng mười bảy phẩy năm độ Vĩ Bắc; một trăm mười hai phẩy ba độ Kinh Đông.",
    ),
    (
        "Từ đêm nay đến ngày 2/9 có mưa to đến rất to, lượng mưa phổ biến 100-200mm, có nơi trên 300mm.",
        "Từ đêm nay đến ngày hai tháng chín có mưa to đến rất to, lượng mưa phổ biến một trăm đến hai trăm mi li mét, có nơi trên ba trăm mi li mét.",
    ),
    (
        "Mực nước sông Lam lúc 7h sáng nay là 5,42m, trên báo động II 0,42m.",
        "Mực nước sông Lam lúc bảy giờ sáng nay là năm phẩy bốn mươi hai mét, trên báo động hai không phẩy bốn mươi hai mét.",
    ),
    (
        "Nhiệt độ cao nhất 38-40°C, có nơi trên 40°C. Độ ẩm thấp nhất 45-50%.",
        "Nhiệt độ cao nhất ba mươi tám đến bốn mươi độ xê, có nơi trên bốn mươi độ xê. Độ ẩm thấp nhất bốn mươi lăm đến năm mươi phần trăm.",
    ),
    (
        "Vùng núi có nơi dưới 0°C, có nơi -2°C.",
        "Vùng núi có nơi dưới không độ xê, có nơi âm hai độ xê.",
    ),
    (
        "Trạm Y tế xã tổ chức tiêm chủng vào thứ 4, ngày 14/4/2027 cho trẻ từ 2-24 tháng tuổi.",
        "Trạm Y tế xã tổ chức tiêm chủng vào thứ tư, ngày mười bốn tháng tư năm hai nghìn không trăm hai mươi bảy cho trẻ từ hai đến hai mươi tư tháng tuổi.",
    ),
    (
        "Hạn cuối nộp thuế là ngày 31/10/2026. Mức phạt chậm nộp 0,03%/ngày.",
        "Hạn cuối nộp thuế là ngày ba mươi mốt tháng mười năm hai nghìn không trăm hai mươi sáu. Mức phạt chậm nộp không phẩy không ba phần trăm một ngày.",
    ),
    (
        "Kính mời đại diện các hộ dự họp lúc 19h30 ngày 05/9 tại hội trường UBND xã.",
        "Kính mời đại diện các hộ dự họp lúc mười chín giờ ba mươi phút ngày năm tháng chín tại hội trường Ủy ban nhân dân xã.",
    ),
    (
        "Ai nhặt được ví có CCCD mang tên Nguyễn Văn An, xin liên hệ SĐT 0912.345.678. Xin cảm ơn!",
        "Ai nhặt được ví có căn cước công dân mang tên Nguyễn Văn An, xin liên hệ số điện thoại không chín một hai ba bốn năm sáu bảy tám. Xin cảm ơn!",
    ),
    (
        "Mức đóng BHYT năm 2027 cho học sinh: 1.263.600 đồng/em.",
        "Mức đóng bảo hiểm y tế năm hai nghìn không trăm hai mươi bảy cho học sinh: một triệu hai trăm sáu mươi ba nghìn sáu trăm đồng một em.",
    ),
    (
        "Toàn xã ghi nhận 15 ca SXH, tăng 25% so với cùng kỳ.",
        "Toàn xã ghi nhận mười lăm ca sốt xuất huyết, tăng hai mươi lăm phần trăm so với cùng kỳ.",
    ),
    (
        "Khi có cháy, gọi ngay 114 hoặc BCH QS xã theo số 0238.3812.345.",
        "Khi có cháy, gọi ngay một một bốn hoặc ban chỉ huy quân sự xã theo số không hai ba tám ba tám một hai ba bốn năm.",
    ),
    (
        "Điện lực tạm ngừng cấp điện từ 7h30 đến 16h30 thứ 7 (ngày 12/9/2026) tại thôn 1, thôn 2.",
        "Điện lực tạm ngừng cấp điện từ bảy giờ ba mươi phút đến mười sáu giờ ba mươi phút thứ bảy, ngày mười hai tháng chín năm hai nghìn không trăm hai mươi sáu, tại thôn một, thôn hai.",
    ),
    (
        "Kỳ thi vào lớp 10 THPT năm học 2026-2027 diễn ra từ ngày 1-3/6.",
        "Kỳ thi vào lớp mười trung học phổ thông năm học hai nghìn không trăm hai mươi sáu đến hai nghìn không trăm hai mươi bảy diễn ra từ ngày một đến ngày ba tháng sáu.",
    ),
    (
        "Mỗi hộ nghèo được hỗ trợ 500.000đ và 10kg gạo.",
        "Mỗi hộ nghèo được hỗ trợ năm trăm nghìn đồng và mười ki lô gam gạo.",
    ),
    (
        "Hội nghị tổng kết năm 2026 tổ chức vào 8h00 sáng T2 (05/01/2027).",
        "Hội nghị tổng kết năm hai nghìn không trăm hai mươi sáu tổ chức vào tám giờ sáng thứ hai, ngày năm tháng một năm hai nghìn không trăm hai mươi bảy.",
    ),
    (
        "Công dân sinh năm 2008 đến đăng ký nghĩa vụ quân sự trước 16h ngày 15/4.",
        "Công dân sinh năm hai nghìn không trăm linh tám đến đăng ký nghĩa vụ quân sự trước mười sáu giờ ngày mười lăm tháng tư.",
    ),
    (
        "Đại hội Đảng bộ xã lần thứ XXV, nhiệm kỳ 2025-2030.",
        "Đại hội Đảng bộ xã lần thứ hai mươi lăm, nhiệm kỳ hai nghìn không trăm hai mươi lăm đến hai nghìn không trăm ba mươi.",
    ),
    (
        "Đoạn QL1A qua xã hạn chế xe trên 10 tấn từ 22h đến 5h sáng.",
        "Đoạn quốc lộ một a qua xã hạn chế xe trên mười tấn từ hai mươi hai giờ đến năm giờ sáng.",
    ),
    (
        "THÔNG BÁO\nV/v tiêm phòng dại đợt II năm 2026",
        "THÔNG BÁO. Về việc tiêm phòng dại đợt hai năm hai nghìn không trăm hai mươi sáu",
    ),
    (
        "HTX tuyển 20 lao động, lương 6-8 triệu đồng/tháng, liên hệ ĐT: 0238 3812 345.",
        "hợp tác xã tuyển hai mươi lao động, lương sáu đến tám triệu đồng một tháng, liên hệ điện thoại: không hai ba tám ba tám một hai ba bốn năm.",
    ),
    (
        "Gió mạnh cấp 6, giật cấp 8-9; sóng biển cao 2-3m, biển động.",
        "Gió mạnh cấp sáu, giật cấp tám đến chín; sóng biển cao hai đến ba mét, biển động.",
    ),
    (
        "Chiều nay (T6), từ 14h-16h30, cắt nước tại khu dân cư số 5.",
        "Chiều nay, thứ sáu, từ mười bốn giờ đến mười sáu giờ ba mươi phút, cắt nước tại khu dân cư số năm.",
    ),
    (
        "Giá lợn hơi hôm nay 62.000-65.000đ/kg, tăng 2.000đ/kg.",
        "Giá lợn hơi hôm nay sáu mươi hai nghìn đến sáu mươi lăm nghìn đồng một ki lô gam, tăng hai nghìn đồng một ki lô gam.",
    ),
];

#[test]
fn notices() {
    check(CASES, Dialect::North);
}
