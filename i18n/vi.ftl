# Thông báo của loa bằng tiếng Việt. Mọi mã ở đây cũng có trong en.ftl (có kiểm thử).
# Viết ngắn, theo cách văn phòng xã viết.

## Kiểm thử của chính danh mục.
test-plural = { $n } tệp

## Hình thức của tệp lịch (bảng mã, TOML, tên mục, kiểu giá trị).
file-empty = tệp lịch đang trống; cần ít nhất bảng [station] hoặc một [[announcement]]
file-empty-help = hãy bắt đầu từ tệp mẫu config/schedule.toml
file-binary = đây không phải tệp văn bản (có byte NUL); đây là tệp lịch hay tệp âm thanh?
file-utf16 = tệp được lưu bằng bảng mã { $kind } ("Unicode"), không phải UTF-8
file-not-utf8 = tệp không phải văn bản UTF-8 (không đọc được byte { $byte }); hãy lưu lại bằng UTF-8
file-save-utf8-help = trong Notepad hoặc trình soạn thảo: Tệp → Lưu thành… (Save As) → Bảng mã (Encoding): UTF-8
toml-duplicate-key = `{ $key }` bị viết hai lần; chỉ giữ một
toml-duplicate-key-help = mỗi [bảng] chỉ viết một lần, mỗi mục chỉ một lần trong bảng
toml-curly-quotes = dòng này có dấu nháy { $quote } (từ Word, Zalo hoặc điện thoại); tệp lịch cần dấu nháy thẳng "
toml-curly-quotes-help = gõ lại dấu nháy thành " trong Notepad, ví dụ title = "Bản tin sáng"
toml-invalid = viết chưa đúng cú pháp TOML: { $why }
toml-quote-help = chữ phải đặt trong dấu nháy kép, ví dụ title = "Bản tin buổi sáng"
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
id-duplicate = mã "{ $id }" đã dùng cho { $kind ->
    [announcement] bản tin
   *[other] mẫu khẩn cấp
} ở dòng { $line }; mỗi bản tin và mẫu khẩn cấp cần một mã riêng
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

## Cảnh báo theo ngày hôm nay và theo âm thanh.
lint-window-ended = bản tin "{ $id }": đã hết hạn phát ngày { $until }; sẽ không phát nữa
lint-never-plays = bản tin "{ $id }" sẽ không phát trong { $days } ngày tới: { $why ->
    [cron] không có ngày nào trong thời hạn khớp biểu thức cron
   *[days] không có ngày nào trong thời hạn khớp các thứ đã chọn
}
lint-emergency-no-pause = mẫu khẩn cấp "{ $id }" dài { $length } nhưng phát lại mỗi { $every }: sẽ phát liền không nghỉ
lint-and-more = … và còn { $n } bản tin khác { $kind ->
    [same-minute] trùng phút với bản tin khác (sẽ phát lần lượt, theo độ ưu tiên)
   *[overlap] dài hơn khoảng cách đến bản tin sau (bản tin sau bị trễ hoặc bị bỏ)
}; `loa next --days 366` liệt kê mọi lần phát
lint-same-minute = "{ $first }" ({ $first_at }) và "{ $second }" ({ $second_at }) trùng phút ngày { $date }; { $outcome ->
    [skipped] "{ $first }" phát trước và "{ $second }" sẽ bị bỏ (trễ quá max_delay = { $max_delay })
   *[after] sẽ phát lần lượt, "{ $first }" trước
}
lint-overlap = "{ $id }" lúc { $at } ngày { $date } phát đến { $until }, quá { $next_at } là giờ của "{ $next }"; { $outcome ->
    [skipped] "{ $next }" sẽ bị bỏ (trễ quá max_delay = { $max_delay })
   *[late] "{ $next }" sẽ phát trễ
}
lint-overlap-help = rút ngắn "{ $id }", hoặc dời "{ $next }" muộn hơn
lint-into-quiet = "{ $id }" lúc { $at } phát đến { $until }, lấn vào giờ yên tĩnh ({ $quiet })
lint-into-quiet-help = cho phát sớm hơn hoặc rút ngắn; giờ yên tĩnh chỉ chặn việc bắt đầu phát, không cắt bản tin đang phát
lint-except-past = ngày nghỉ `except` { $date } đã qua
lint-except-past-help = hãy xoá ngày đó, hoặc có phải ý là ngày của năm sau?
lint-zone-utc = lịch không ghi múi giờ và máy này đang dùng UTC: giờ của đài bây giờ là { $now } UTC, mọi bản tin sẽ phát lệch nhiều giờ
lint-zone-utc-help = thêm timezone = "{ $zone }" vào [station]

