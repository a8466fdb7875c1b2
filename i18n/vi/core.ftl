# Thông báo của loa bằng tiếng Việt, mỗi tệp một việc (build.rs ghép lại). Mọi mã ở đây cũng có trong i18n/en/ (có kiểm thử).
# Viết ngắn, theo cách văn phòng xã viết.

## Kiểm thử của chính danh mục.
test-plural = { $n } tệp

## Tệp và hệ thống.
io-not-found = không có tệp này
io-permission = không có quyền truy cập
io-disk-full = ổ đĩa đã đầy
io-read-only = ổ đĩa hoặc tệp chỉ cho đọc
io-loop = đây là liên kết tượng trưng vòng lặp
io-is-dir = đây là một thư mục
io-not-dir = một phần của đường dẫn không phải thư mục
io-other = lỗi hệ thống: { $why }
user-station-chime = nhạc hiệu của đài
user-announcement = bản tin "{ $id }"
user-emergency = mẫu khẩn cấp "{ $id }"
schedule-not-a-file = đây là { $kind ->
    [folder] một thư mục
    [fifo] một đường ống (FIFO)
    [device] một thiết bị
    [socket] một socket
   *[other] không phải tệp thường
}, không phải tệp lịch
schedule-too-big = tệp nặng { $mb } MB; tệp lịch tối đa { $max } MB
schedule-grew = tệp lớn quá { $max } MB trong khi đang đọc
schedule-cannot-read = không đọc được tệp lịch: { $why }
schedule-cannot-read-help = chỉ đường dẫn tệp lịch bằng --config ĐƯỜNG-DẪN hoặc biến LOA_CONFIG
clock-zone-unknown = không nhận ra múi giờ hệ thống "{ $name }"; tạm dùng UTC (hãy ghi `timezone` trong [station])
clock-zone-unreadable = không đọc được múi giờ hệ thống; tạm dùng UTC (hãy ghi `timezone` trong [station])

## Thời lượng, số và ngày, như người đọc (GLOSSARY.md).
dur-days = { $n } ngày
dur-hours = { $n } giờ
dur-minutes = { $n } phút
dur-seconds = { $n } giây
dur-seconds-decimal = { $n } giây
weekday-long = { $day ->
    [mon] thứ Hai
    [tue] thứ Ba
    [wed] thứ Tư
    [thu] thứ Năm
    [fri] thứ Sáu
    [sat] thứ Bảy
   *[sun] Chủ nhật
}
day-today = hôm nay ({ $weekday })
day-tomorrow = ngày mai ({ $weekday })
day-yesterday = hôm qua ({ $weekday })
day-other = { $weekday } { $date }
