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
