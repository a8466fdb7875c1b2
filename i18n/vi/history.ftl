## loa history và loa devices
history-nothing-yet = chưa có lịch sử phát (chưa có { $path })
history-none = không có lần phát nào trong khoảng này
history-col-when = LÚC
history-col-id = MÃ
history-col-source = NGUỒN
history-col-outcome = KẾT QUẢ
history-col-duration = DÀI
history-col-due = GIỜ LỊCH
history-col-by = NGƯỜI YÊU CẦU
history-col-reason = LÝ DO
history-col-title = TÊN BẢN TIN
history-col-airtime = TỔNG PHÁT
history-source = { $value ->
    [schedule] theo lịch
    [catch-up] phát bù
    [manual] thủ công
    [emergency] khẩn cấp
    [bulletin] tin từ tỉnh
    [live] trực tiếp
    [text] đọc văn bản
   *[other] { $value }
}
history-outcome = { $value ->
    [played] đã phát
    [skipped] bị bỏ
    [interrupted] bị ngắt
    [stopped] bị dừng
    [missed] bị lỡ
    [failed] lỗi
    [fallback] phát dự phòng
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
history-month = tháng { $month }/{ $year }
excel-col-id = MÃ
excel-col-title = TÊN BẢN TIN
excel-col-source = NGUỒN
excel-col-requested-by = NGƯỜI YÊU CẦU
excel-col-requested = YÊU CẦU LÚC
excel-col-scheduled = GIỜ THEO LỊCH
excel-col-started = BẮT ĐẦU
excel-col-ended = KẾT THÚC
excel-col-duration = THỜI LƯỢNG (GIÂY)
excel-col-played = ĐÃ PHÁT RA (GIÂY)
excel-col-outcome = KẾT QUẢ
excel-col-reason = LÝ DO
excel-col-files = TỆP HOẶC LUỒNG
excel-col-on-air = TIẾP ÂM CÓ TIẾNG (GIÂY)
excel-col-bulletin = TIN TỪ TỈNH
excel-col-text = VĂN BẢN ĐỌC
excel-col-node = CỤM LOA
excel-col-airtime-minutes = THỜI GIAN PHÁT (PHÚT)
excel-total = TỔNG CỘNG
history-err-dir = không tạo được thư mục trạng thái { $path }: { $why }
history-err-sqlite = tệp lịch sử phát { $path }: { $why }
history-err-missing = tệp lịch sử phát { $path } chưa có gì (dịch vụ loa tạo tệp này khi chạy lần đầu)
history-err-denied = không đọc được lịch sử phát { $path }: không có quyền; chỉ root và thành viên nhóm `loa` được đọc (xin thêm bằng `adduser TÊN-CỦA-BẠN loa`, hoặc dùng sudo)
history-err-too-new = tệp lịch sử phát { $path } do một bản loa mới hơn ghi (lược đồ { $found }, bản này chỉ biết đến { $known })
history-err-writer-gone = bộ ghi lịch sử phát đã dừng
history-err-corrupt = tệp bị hỏng hoặc không phải tệp lịch sử phát
history-err-other = lỗi cơ sở dữ liệu (xem chi tiết bằng LOA_LANG=en)
devices-col-name = TÊN (ghi vào `output`)
devices-col-default = MẶC ĐỊNH
devices-col-format = ĐỊNH DẠNG
devices-col-description = MÔ TẢ
devices-format = { $rate } Hz, { $channels } kênh
devices-none-usable = (hiện máy này không mở được đầu ra âm thanh nào)
devices-null = loa: phát vào hư không, đúng nhịp thời gian thật
devices-wav = loa: ghi những gì card âm thanh sẽ phát vào một tệp WAV
devices-wav-name = wav:ĐƯỜNG-DẪN
devices-alsa-plugin = { $plugin ->
    [null] thiết bị ảo của ALSA, bỏ hết âm thanh
    [pulse] đường dẫn của ALSA tới máy chủ âm thanh PulseAudio
    [pipewire] đường dẫn của ALSA tới máy chủ âm thanh PipeWire
    [default] đầu ra mặc định của ALSA
    [sysdefault] đầu ra mặc định của card âm thanh (ALSA)
    [jack] đường dẫn của ALSA tới máy chủ âm thanh JACK
    [oss] giả lập OSS của ALSA
    [dmix] bộ trộn của ALSA cho nhiều chương trình dùng chung card
   *[other] phần bổ sung { $plugin } của ALSA
}
devices-alsa-input = { $plugin ->
    [sysdefault] đầu vào mặc định của card âm thanh (ALSA)
    [dsnoop] bộ chia đầu vào của card cho nhiều chương trình (ALSA)
   *[default] đầu vào mặc định của ALSA
}
history-by-schedule = theo lịch
history-by-bulletin = tin từ tỉnh { $id }
