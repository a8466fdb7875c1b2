## Vì sao một luồng không có tiếng (nhật ký hệ thống, `loa status`, lịch sử phát, `loa play URL`).
stream-unreachable = không kết nối được tới { $host }: { $why }
stream-status = máy chủ trả lời { $code ->
    [404] 404: không có luồng nào ở địa chỉ này
    [403] 403: không cho phép truy cập
    [401] 401: đòi mật khẩu
   *[other] { $code }{ $code ->
        [500] : máy chủ bị lỗi
        [502] : máy chủ bị lỗi
        [503] : máy chủ bị lỗi
        [504] : máy chủ bị lỗi
       *[other] {""}
    }
}
stream-web-page = máy chủ trả về một trang web, không phải luồng âm thanh
stream-stalled = không có tiếng trong { $secs }: máy chủ ngừng gửi
stream-format = không phải luồng loa phát được ({ $why })
stream-ended = luồng đã kết thúc
stream-broken = kết nối bị đứt: { $why }
stream-why-raw = lỗi không rõ (để xem nguyên văn tiếng Anh, chạy lại lệnh với LOA_LANG=en, hoặc xem nhật ký hệ thống của dịch vụ loa)
stream-why-no-host = không có máy chủ tên này
stream-why-refused = máy chủ từ chối kết nối
stream-why-resolve-slow = không tra được tên máy chủ kịp lúc
stream-why-connect-slow = không kết nối được kịp lúc
stream-why-no-answer = máy chủ không trả lời kịp lúc
stream-why-tls = lỗi kết nối bảo mật (TLS)
stream-why-tls-issuer = chứng chỉ của máy chủ không do nơi nào máy này tin cậy cấp
stream-why-tls-expired = chứng chỉ của máy chủ đã hết hạn (hoặc đồng hồ của máy này sai)
stream-why-tls-not-yet = chứng chỉ của máy chủ chưa đến ngày hiệu lực: đồng hồ của máy này có đúng không?
stream-why-tls-name = chứng chỉ của máy chủ cấp cho tên khác
stream-why-tls-refused = chứng chỉ của máy chủ bị từ chối
stream-why-check-stopped = đã dừng
stream-why-broke = kết nối bị đứt
stream-why-not-mp3-aac-ogg = không phải MP3, AAC hay Ogg
stream-why-no-sound = không có tiếng trong đó
stream-why-changed = định dạng đã đổi giữa chừng
stream-why-damaged = hỏng đến mức không dùng được
stream-why-decoder-failed = bộ giải mã gặp dữ liệu lạ trong luồng
stream-why-playlist = danh sách phát HLS không đọc được
stream-why-playlist-big = danh sách phát lớn hơn { $x } MiB
stream-why-segment-big = một đoạn lớn hơn { $x } MiB
stream-why-ts-damaged = một đoạn MPEG-TS bị hỏng
stream-why-ts-silent = một đoạn MPEG-TS không có tiếng
stream-format-words = { $codec }, { $rate } Hz, { $channels } kênh