## Tệp âm thanh.
audio-missing = không có tệp này
audio-folder = đây là thư mục, không phải tệp âm thanh
audio-not-regular = đây không phải tệp thông thường (một ống dẫn, thiết bị hay socket)
audio-unreadable = không đọc được: { $why }
audio-empty = tệp trống
audio-not-audio = không phải tệp âm thanh loa đọc được (MP3, Ogg Vorbis, Opus, FLAC, WAV, AAC/M4A)
audio-kind-unplayable = { $kind ->
    [other] loại bản ghi này không phát được
   *[known] bản ghi { $kind } không phát được
}
audio-convert-help = hãy chuyển đổi bằng: ffmpeg -i "{ $file }" "{ $stem }.mp3"
audio-no-track = tệp không có âm thanh
audio-bad-rate = tần số lấy mẫu { $rate } Hz nằm ngoài khoảng loa phát ({ $min } đến { $max } Hz); tệp bị hỏng hoặc lạ: hãy chuyển đổi, ví dụ `sox VÀO RA.wav rate 48k`
audio-bad-channels = tệp có { $n } kênh; loa phát từ 1 đến { $max } kênh
audio-damaged = tệp bị hỏng ở { $at }; hãy ghi hoặc chép lại
audio-dir-missing = không có thư mục âm thanh { $dir } (ghi `audio_dir` trong [station], tính từ thư mục chứa tệp lịch)
users-and-more = { $first } và { $n } mục khác
audio-file-problem = tệp âm thanh "{ $file }" (dùng cho { $who }): { $why } ({ $path })
audio-nearest = trong thư mục có "{ $names }": hãy ghi tên đúng như trong thư mục
tally = { $errors } lỗi, { $warnings } cảnh báo

## loa next
next-none = không có lần phát nào từ { $from } đến { $to } ({ $zone })
next-col-date = NGÀY
next-col-day = THỨ
next-col-time = GIỜ
next-col-id = MÃ
next-col-title = TÊN BẢN TIN
next-col-files = TỆP
next-col-length = DÀI
next-will-be-skipped = sẽ bị bỏ: bản tin trước vẫn đang phát quá max_delay ({ $max_delay })
next-count = { $n } lần phát{ $skipped ->
    [0] {""}
   *[other] , { $skipped } lần sẽ bị bỏ
} ({ $zone }, giờ địa phương)
next-audio-problems = { $n } tệp âm thanh có vấn đề: độ dài ghi "?"; chạy `loa check` để xem chi tiết
next-cannot-write = không ghi được lịch phát: { $why }

## loa check
check-ok = { $file }: tốt ({ $warnings ->
    [0] không có cảnh báo
   *[other] { $warnings } cảnh báo
})
check-station = đài
check-zone = múi giờ
check-zone-value = { $zone } (UTC{ $offset }{ $from_file ->
    [yes] {""}
   *[no] , theo múi giờ của máy
})
check-station-time = giờ của đài
check-output = đầu ra
check-output-value = { $output }, âm lượng { $volume }%
check-quiet = giờ yên tĩnh
check-max-delay = trễ tối đa
check-max-delay-value = { $max_delay }, phát bù { $catch_up }
check-announcements = bản tin
check-announcements-value = { $n } ({ $enabled } đang bật)
check-presets = mẫu khẩn cấp
check-audio = âm thanh
check-audio-value = { $files } tệp, tổng { $length }, { $mb } MB
check-next-none = lần phát tới: không có trong { $days } ngày tới
check-next = các lần phát tới:
help-label = gợi ý

## loa play
play-no-daemon = { $why }; phát ngay tại đây
play-schedule-has-errors = tệp lịch { $file } có lỗi; tệp âm thanh chỉ rõ đường dẫn vẫn phát, ra đầu ra mặc định
play-ambiguous = "{ $target }" có thể là: { $ids }; hãy ghi mã
play-not-found = không có bản tin, mẫu khẩn cấp hay tệp âm thanh nào tên "{ $target }"; các mã là: { $ids } (`loa next` cho xem kèm tên)
play-not-found-no-schedule = không có tệp âm thanh "{ $target }" (và không có tệp lịch để tìm mã)
play-label-emergency = mẫu khẩn cấp "{ $id }" ({ $title })
play-label-announcement = bản tin "{ $id }" ({ $title })
play-no-ctrl-c = không bắt được Ctrl-C ({ $why }); Ctrl-C sẽ cắt tiếng đột ngột
play-no-player = không khởi động được bộ phát: { $why }
play-playing = đang phát { $what } ra { $output }
play-cannot-play = không phát được { $file }: { $why }
play-stopped = đã dừng
play-ended-early = buổi phát kết thúc sớm
play-nothing-played = chưa phát được gì: { $why }
play-again-every = sẽ phát lại mỗi { $every }; bấm Ctrl-C để dừng
play-default-output = đầu ra âm thanh mặc định
play-output = đầu ra "{ $output }"

