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
