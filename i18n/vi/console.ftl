# Các trang của trang điều hành (spec §11).
page-menu = Danh mục
page-now = Hiện tại
page-programme = Chương trình
page-history = Lịch sử phát
page-logout = Đăng xuất ({ $user })
page-login = Đăng nhập trang điều hành của đài
page-login-user = Tên tài khoản
page-login-password = Mật khẩu
page-login-submit = Đăng nhập
page-now-playing = Đang phát:
page-now-nothing = Không phát gì
page-now-paused = Lịch phát đang tạm dừng
page-now-until = đến { $when }
page-now-queue = Hàng chờ
page-now-next = Buổi phát tiếp theo
page-now-no-next = không có gì trong những ngày tới
page-now-output = Đầu ra âm thanh
page-now-amplifier = Âm ly
page-now-clock = Đồng hồ
page-now-clock-synced = đã đồng bộ
page-now-clock-not-synced = chưa đồng bộ
page-now-feed = Kết nối tỉnh
page-now-last-error = Lỗi gần nhất
page-now-emergency = Khẩn cấp
page-now-controls = Điều khiển
page-now-stop = Dừng buổi đang phát
page-now-pause = Tạm dừng lịch phát
page-now-pause-until = Đến (để trống: đến khi cho chạy lại)
page-now-resume = Cho chạy lại lịch phát
page-now-play-label = Bản tin
page-now-play = Phát ngay
page-text-label = Thông báo cần đọc
page-text-placeholder = UBND xã thông báo: …
page-text-preview = Nghe thử
page-text-play = Đọc ngay
page-text-reading = Loa sẽ đọc như sau:
page-text-back = Về trang Hiện tại
page-confirm = Xác nhận phát khẩn cấp
page-confirm-question = Phát "{ $title }" ngay trên mọi loa, đè lên buổi đang phát?
page-confirm-yes = Đồng ý, phát ngay
page-confirm-no = Huỷ
page-confirm-unknown = Không có mẫu khẩn cấp "{ $id }".
page-programme-empty = Không có buổi phát nào trong những ngày tới.
page-programme-skipped = sẽ bị bỏ: buổi trước vẫn còn đang phát
page-programme-held = chờ tiếp âm { $relay } kết thúc
page-programme-relay = tiếp âm đài phát thanh
page-programme-more = … và { $n } buổi phát nữa trong ngày này, không hiện ở đây.
page-col-time = Giờ
page-col-what = Buổi phát
page-col-length = Thời lượng
page-col-source = Nguồn
page-col-outcome = Kết quả
page-col-by = Người yêu cầu
page-col-airtime = Thời gian phát
page-history-since = Từ ngày
page-history-until = Đến ngày
page-history-month = Tháng
page-history-id = Mã bản tin
page-history-summary = Báo cáo tháng
page-history-show = Xem
page-history-csv = Tải CSV (Excel)
page-history-empty = Không có buổi phát nào khớp bộ lọc này.
page-state = { $state ->
    [idle] đang rảnh
    [playing] đang phát
    [failed] lỗi
    [on] đang bật
    [off] đang tắt
    [connected] đã kết nối
    [connecting] đang kết nối
   *[other] { $state }
}
page-schedule = Lịch phát
page-schedule-add = Thêm bản tin
page-schedule-raw = Sửa trực tiếp tệp lịch
page-schedule-edit = Sửa
page-schedule-editing = Sửa "{ $title }"
page-schedule-times = Giờ phát
page-schedule-times-more = { " " }… và { $n } lần nữa mỗi ngày
page-schedule-days = Ngày phát
page-schedule-window = Trong khoảng
page-schedule-files = Bản ghi âm
page-schedule-state = Trạng thái
page-schedule-disabled = đang tắt
page-schedule-id = Mã (chữ a-z không dấu, số 0-9, "-"; không đổi được sau khi tạo)
page-schedule-title = Tên bản tin
page-schedule-cron = Giờ phát của bản tin này viết theo quy tắc cron: hãy sửa trực tiếp trong tệp lịch.
page-schedule-text = Bản tin này đọc một văn bản thay cho tệp ghi âm: hãy sửa văn bản trực tiếp trong tệp lịch.
page-schedule-from = Từ ngày (để trống: không giới hạn)
page-schedule-until = Đến ngày (để trống: không giới hạn)
page-schedule-enabled = Bật (bỏ chọn: giữ lại nhưng không phát)
page-schedule-save = Lưu
page-schedule-delete = Xoá bản tin này
page-schedule-saved = Đã lưu thành phiên bản { $n } và đang chạy.
page-schedule-proposed = Đã giữ thành đề xuất { $n }: sẽ chạy khi quản trị duyệt.
page-schedule-refused = Chưa lưu: lịch phát sẽ có lỗi. Không có gì thay đổi.
page-schedule-at = dòng { $line }, cột { $column }: { $message }
page-schedule-line = dòng { $line }, cột { $column }
page-recordings = Bản ghi âm
page-recordings-pick = Bản ghi âm để tải lên (MP3, M4A, WAV, FLAC, Ogg, tin nhắn thoại Zalo)
page-recordings-replace = Thay bản ghi âm cùng tên
page-recordings-upload = Tải lên
page-recordings-none = Chưa có bản ghi âm nào.
page-recordings-loudness = Độ lớn
page-recordings-used-by = Được dùng bởi
page-recordings-unused = chưa dùng
page-recordings-delete = Xoá bản ghi âm này
page-recordings-kept = Đã tải lên "{ $name }": phát được trọn vẹn.
page-bulletins = Tin từ tỉnh
page-bulletins-no-feed = Đài này chưa kết nối với tỉnh (lịch phát không có [fleet]).
page-bulletins-level = Mức
page-bulletins-received = Nhận lúc
page-bulletins-play-at = Phát lúc
page-bulletins-expires = Hiệu lực đến
page-bulletins-reason = Lý do
page-bulletins-accept = Phát ngay
page-bulletins-at = Phát lúc (18:00, 2h)
page-bulletins-accept-at = Phát vào giờ đó
page-bulletins-reject = Không phát
page-bulletins-level-word = { $level ->
    [normal] thông thường
    [priority] ưu tiên
    [emergency] khẩn cấp
   *[other] { $level }
}
page-accounts = Tài khoản
page-accounts-role = Vai trò
page-accounts-actions = Thao tác
page-accounts-remove = Xoá
page-accounts-add = Thêm tài khoản
page-accounts-password = Mật khẩu (ít nhất 10 ký tự)
page-accounts-passwd = Đặt mật khẩu
page-accounts-not-yourself = không tự xoá tài khoản của mình ở đây được (dùng `loa web user remove` trên máy của đài)
page-versions = Các phiên bản lịch
page-versions-none = Chưa có phiên bản nào: lần sửa đầu tiên trên trang điều hành giữ lại tệp như cũ, rồi giữ mỗi lần sửa.
page-versions-one = Phiên bản { $n }
page-versions-who = Do { $who } sửa, lúc { $at }
page-versions-by-file = sửa trực tiếp trong tệp
page-schedule-cron-rule = theo quy tắc cron "{ $expr }"
page-recordings-station-chime = chuông báo của đài
page-versions-diff = Thay đổi so với phiên bản trước
page-versions-restore = Khôi phục phiên bản này
page-versions-approve = Duyệt
page-versions-reject = Từ chối
page-versions-approved-by = { $who } đã duyệt
page-versions-state = { $state ->
    [kept] đã lưu
    [proposed] chờ duyệt
    [approved] đã duyệt
    [rejected] đã từ chối
   *[other] { $state }
}