## Trả lời của dịch vụ loa.
reply-stopping = đang dừng "{ $id }"
reply-repeating-ended = đã kết thúc cảnh báo khẩn cấp lặp lại "{ $id }"
reply-nothing-playing = không có gì đang phát
reply-paused-until = tạm dừng lịch phát đến { $until }
reply-paused = tạm dừng lịch phát cho đến khi chạy `loa resume`
reply-resumed = lịch phát đã chạy lại
reply-not-paused = lịch phát không bị tạm dừng
reply-not-found = không có bản tin hay mẫu khẩn cấp "{ $target }" trong { $file }; các mã là: { $ids }
reply-too-many-waiting = đã có { $n } yêu cầu phát đang chờ; hãy thử lại khi một yêu cầu đã phát xong (hoặc `loa stop`)
reply-emergency-playing = đang phát khẩn cấp "{ $id }"
reply-emergency-playing-every = đang phát khẩn cấp "{ $id }", phát lại mỗi { $every } cho đến khi chạy `loa stop`
reply-playing = đang phát "{ $id }"
reply-queued = "{ $id }" đang chờ: phát sau { $ahead }
reply-then = {", rồi "}
reply-bad-when = "{ $value }" không phải thời điểm: viết "18:00", "2026-12-01 18:00" hoặc khoảng thời gian như "2h"
reply-did-not-play = "{ $id }" chưa phát được: { $why }
reply-daemon-stopping = "{ $id }" chưa phát được: dịch vụ loa đang dừng
reply-not-sounded-yet = "{ $id }" đã chuyển cho bộ phát nhưng chưa có tiếng; xem `loa status`
reply-not-audio-file = { $path } không phải tệp âm thanh (là thư mục?)
reply-cannot-open = không mở được { $path }: { $why }
reply-reloaded = đã nạp lại lịch: { $n } bản tin
reply-reload-refused = lịch mới có lỗi; lịch tốt gần nhất vẫn chạy
schedule-more-lines = … và { $n } dòng nữa: `loa check` liệt kê đầy đủ

## Kết nối với dịch vụ và loa status.
client-no-daemon = không có dịch vụ loa nào trả lời ở { $path } ({ $why })
client-permission = không được dùng { $path }: chỉ root và thành viên nhóm `loa` được điều khiển dịch vụ
client-broken = dịch vụ loa ở { $path } không trả lời: { $why }
client-no-socket = không có socket
client-nothing-listens = không có gì nghe ở socket
client-closed = kết nối bị đóng
play-daemon-busy = dịch vụ loa đang quá bận ({ $why })
status-station = đài
status-schedule = lịch
status-schedule-value = { $file } (nạp lúc { $at })
status-refused-changes = thay đổi bị từ chối, lịch tốt gần nhất vẫn chạy:
status-now = bây giờ
status-output-label = đầu ra
status-output = { $name }: { $state }
status-output-failed = { $name }: hỏng: { $why }
status-amplifier = âm ly
status-amp-state = { $state ->
    [on] bật
    [off] tắt
   *[other] { $state }
}
status-amp-last = { $state } (lần cuối: { $switch } lúc { $at }: { $result })
status-clock = đồng hồ
status-clock-holding = CHƯA đồng bộ: lịch phát đang được giữ lại (require_clock_sync)
status-clock-unsynced = chưa đồng bộ
status-clock-synced = đã đồng bộ
status-clock-unknown = không biết đã đồng bộ hay chưa
status-history = nhật ký
status-history-failing = { $file }: không ghi được: { $why } ({ $n } dòng đang giữ trong bộ nhớ)
status-playing = đang phát
status-relay = luồng
status-relay-connected = { $format }, đệm { $buffer } giây
status-relay-connecting = hiện không có âm thanh ({ $why })
status-relay-reconnects = { $n } lần kết nối lại
status-nothing = không có gì
status-paused-label = tạm dừng
status-paused-until = lịch phát, đến { $until }
status-paused = lịch phát, cho đến khi chạy `loa resume`
status-emergency = khẩn cấp
status-emergency-repeats = { $id } lặp lại; lần sau lúc { $next } (`loa stop` để kết thúc)
status-queue = hàng chờ
status-next = sắp phát
status-next-none = không có gì trong hai ngày tới
status-last-error = lỗi gần nhất

