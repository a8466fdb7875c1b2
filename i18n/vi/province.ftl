# The province's console (spec §14): the monthly report's columns.
report-col-place = Khu vực
report-col-nodes = Số cụm loa
report-col-broadcasts = Số lần phát
report-col-played = Đã phát
report-col-airtime = Thời lượng phát (giờ)
report-col-bulletins-played = Tin từ tỉnh đã phát
report-col-bulletins-refused = Tin từ tỉnh bị từ chối
report-col-bulletins-expired = Tin từ tỉnh hết hạn
report-col-offline = Cụm loa mất kết nối
report-offline-hours = { $node } ({ $hours } giờ)
report-offline-all-month = { $node } (cả tháng)
fleet-broker-failed = không gửi được tới máy chủ MQTT: { $why }
fleet-bad-level = mức "{ $level }" không có: thông thường (normal), ưu tiên (priority) hoặc khẩn cấp (emergency)
fleet-one-sound = tin từ tỉnh cần đúng một nguồn âm thanh: mẫu khẩn cấp (preset), địa chỉ bản ghi âm (url), luồng tiếp âm (stream) hoặc văn bản (text)
fleet-stream-needs-for = luồng tiếp âm cần thời lượng (for), ví dụ "30m"
fleet-bad-by = không chia báo cáo theo "{ $by }" được: district (huyện), commune (xã) hoặc node (cụm loa)
