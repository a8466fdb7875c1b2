## Đầu ra âm thanh: vì sao không phát được (`loa play` tại chỗ, nhật ký hệ thống và `loa status`).
output-named = đầu ra âm thanh "{ $name }"
output-unavailable = không có đầu ra âm thanh nào dùng được: { $device }: { $why }. Lệnh `loa devices` liệt kê các đầu ra của máy này; máy không có card âm thanh thì phát vào `--output null` (hoặc ghi `output = "null"` hay `"wav:TỆP"` trong [station])
output-why-no-device = máy này không có thiết bị phát âm thanh nào
output-why-not-available = không mở được thiết bị (máy không có card âm thanh, hoặc máy chủ âm thanh chưa chạy)
output-why-busy = thiết bị đang bị một chương trình khác dùng
output-why-permission = không có quyền (người dùng đã ở trong nhóm `audio` chưa?)
output-why-format = thiết bị đòi mẫu âm dạng { $format }, loa không tạo được dạng này
output-why-thread = không khởi động được luồng định nhịp
output-why-list = không liệt kê được các thiết bị âm thanh
output-why-other = hệ thống âm thanh báo lỗi (xem chi tiết bằng LOA_LOG=debug)
output-not-found = không tìm thấy đầu ra âm thanh "{ $name }"; lệnh `loa devices` liệt kê các đầu ra của máy này
output-stalled = đầu ra âm thanh ngừng hoạt động: { $device } không phát ra gì trong { $silent } ({ $errors } lỗi được báo)
output-pacer-ended = đầu ra âm thanh ngừng hoạt động: luồng định nhịp đã dừng
output-wav = không ghi được { $path }: { $why }