## Dòng lệnh (loa --help).
cli-heading-usage = Cách dùng:
cli-heading-commands = Lệnh
cli-heading-options = Tùy chọn
cli-heading-arguments = Tham số
cli-value-command = LỆNH
cli-flag-help = Xem hướng dẫn
cli-flag-version = Xem phiên bản
cli-about = Phát bản tin theo lịch và cảnh báo khẩn cấp của xã qua hệ thống loa
cli-config = Tệp lịch [mặc định: /etc/loa/schedule.toml]
cli-socket = Socket điều khiển dịch vụ [mặc định: /run/loa/loa.sock, hoặc $XDG_RUNTIME_DIR/loa/loa.sock]
cli-state-dir = Thư mục chứa nhật ký phát [mặc định: /var/lib/loa, hoặc $XDG_STATE_HOME/loa]
cli-output = Phát ra đây, không theo `output` trong lịch: "default", "null", "wav:ĐƯỜNG-DẪN", hoặc một tên trong `loa devices` (cho `run` và `play`; máy không có loa: null)
cli-run-about = Chạy dịch vụ loa (systemd chạy theo cách này)
cli-check-about = Kiểm tra lịch và mọi tệp âm thanh; in tóm tắt và các lần phát tới
cli-next-about = In lịch phát: mọi lần phát trong một số ngày
cli-next-date = Ngày đầu tiên, YYYY-MM-DD [mặc định: từ bây giờ]
cli-next-days = Số ngày cần xem
cli-next-json = In một mảng JSON thay cho bảng
cli-play-about = Phát ngay: mã bản tin, mã mẫu khẩn cấp, hoặc một tệp âm thanh
cli-play-target = Mã hoặc tên bản tin, mẫu khẩn cấp (chữ hoa hay thường, có dấu hay không), hoặc tệp âm thanh (đường dẫn, hoặc tên tệp trong audio_dir)
cli-play-emergency = Phát khẩn cấp: cắt ngang mọi thứ đang phát, bỏ qua giờ yên tĩnh và tạm dừng
cli-play-repeat = Số lần phát
cli-play-volume = Âm lượng, phần trăm của âm lượng đài
cli-play-for = Với một luồng (http:// hoặc https://): tiếp âm trong khoảng này ("30m", "30 phút"), nếu không thì đến khi `loa stop`
play-stream-silent = không có âm thanh nào từ { $url }: { $why }
play-stream-nothing = máy chủ không gửi gì
play-url-bad = "{ $url }" không phải địa chỉ luồng mà loa mở được: { $why }
play-for-range = --for nhận một khoảng thời gian từ 1 giây đến 24 giờ, ví dụ "30m" hoặc "1 giờ 30 phút"
cli-stop-about = Dừng cái đang phát (theo lịch hoặc khẩn cấp)
cli-pause-about = Tạm dừng lịch phát (khẩn cấp vẫn phát)
cli-pause-until = Tự chạy lại lúc này (giờ địa phương): "GG:PP", "YYYY-MM-DD GG:PP", hoặc khoảng thời gian như "2h"
cli-resume-about = Cho lịch phát chạy lại
cli-status-about = Xem trạng thái: đang phát gì, hàng chờ, các lần phát tới, đầu ra
cli-status-json = In một đối tượng JSON
cli-reload-about = Đọc lại tệp lịch ngay
cli-history-about = Xem nhật ký: đã phát, bị bỏ, bị cắt ngang hay lỗi
cli-history-since = Từ ngày này (giờ địa phương), YYYY-MM-DD
cli-history-until = Đến hết ngày này (giờ địa phương), YYYY-MM-DD
cli-history-id = Chỉ bản tin hoặc mẫu khẩn cấp này
cli-history-month = Chỉ tháng này, YYYY-MM
cli-history-summary = Tổng hợp theo bản tin và kết quả, kèm thời lượng phát, thay cho từng dòng
cli-history-format = Định dạng in ra
cli-devices-about = Liệt kê các thiết bị âm thanh theo tên dùng trong lịch
cli-help-about = Xem hướng dẫn này hoặc hướng dẫn của một lệnh
cli-not-a-date = "{ $value }" không phải ngày viết theo YYYY-MM-DD, như 2026-12-01
cli-year-range = { $value }: năm phải từ 1900 đến 9999
cli-not-a-month = "{ $value }" không phải tháng viết theo YYYY-MM, như 2026-12
cli-error-unknown-argument = không có tùy chọn '{ $arg }'
cli-error-unknown-command = không có lệnh '{ $command }'
cli-error-invalid-value = giá trị '{ $value }' không hợp lệ cho '{ $arg }': { $why }
cli-error-missing = còn thiếu: { $arg }
cli-error-missing-command = cần ghi một lệnh
cli-error-too-many = '{ $arg }' bị ghi nhiều lần hoặc cùng với tùy chọn không dùng chung được
cli-error-did-you-mean = gợi ý: có phải là '{ $what }'?
cli-error-more = Xem thêm: '--help'.

## Âm thanh phát ra sẽ không tốt.
audio-silent = tệp âm thanh "{ $file }" (dùng cho { $who }) không có tiếng: sẽ không nghe thấy gì
audio-silent-help = hãy thu lại, và xem micrô đã bật chưa
audio-quiet = tệp âm thanh "{ $file }" (dùng cho { $who }) rất nhỏ ({ $lufs } LUFS): người nghe khó nghe rõ
audio-quiet-help = hãy thu gần micrô hơn, hoặc ghi loudness = -16 trong [station] để mọi tệp phát to đều nhau
audio-clipped = tệp âm thanh "{ $file }" (dùng cho { $who }) bị vỡ tiếng ở { $n } chỗ: nghe sẽ rè
audio-clipped-help = hãy thu lại với mức âm thấp hơn; giảm âm lượng bây giờ không hết rè
audio-long = tệp âm thanh "{ $file }" (dùng cho { $who }) dài { $length }: có đúng bản ghi không?
audio-long-help = buổi phát dài như vậy chiếm loa rất lâu; hãy cắt tệp chỉ còn phần cần phát
expect-number = một số từ { $min } đến { $max }

## loa history và loa devices
history-nothing-yet = chưa ghi nhật ký nào (chưa có { $path })
history-none = không có lần phát nào trong khoảng này
history-col-when = LÚC
history-col-id = MÃ
history-col-source = NGUỒN
history-col-outcome = KẾT QUẢ
history-col-duration = DÀI
history-col-due = GIỜ LỊCH
history-col-by = AI
history-col-reason = LÝ DO
history-col-title = TÊN BẢN TIN
history-col-airtime = TỔNG PHÁT
history-source = { $value ->
    [schedule] lịch
    [catch-up] phát bù
    [manual] tay
    [emergency] khẩn cấp
   *[other] { $value }
}
history-outcome = { $value ->
    [played] đã phát
    [skipped] bị bỏ
    [interrupted] bị cắt
    [stopped] bị dừng
    [missed] bị lỡ
    [failed] lỗi
    [playing] đang phát
    [starting] sắp phát
   *[other] { $value }
}
history-all-time = từ trước đến nay
history-period = { $from } đến { $to }
history-the-start = đầu
history-now = nay
history-summary-head = các lần phát, { $period } ({ $zone })
history-total-airtime = tổng thời gian phát: { $airtime }
devices-not-available = hiện không dùng được: { $names }
cli-note-default = mặc định: { $value }
cli-note-values = các giá trị: { $values }
cli-note-env = biến môi trường: { $name }

## Tiếp âm (quy định §8; đọc và kiểm tra, phát từ [8/10]).
user-relay = tiếp âm "{ $id }"
relay-duration-range = `duration` phải lớn hơn không và tối đa 24h
relay-duration-help = thời lượng tiếp âm, ví dụ duration = "30m"
relay-connect-ahead-range = `connect_ahead` tối đa 10m
relay-fallback-after-zero = `fallback_after` phải lớn hơn không
relay-streams-empty = `streams` là danh sách trống: cần ít nhất một địa chỉ luồng phát
relay-url-scheme = "{ $url }" bắt đầu bằng { $scheme }://; loa chỉ tiếp âm luồng http:// và https://
relay-url-no-host = "{ $url }" không có tên máy chủ
relay-url-invalid = "{ $url }" không phải địa chỉ web: { $why ->
    [no-scheme] hãy viết thêm http:// hoặc https:// ở đầu
    [no-host] thiếu tên máy chủ
    [port] cổng sau dấu ":" phải là số từ 1 đến 65535
   *[other] hãy kiểm tra từng chữ, hoặc chép lại từ trang của đài
}
relay-url-help = ví dụ "http://radio.example.vn:8000/vov1" hoặc "https://live.example.vn/vov1/playlist.m3u8"
check-online-heading = Các luồng, thử ngay bây giờ:
check-online-ok = { $id }: { $url }: có âm thanh ({ $format })
check-online-failed = { $id }: { $url }: không có âm thanh: { $why }
check-online-dead = tiếp âm "{ $id }": không luồng nào có âm thanh lúc này
check-online-dead-help = kiểm tra địa chỉ và mạng; đến giờ phát loa sẽ thử lại, và phát bản dự phòng (fallback) nếu có
check-relays = tiếp âm
next-relay-window = tiếp âm đến { $end }

## Bản tin từ tỉnh (spec §9): vì sao bản tin bị từ chối

bulletin-too-large = bản tin dài { $bytes } byte; chỉ đọc tối đa { $limit } byte
bulletin-not-json = không phải bản tin (không phải JSON: { $why })
bulletin-not-object = tin nhắn không phải một đối tượng JSON
bulletin-unsigned = bản tin không có chữ ký (thiếu `sig`)
bulletin-bad-signature = chữ ký hoặc khoá của bản tin viết sai dạng (`sig`: base64 của 64 byte; `key`: ed25519:BASE64)
bulletin-unknown-key = ký bằng khoá { $key }, khoá này không có trong trusted_keys của trạm
bulletin-altered = chữ ký không khớp với nội dung: bản tin đã bị sửa hoặc bị giả mạo
bulletin-invalid = `{ $field }`: { $why }
bulletin-expired = đã hết hạn lúc { $expires }
bulletin-download-too-large = âm thanh của bản tin nặng { $bytes } byte, quá max_download ({ $limit } byte)
bulletin-replayed = đã nhận một bản tin cùng mã này rồi (gửi lại)
bulletin-want-text = phải là chữ
bulletin-missing = bị thiếu
bulletin-want-instant = "{ $text }" không phải thời điểm dạng RFC 3339 (2026-12-01T06:00:00+07:00)
bulletin-want-url = "{ $text }" không phải địa chỉ http:// hoặc https://
bulletin-version = trạm này đọc bản tin phiên bản 1 ("v": 1)
bulletin-bad-id = phải dài từ 1 đến { $max } ký tự, không có ký tự điều khiển
bulletin-bad-level = phải là "normal" (thường), "priority" (ưu tiên) hoặc "emergency" (khẩn cấp)
bulletin-expires-before-issued = `expires` phải sau `issued`
bulletin-bad-repeat = phải là số nguyên từ 1 đến { $max }
bulletin-no-sound = bản tin không có âm thanh: cần một trong `preset`, `audio`, `stream`
bulletin-two-sounds = bản tin có nhiều hơn một trong `preset`, `audio`, `stream`
bulletin-audio-list = `audio` phải là danh sách 1 đến { $max } tệp, mỗi tệp { "{" }url, sha256, bytes{ "}" }
bulletin-sha256 = phải là SHA-256 của tệp, 64 chữ số hệ mười sáu
bulletin-bytes = phải là kích thước tệp tính bằng byte, số nguyên
bulletin-stream = `stream` phải là { "{" }url, duration{ "}" } với thời lượng từ 1 giây đến 6 giờ

## [fleet] trong lịch

fleet-broker-invalid = "{ $url }" không phải địa chỉ máy chủ MQTT (broker)
fleet-broker-scheme = "{ $url }" bắt đầu bằng { $scheme }://; địa chỉ broker phải là mqtt:// hoặc mqtts:// (có TLS)
fleet-broker-credentials = đừng ghi tên đăng nhập hay mật khẩu trong `broker`: hãy dùng `username` và `password_file`
fleet-broker-help = ví dụ broker = "mqtts://mqtt.tinh.example.vn:8883"
fleet-node-invalid = "{ $node }" không phải tên cụm loa hợp lệ: các phần gồm a-z, 0-9 và -, cách nhau bằng /, cấp lớn trước (tối đa { $max } phần)
fleet-node-help = node = "quang-nam/duy-xuyen/duy-phuoc/cum-01"
fleet-file-unreadable = { $key } = "{ $path }": { $why }; kết nối với tỉnh chưa dùng được cho đến khi đọc được tệp này (chương trình vẫn phát như thường)
fleet-password-without-user = `password_file` cần có `username` đi kèm
fleet-cert-pair = `client_cert` và `client_key` đi cùng nhau: ghi cả hai hoặc không ghi cả hai
fleet-key-invalid = "{ $key }" không phải khoá công khai: { $why ->
    [prefix] khoá phải bắt đầu bằng ed25519:
    [secret] đây là khoá BÍ MẬT (NAME.key); hãy dán nội dung NAME.pub vào đây, khoá bí mật phải giữ ở tỉnh
    [base64] phần sau ed25519: không phải base64
    [length] khoá không dài đúng 32 byte
   *[other] khoá ed25519 không hợp lệ
}
fleet-key-help = dán dòng trong tệp NAME.pub của tỉnh, đúng như `loa fleet keygen` đã ghi
fleet-no-keys = chưa có `trusted_keys`: mọi bản tin và mọi lịch gửi xuống sẽ bị từ chối
fleet-normal-invalid = `normal` phải là "hold" (bản tin thường chờ `loa bulletins accept`) hoặc "auto" (phát đúng giờ của bản tin)
fleet-status-every-range = `status_every` phải từ 10s đến 24h
fleet-size-invalid = { $text } không phải là dung lượng
fleet-size-help = ví dụ max_download = "50MB" (KB, MB, GB, hoặc số byte)
fleet-size-range = `max_download` phải từ 1KB đến 4GB
check-fleet = kết nối tỉnh
check-fleet-value = { $node } qua { $broker } ({ $keys } khoá tin cậy; bản tin thường: { $normal ->
    [auto] phát đúng giờ
   *[hold] chờ `loa bulletins accept`
})
bulletin-unknown-preset = bản tin yêu cầu bản khẩn cấp có sẵn "{ $preset }", nhưng lịch của trạm không có bản này
bulletin-audio-not-yet = chưa tải xong âm thanh của bản tin
cli-fleet-about = Phía tỉnh: khoá, gửi bản tin, xem trạng thái và lịch sử của mọi cụm loa
cli-fleet-keygen-about = Tạo cặp khoá ký: NAME.key (bí mật, quyền 0600) và NAME.pub (để ghi vào trusted_keys)
cli-fleet-keygen-out = NAME: ghi ra NAME.key và NAME.pub
cli-fleet-send-about = Ký một bản tin và gửi tới mọi cụm loa thuộc một tiền tố
cli-fleet-send-to = Nơi nhận: một cụm loa, hoặc tiền tố của nhiều cụm ("quang-nam/duy-xuyen")
cli-fleet-send-level = Mức bản tin: normal (xã quyết định), priority (phát kế tiếp), emergency (phát ngay)
cli-fleet-send-key = Khoá bí mật (NAME.key do `loa fleet keygen` tạo)
cli-fleet-send-preset = Bản khẩn cấp có sẵn ở mọi cụm loa (không cần tải)
cli-fleet-send-stream = Luồng trực tiếp để tiếp âm (http:// hoặc https://), kèm --for
cli-fleet-send-for = Tiếp âm trong bao lâu ("30m")
cli-fleet-send-title = Tiêu đề các cụm loa hiển thị và ghi nhật ký
cli-fleet-send-at = Phát vào lúc này (RFC 3339, hoặc "HH:MM" hôm nay theo múi giờ của máy) [mặc định: ngay]
cli-fleet-send-expires = Cụm loa nhận được muộn hơn khoảng này sau khi gửi sẽ từ chối bản tin
cli-fleet-send-broker = Máy chủ MQTT, mqtt://MÁY[:CỔNG] hoặc mqtts://MÁY[:CỔNG] [mặc định: [fleet] của --config]
cli-fleet-send-username = Tên đăng nhập của tỉnh trên máy chủ MQTT
cli-fleet-send-password-file = Tệp chứa mật khẩu
cli-fleet-send-ca-file = Chứng chỉ CA của máy chủ MQTT (PEM) [mặc định: chứng chỉ gốc của hệ thống]
fleet-expires-range = phải từ 1m đến 7d
fleet-keygen-done = Đã ghi { $secret } (khoá bí mật: giữ tại tỉnh, không bao giờ gửi đi) và { $public }. Ghi dòng này vào trusted_keys của mỗi trạm:
fleet-keygen-exists = { $path } đã có: hãy chọn tên khác, hoặc xoá tệp đó trước
fleet-key-unreadable = không đọc được khoá { $path }: { $why }
fleet-key-not-secret = { $path } không phải khoá bí mật (NAME.key do `loa fleet keygen` tạo)
fleet-no-broker = chưa có máy chủ MQTT: hãy ghi --broker (hoặc LOA_BROKER), hoặc dùng --config với lịch có [fleet]
fleet-bad-prefix = "{ $prefix }" không phải cụm loa hay tiền tố hợp lệ: các phần gồm a-z, 0-9 và -, cách nhau bằng /
fleet-bad-when = --at: { $why }
fleet-stream-url = --stream: "{ $url }" không phải địa chỉ http:// hoặc https://
fleet-sent = Đã gửi { $id } ({ $level }) tới { $topic }; hết hạn lúc { $expires }.
fleet-send-failed = không gửi được tới { $broker }: { $why }
bulletin-not-found = chưa nhận bản tin nào mã "{ $id }" (`loa bulletins` liệt kê các bản tin)
bulletin-not-open = bản tin "{ $id }" đã ở trạng thái { $state }: không còn gì để quyết định
bulletin-rejected-by = { $by } đã từ chối
bulletin-rejected = Đã từ chối bản tin { $id }: bản tin sẽ không được phát.
bulletin-accepted = Đã nhận bản tin { $id }: phát ngay (hoặc ngay khi bản đang phát kết thúc).
bulletin-accepted-at = Đã nhận bản tin { $id }: phát lúc { $at }.
cli-bulletins-about = Các bản tin nhận từ tỉnh, và quyết định của xã với bản tin thường
cli-bulletins-json = In ra một mảng JSON
cli-bulletins-accept-about = Phát một bản tin đang chờ: ngay, hoặc vào một giờ
cli-bulletins-accept-id = Mã bản tin, như `loa bulletins` liệt kê
cli-bulletins-accept-at = Phát vào giờ này của đài: "HH:MM", "YYYY-MM-DD HH:MM", hoặc một khoảng như "2h"
cli-bulletins-reject-about = Không phát một bản tin đang chờ
cli-bulletins-reject-id = Mã bản tin, như `loa bulletins` liệt kê
bulletins-none = Chưa nhận bản tin nào.
bulletins-state = { $state ->
    [held] đang chờ xã
    [waiting] chờ đến giờ
    [queued] đã xếp phát
    [played] đã phát
    [rejected] đã từ chối
    [expired] hết hạn
    [refused] bị từ chối
    [interrupted] bị ngắt
    [stopped] bị dừng
    [failed] lỗi
   *[other] { $state }
}
bulletins-held-help = chờ xã quyết định: loa bulletins accept { $id } [--at 18:00]  hoặc  loa bulletins reject { $id }
status-feed = kết nối tỉnh
status-feed-connected = đã kết nối { $broker }, là cụm { $node }
status-feed-connecting = chưa kết nối được { $broker } ({ $why }); đang thử lại — chương trình vẫn phát như thường
status-feed-held = { $n } bản tin đang chờ xã quyết định: loa bulletins
history-col-node = cụm loa
cli-history-db = Đọc tệp lịch sử này thay cho lịch sử của đài (tệp của tỉnh, do `loa fleet collect` gom)
cli-fleet-collect-about = Gom lịch sử của mọi cụm loa vào một tệp SQLite (đọc bằng `loa history --db`)
cli-fleet-collect-db = Tệp gom (tạo mới nếu chưa có)
cli-fleet-collect-idle = Dừng khi không có dòng nào mới trong khoảng này ("30s") [mặc định: chạy đến khi bị dừng]
cli-fleet-collect-broker = Máy chủ MQTT, mqtt://MÁY[:CỔNG] hoặc mqtts://MÁY[:CỔNG] [mặc định: [fleet] của --config]
cli-fleet-collect-username = Tên đăng nhập của tỉnh trên máy chủ MQTT
cli-fleet-collect-password-file = Tệp chứa mật khẩu
cli-fleet-collect-ca-file = Chứng chỉ CA của máy chủ MQTT (PEM) [mặc định: chứng chỉ gốc của hệ thống]
fleet-idle-range = phải từ 1s đến 24h
fleet-collected = Đã gom { $rows } dòng lịch sử từ { $nodes } cụm loa vào { $db }.
cli-fleet-status-about = Trạng thái của mọi cụm loa, theo trạng thái các cụm gửi lên máy chủ MQTT
cli-fleet-status-prefix = Chỉ các cụm loa thuộc tiền tố này ("quang-nam/duy-xuyen")
cli-fleet-status-json = In ra một mảng JSON
cli-fleet-status-broker = Máy chủ MQTT, mqtt://MÁY[:CỔNG] hoặc mqtts://MÁY[:CỔNG] [mặc định: [fleet] của --config]
cli-fleet-status-username = Tên đăng nhập của tỉnh trên máy chủ MQTT
cli-fleet-status-password-file = Tệp chứa mật khẩu
cli-fleet-status-ca-file = Chứng chỉ CA của máy chủ MQTT (PEM) [mặc định: chứng chỉ gốc của hệ thống]
fleet-status-none = Chưa có cụm loa nào báo trạng thái dưới tiền tố này.
fleet-status-online = đang hoạt động
fleet-status-offline = MẤT KẾT NỐI
fleet-status-playing = đang phát { $id }
fleet-status-next = tiếp theo: { $id } lúc { $at }
fleet-status-error = lỗi gần nhất: { $why }
fetch-not-audio = { $url } không phải âm thanh loa phát được: { $why }
fetch-hash = { $url } không phải tệp bản tin đã báo (mã SHA-256 khác)
fetch-too-long = { $url } dài hơn { $bytes } byte bản tin đã báo
fetch-short = { $url } kết thúc trước khi đủ dung lượng bản tin đã báo
cli-fleet-send-url = Tệp ghi âm trên máy chủ web các cụm loa truy cập được: tải một lần ở đây để lấy dung lượng và mã băm
cli-fleet-send-file = Tệp ghi âm trên máy này, được lưu trước bằng HTTP PUT tới --upload
cli-fleet-send-upload = Nơi PUT --file (thư mục WebDAV, địa chỉ S3 ký sẵn); các cụm loa tải từ đó
fleet-url-failed = không tải được { $url }: { $why }
fleet-upload-failed = không lưu được tệp ghi âm lên { $url }: { $why }
pushed-no-schedule = tin nhắn không có `schedule` (nội dung tệp lịch)
pushed-cannot-write = không ghi được { $file }: { $why } (để nhận lịch tỉnh gửi xuống, dịch vụ loa cần quyền ghi vào thư mục của tệp lịch: docs/fleet.md)
cli-fleet-push-about = Gửi lịch mới cho một cụm loa, có chữ ký; cụm loa kiểm tra như `loa check` trước khi chạy
cli-fleet-push-to = Cụm loa ("quang-nam/duy-xuyen/duy-phuoc/cum-01")
cli-fleet-push-file = Tệp lịch cần gửi
cli-fleet-push-key = Khoá bí mật (NAME.key do `loa fleet keygen` tạo)
cli-fleet-push-broker = Máy chủ MQTT, mqtt://MÁY[:CỔNG] hoặc mqtts://MÁY[:CỔNG] [mặc định: [fleet] của --config]
cli-fleet-push-username = Tên đăng nhập của tỉnh trên máy chủ MQTT
cli-fleet-push-password-file = Tệp chứa mật khẩu
cli-fleet-push-ca-file = Chứng chỉ CA của máy chủ MQTT (PEM) [mặc định: chứng chỉ gốc của hệ thống]
fleet-pushed = Đã gửi lịch { $id } tới { $topic } (máy chủ giữ đến khi có lịch mới); cụm loa báo trên kênh ack là đã cài hay chưa.
pushed-no-fleet = lịch gửi xuống không có [fleet]: trạm sẽ mất kết nối với tỉnh, và tỉnh không gửi được lịch nào nữa
pushed-other-node = lịch gửi xuống dành cho cụm "{ $node }", không phải cụm này ("{ $ours }")
