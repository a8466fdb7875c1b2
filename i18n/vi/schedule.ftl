## Hình thức của tệp lịch (bảng mã, TOML, tên mục, kiểu giá trị).
file-empty = tệp lịch đang trống; cần ít nhất bảng [station] hoặc một [[announcement]]
file-empty-help = hãy bắt đầu từ tệp mẫu config/schedule.toml
file-binary = đây không phải tệp văn bản (có byte NUL); đây là tệp lịch hay tệp âm thanh?
file-utf16 = tệp được lưu bằng bảng mã { $kind } ("Unicode"), không phải UTF-8
file-not-utf8 = tệp không phải văn bản UTF-8 (không đọc được byte { $byte }); hãy lưu lại bằng UTF-8
file-save-utf8-help = trong Notepad hoặc trình soạn thảo: Tệp → Lưu thành… (Save As) → Bảng mã (Encoding): UTF-8
date-format-help = ngày viết theo năm-tháng-ngày (YYYY-MM-DD), ví dụ 2026-12-01
date-day-first = { $written } viết ngày trước; hãy viết { $iso } (năm-tháng-ngày)
date-no-such-day = không có ngày { $date } (`{ $key }`)
date-month-has-days = tháng { $month } năm { $year } có { $days } ngày
date-month-range = tháng từ 01 đến 12
value-not-table = { $what } phải là một bảng; đang là { $found }
what-schedule = tệp lịch
key-unknown = không có mục `{ $key }` trong { $table }
did-you-mean-key = có phải là `{ $key }`?
keys-allowed = các mục được dùng ở đây: { $keys }
key-missing = { $table } thiếu `{ $key }`
key-missing-help = thêm một dòng như { $example }
value-wrong-type = `{ $key }` phải là { $expected }; đang là { $found }
expect-text = chữ trong dấu nháy kép
expect-texts = danh sách chữ trong dấu nháy, như ["a.mp3", "b.ogg"]
expect-bool = true hoặc false (không có dấu nháy)
expect-integer = số nguyên từ { $min } đến { $max }
expect-date = ngày như 2026-12-01
expect-dates = danh sách ngày như [2026-12-25, 2027-02-16]
found = đang là { $what }
found-text = chữ "{ $text }"
found-number = số { $number }
found-datetime = ngày/giờ { $value }
found-list = một danh sách
found-table = một bảng
duration-invalid = `{ $key }` = "{ $value }" không phải khoảng thời gian: { $why }
duration-help = viết khoảng thời gian như "30s", "10m", "1h 30m" (hoặc "30 giây", "10 phút")
duration-no-unit = cần ghi đơn vị: "{ $n }s" (giây) hoặc "{ $n }m" (phút)
duration-not-understood = không hiểu "{ $value }"; đơn vị là s (giây), m (phút), h (giờ), d (ngày)
times-empty = `{ $key }` là danh sách trống: cần ít nhất một giờ phát
times-empty-help = ví dụ at = ["05:30", "17:00"]
time-not-a-time = không phải giờ trong ngày
time-invalid = `{ $key }` cần giờ như "05:30" hoặc "17:00:30"; { $why }
time-help = giờ từ 00 đến 23, phút và giây từ 00 đến 59; nửa đêm là "00:00"
time-not-hhmm = "{ $value }" không viết theo dạng GG:PP hoặc GG:PP:GG
time-24 = "24:00" không phải giờ trong ngày; nửa đêm là "00:00"
time-hour-range = "{ $value }" có giờ { $hour }; giờ chỉ từ 00 đến 23
time-minute-range = "{ $value }" có phút hoặc giây lớn hơn 59
time-one-digit-minutes = "{ $value }" chỉ có một chữ số phút
did-you-mean-either = ý là "{ $a }" hay "{ $b }"?

## Các ngày trong tuần.
days-none = chưa ghi ngày nào; cần một trong: { $words }
days-no-such-vietnamese-day = không có ngày "{ $day }"; ngày viết là t2 hoặc thứ 2 (thứ Hai) .. t7 (thứ Bảy) và cn hoặc chủ nhật
days-range-needs-both = khoảng ngày cần một ngày ở mỗi bên dấu "-"; cần một trong: { $words }
days-unknown = không hiểu ngày "{ $day }"; cần một trong: { $words }, hoặc thứ 2 .. thứ 7, chủ nhật, hàng ngày

## Biểu thức cron.
cron-five-fields = "{ $expr }" có 5 trường, nhưng cron của loa có giây ở đầu: { $fields }
cron-five-fields-help = hãy viết "{ $fixed }" để phát ở giây 0
cron-field-count = "{ $expr }" có { $n } trường; biểu thức cron cần 6 hoặc 7: { $fields }
cron-example-help = ví dụ "0 15 6,17 * * Mon-Sat" là 06:15 và 17:15, từ thứ Hai đến thứ Bảy
cron-dow-zero = thứ 0 trong "{ $expr }" không phải một ngày: cron của loa đếm 1 = Chủ nhật .. 7 = thứ Bảy
cron-day-names-help = hãy dùng tên ngày, ví dụ Sun (chủ nhật) hoặc Mon-Fri (thứ 2 - thứ 6)
cron-every-second = "{ $expr }" phát mỗi giây: trường đầu tiên là giây
cron-every-second-help = ghi 0 vào trường giây: "{ $fixed }"
cron-invalid = không hiểu biểu thức cron "{ $expr }": { $why }
cron-fields-help = các trường là { $fields }; ví dụ "0 30 5 * * *" là 05:30 hàng ngày
cron-note-both-days = "{ $expr }" giới hạn cả ngày trong tháng lẫn thứ: loa chỉ phát vào ngày khớp cả hai (cron thông thường phát khi khớp một trong hai)
cron-note-dow-numbers = số thứ trong "{ $expr }" đếm 1 = Chủ nhật .. 7 = thứ Bảy (không phải 0 = Chủ nhật như crontab); viết tên ngày như Mon-Fri rõ hơn

