## Dòng lệnh (loa --help).
cli-heading-usage = Cách dùng:
cli-heading-commands = Lệnh
cli-heading-options = Tùy chọn
cli-heading-arguments = Tham số
cli-value-command = LỆNH
cli-flag-help = Xem hướng dẫn
cli-flag-version = Xem phiên bản
cli-about = Phát bản tin theo lịch và cảnh báo khẩn cấp của xã qua hệ thống loa
cli-config = Tệp lịch; với `loa fleet` ở tỉnh, tệp có [province] [mặc định: /etc/loa/schedule.toml]
cli-socket = Socket điều khiển dịch vụ [mặc định: /run/loa/loa.sock, hoặc $XDG_RUNTIME_DIR/loa/loa.sock]
cli-state-dir = Thư mục chứa lịch sử phát [mặc định: /var/lib/loa, hoặc $XDG_STATE_HOME/loa]
cli-output = Phát ra đây, không theo `output` trong lịch: "default", "null", "wav:ĐƯỜNG-DẪN", hoặc một tên trong `loa devices` (cho `run` và `play`; máy không có loa: null)
cli-run-about = Chạy dịch vụ loa (systemd chạy theo cách này)
cli-check-about = Kiểm tra lịch và mọi tệp âm thanh; in tóm tắt và các lần phát tới
cli-check-online = Kết nối thêm tới luồng của mọi tiếp âm và giải mã thử vài giây mỗi luồng
cli-next-about = In lịch phát: mọi lần phát trong một số ngày
cli-next-date = Ngày đầu tiên: YYYY-MM-DD, hoặc "hôm nay", "ngày mai" [mặc định: từ bây giờ]
cli-next-days = Số ngày cần xem
cli-next-json = In một mảng JSON thay cho bảng
cli-play-about = Phát ngay: mã bản tin, mã mẫu khẩn cấp, hoặc một tệp âm thanh
cli-play-target = Mã hoặc tên bản tin, mẫu khẩn cấp (chữ hoa hay thường, có dấu hay không), hoặc tệp âm thanh (đường dẫn, hoặc tên tệp trong audio_dir)
cli-play-emergency = Phát khẩn cấp: cắt ngang mọi thứ đang phát, bỏ qua giờ yên tĩnh và tạm dừng
cli-play-repeat = Số lần phát
cli-play-volume = Âm lượng, phần trăm của âm lượng đài
cli-play-for = Với một luồng (http:// hoặc https://): tiếp âm trong khoảng này ("30m", "30 phút"), nếu không thì đến khi `loa stop`
cli-play-again = Vẫn phát dù nó đang phát hoặc đang chờ trong hàng chờ (nếu không, bấm lần hai chỉ được trả lời "đang phát rồi")
cli-play-text = Một văn bản để đọc thay cho mã hay tệp (đọc theo [tts] của lịch)
cli-tts-about = Đọc văn bản thành giọng nói: in cách loa đọc một văn bản (--print), hoặc ghi ra âm thanh (--out TỆP.wav)
cli-tts-text = Văn bản, viết như trong lịch (trong ngoặc kép)
cli-tts-print = In cách đọc: số, ngày, giờ, tiền và chữ viết tắt thành chữ
cli-tts-out = Ghi âm thanh ra tệp WAV này, đọc theo [tts] của lịch (để nghe thử trước khi phát)
play-stream-silent = không có âm thanh nào từ { $url }: { $why }
play-stream-nothing = máy chủ không gửi gì
play-url-bad = "{ $url }" không phải địa chỉ luồng mà loa mở được: { $why }
play-for-range = --for nhận một khoảng thời gian từ 1 giây đến 24 giờ, ví dụ "30m" hoặc "1 giờ 30 phút"
cli-stop-about = Dừng cái đang phát (theo lịch hoặc khẩn cấp) và hủy các lần phát đang chờ trong hàng chờ
cli-pause-about = Tạm dừng lịch phát (khẩn cấp vẫn phát)
cli-pause-until = Tự chạy lại lúc này (giờ địa phương): "GG:PP", "YYYY-MM-DD GG:PP", hoặc khoảng thời gian như "2h"
cli-resume-about = Cho lịch phát chạy lại
cli-status-about = Xem trạng thái: đang phát gì, hàng chờ, các lần phát tới, đầu ra
cli-status-json = In một đối tượng JSON
cli-reload-about = Đọc lại tệp lịch ngay
cli-history-about = Xem lịch sử phát: đã phát, bị bỏ, bị lỡ, bị ngắt, bị dừng hay lỗi
cli-history-since = Từ ngày này (giờ địa phương): YYYY-MM-DD, hoặc "hôm qua", "tuần trước", "tháng trước"
cli-history-until = Đến hết ngày này (giờ địa phương): YYYY-MM-DD, hoặc "hôm qua", "tuần trước", "tháng trước"
cli-history-id = Chỉ bản tin hoặc mẫu khẩn cấp này
cli-history-month = Chỉ tháng này, YYYY-MM
cli-history-summary = Tổng hợp theo bản tin và kết quả, kèm thời lượng phát, thay cho từng dòng
cli-history-format = Định dạng in ra: table (bảng); csv và json cho chương trình (tên cột tiếng Anh); excel để mở bằng Excel bằng tiếng Việt (dấu ";" giữa các cột, dấu phẩy thập phân)
cli-devices-about = Liệt kê các thiết bị âm thanh theo tên dùng trong lịch, và các micrô cho `loa live`
cli-help-about = Xem hướng dẫn này hoặc hướng dẫn của một lệnh
cli-not-a-date = "{ $value }" không phải là ngày: hãy viết YYYY-MM-DD như 2026-12-01, hoặc "hôm nay", "hôm qua", "tuần trước", "tháng trước"
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
cli-not-in-range = "{ $value }" phải là một số nguyên từ { $min } đến { $max }
cli-error-generic-arg = '{ $arg }' viết chưa đúng kiểu lệnh cần
cli-error-generic = dòng lệnh viết chưa đúng
play-url-no-host = không có tên máy chủ
cli-value-options = TÙY-CHỌN
cli-value-name = { $name ->
    [PATH] ĐƯỜNG-DẪN
    [DIR] THƯ-MỤC
    [OUTPUT] ĐẦU-RA
    [DATE] NGÀY
    [DURATION] KHOẢNG-THỜI-GIAN
    [FILE] TỆP
    [ID] MÃ
    [N] SỐ
    [NAME] TÊN
    [NODE] CỤM-LOA
    [P] PHẦN-TRĂM
    [PREFIX] TIỀN-TỐ
    [TEXT] VĂN-BẢN
    [URL] ĐỊA-CHỈ
    [WHEN] LÚC
    [TARGET] MỤC-TIÊU
    [LEVEL] MỨC
    [FORMAT] ĐỊNH-DẠNG
    [ACTION] VIỆC
   *[other] { $name }
}
play-url-malformed = địa chỉ viết chưa đúng dạng
cli-live-about = Nói lên loa ngay từ micrô của đài, qua dịch vụ loa (Ctrl-C để dừng)
cli-live-device = Micrô, theo tên `loa devices` liệt kê (mặc định: micrô mặc định)
cli-live-for = Dừng sau chừng này thời gian ("10m"), nếu không thì khi bấm Ctrl-C hoặc `loa stop`
cli-live-emergency = Ngắt ngay mọi thứ đang phát, như tin khẩn cấp
cli-live-volume = Âm lượng, theo phần trăm âm lượng của đài
