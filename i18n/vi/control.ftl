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
reply-paused-until = tạm dừng lịch phát đến { $until }; { $skipped ->
    [0] không buổi phát nào bị bỏ
   *[other] { $skipped } buổi phát sẽ bị bỏ ({ $which })
}{ $late ->
    [0] {""}
   *[other] ; { $late } buổi phát sẽ phát trễ khi chạy lại
}
reply-paused = tạm dừng lịch phát cho đến khi chạy `loa resume`
reply-stop-cleared = { $said }; đã hủy luôn { $n } lần phát đang chờ trong hàng chờ
reply-queue-cleared = không có gì đang phát; đã hủy { $n } lần phát đang chờ trong hàng chờ
reply-pause-when = { $time } { $day }
reply-paused-next = tạm dừng lịch phát cho đến khi chạy `loa resume`; từ buổi phát tới, "{ $id }" lúc { $at }, sẽ không phát gì
reply-already-playing = "{ $id }" đang phát rồi; không thay đổi gì (`loa play { $id } --again` để phát thêm một lần sau đó)
reply-already-playing-emergency = khẩn cấp "{ $id }" đang phát rồi; không thay đổi gì (`loa play { $id } --again` để phát lại ngay từ đầu)
reply-already-queued = "{ $id }" đã ở trong hàng chờ; không thay đổi gì (thêm `--again` để chờ phát thêm một lần)
reply-resumed = lịch phát đã chạy lại
reply-not-paused = lịch phát không bị tạm dừng
reply-not-found = không có bản tin hay mẫu khẩn cấp "{ $target }" trong { $file }; các mã là: { $ids }
reply-too-many-waiting = đã có { $n } yêu cầu phát đang chờ; hãy thử lại khi một yêu cầu đã phát xong (hoặc dừng: nút Dừng, `loa stop`)
reply-emergency-playing = đang phát khẩn cấp "{ $id }"
reply-emergency-playing-every = đang phát khẩn cấp "{ $id }", phát lại mỗi { $every } cho đến khi dừng (nút Dừng trên trang điều hành, hoặc `loa stop`)
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
reply-reload-refused = lịch mới có lỗi; lịch hợp lệ gần nhất vẫn chạy
schedule-more-lines = … và { $n } dòng nữa: `loa check` liệt kê đầy đủ

## Kết nối với dịch vụ và loa status.
client-no-daemon = không có dịch vụ loa nào trả lời ở { $path } ({ $why })
client-permission = không được dùng { $path }: chỉ root và thành viên nhóm `loa` được điều khiển dịch vụ
client-broken = dịch vụ loa ở { $path } không trả lời: { $why }
client-no-socket = không có socket
client-nothing-listens = không có gì nghe ở socket
client-no-answer = không trả lời trong { $secs } giây
client-closed = kết nối bị đóng
play-daemon-busy = dịch vụ loa đang quá bận ({ $why })
status-station = đài
status-schedule = lịch
status-schedule-value = { $file } (nạp lúc { $at })
status-refused-changes = thay đổi bị từ chối, lịch hợp lệ gần nhất vẫn chạy:
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
status-history = lịch sử phát
status-history-failing = { $file }: không ghi được: { $why } ({ $n } dòng đang giữ trong bộ nhớ)
status-playing = đang phát
status-relay = luồng
status-relay-connected = { $format }, đệm { $buffer } giây
status-relay-connecting = hiện không có âm thanh ({ $why })
status-relay-reconnects = { $n } lần kết nối lại{ $failed ->
    [0] {""}
   *[other] , { $failed_count } lần thử không có tiếng
}{ $silent ->
    [none] {""}
   *[other] ; không có tiếng đã { $silent }
}
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
load-still-reading = lần đọc trước của { $file } chưa xong; lịch hợp lệ gần nhất vẫn chạy
load-no-thread = không bắt đầu đọc được tệp lịch; lịch hợp lệ gần nhất vẫn chạy
load-reader-stopped = không đọc được tệp lịch (bộ đọc đã dừng)
load-too-slow = không đọc được tệp lịch trong { $deadline } (ổ đĩa mạng không trả lời?)
status-schedule-refused = lịch mới bị từ chối: { $first }
status-history-cannot-write = không ghi được lịch sử phát: { $why }; { $n } dòng đang giữ trong bộ nhớ
daemon-no-good-schedule = tệp lịch có lỗi và chưa có lịch hợp lệ nào để dùng tạm; hãy sửa (lệnh `loa check` liệt kê các lỗi) rồi chạy lại
daemon-no-signals = không bắt được tín hiệu hệ thống
status-output-state = { $state ->
    [idle] đang rảnh
    [playing] đang phát
    [failed] hỏng
   *[other] { $state }
}
client-no-daemon-help = dịch vụ loa đang dừng? Xem bằng `sudo systemctl status loa`, chạy lại bằng `sudo systemctl restart loa`, đọc các dòng cuối bằng `sudo journalctl -u loa -n 50`; nếu không chạy được thì gọi kỹ thuật viên