## Giá trị trong lịch.
id-invalid = mã (id) "{ $id }" chỉ được dùng chữ thường a-z không dấu, chữ số và "-" (tối đa 64 ký tự, không bắt đầu bằng "-")
id-example-help = ví dụ id = "{ $id }"
files-empty = `{ $key }` là danh sách trống: cần ít nhất một tệp âm thanh
files-empty-help = ví dụ { $key } = ["ban-tin-sang.mp3"]
file-name-empty = tên tệp âm thanh đang trống
file-backslash = "{ $file }" là đường dẫn kiểu Windows (có dấu \); trên máy này thư mục ngăn cách bằng /
file-backslash-help = viết dấu / hoặc chỉ tên tệp, ví dụ "{ $name }", và chép tệp vào thư mục audio_dir
days-empty = `days` đang trống: cần ít nhất một ngày, hoặc "hàng ngày"
order-invalid = `order` phải là "all" hoặc "rotate", không phải "{ $value }"
order-help = "all" phát lần lượt mọi tệp; "rotate" mỗi lần phát một tệp, xoay vòng
chime-invalid = `chime` phải là false hoặc tên tệp âm thanh; đang là { $found }
zone-case = tên múi giờ phân biệt chữ hoa: hãy viết "{ $zone }"
zone-vietnam = Việt Nam dùng một múi giờ: hãy viết "{ $zone }"
zone-offset = độ lệch như UTC+9 không phải tên múi giờ; hãy viết múi giờ của một thành phố, như "Asia/Tokyo"
zone-near = có phải là "{ $zones }"?
zone-iana = hãy dùng tên múi giờ IANA, như "{ $zone }"
output-empty = `output` đang trống
output-wav-needs-path = "wav:" cần đường dẫn tệp phía sau, ví dụ "wav:/tmp/loa.wav"
quiet-not-range = quiet_hours "{ $value }" không phải một khoảng giờ: viết BẮT ĐẦU-KẾT THÚC, như "22:00-05:00"
quiet-start = giờ bắt đầu của quiet_hours: { $why }
quiet-end = giờ kết thúc của quiet_hours: { $why }
quiet-same = quiet_hours "{ $value }" bắt đầu và kết thúc cùng một giờ

## Toàn bộ lịch.
schedule-nothing = lịch không có [[announcement]] nào và không có [[emergency]] nào: sẽ không phát gì
table-double-brackets = `{ $key }` phải viết là [[{ $key }]], với hai cặp ngoặc vuông
table-double-brackets-help = mỗi [[{ $key }]] mở đầu một mục của danh sách
zone-unknown = không có múi giờ "{ $zone }"
output-help = dùng "default", một tên trong `loa devices`, "wav:ĐƯỜNG-DẪN" hoặc "null"
quiet-help = viết khoảng hai giờ, ví dụ quiet_hours = "22:00-05:00"
amp-command-empty = `{ $key }` phải ghi chương trình cần chạy
amp-command-help = ví dụ { $key } = ["/usr/local/bin/relay", "{ $key }"]
amp-missing-off-example = off = ["/usr/local/bin/relay", "off"] (nếu không, âm ly sẽ không bao giờ được tắt)
at-and-cron = một bản tin chỉ dùng `at` hoặc `cron`, không dùng cả hai
at-and-cron-help = giữ một: `at` với `days` cho giờ cố định, hoặc `cron`
days-with-cron = `days` đi với `at`; khi dùng `cron`, ngày nằm ở các trường cuối của biểu thức
days-with-cron-help = cho thứ Hai đến thứ Bảy: cron = "0 15 6 * * Mon-Sat"
no-at-no-cron = { $what } chưa có `at` hoặc `cron`: hãy ghi giờ phát
no-at-no-cron-help = thêm at = ["05:30"] (với days = "hàng ngày"), hoặc cron = "0 30 5 * * *"
until-before-from = `until` ({ $until }) trước `from` ({ $from }): bản tin sẽ không bao giờ phát
at-twice = { $time } bị ghi hai lần trong `at`; chỉ phát một lần
at-in-quiet-hours = { $time } nằm trong giờ yên tĩnh ({ $quiet }): sẽ không phát
cron-in-quiet-hours = { $n } giờ phát nằm trong giờ yên tĩnh ({ $quiet }) và sẽ không phát: { $times }
every-zero = `every` phải lớn hơn không
every-help = ví dụ every = "15m"
emergency-plays-once = mẫu khẩn cấp "{ $id }" không có `every`: `loa play { $id }` phát { $n ->
    [one] một lần
   *[other] { $n } lần
} rồi dừng
emergency-plays-once-help = để phát lại cho đến khi chạy `loa stop`, thêm every = "15m"
emergency-has-no-times = mẫu khẩn cấp không có giờ phát: nó phát khi có người chạy `loa play MÃ`; `{ $key }` dùng trong [[announcement]] (muốn nhắc lại cảnh báo, dùng every = "15m")
days-words = mon..sun, t2..t7, cn, daily, weekdays hoặc weekends
cron-fields = giây phút giờ ngày-trong-tháng tháng thứ-trong-tuần [năm]
