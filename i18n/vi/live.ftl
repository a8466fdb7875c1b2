# Phát trực tiếp (spec §12): một người nói, từ trang phát trực tiếp hoặc `loa live`.

reply-live-busy = { $by } đang phát trực tiếp: mỗi lúc chỉ một người nói (chờ người đó nói xong, hoặc `loa stop` để dừng)
reply-live-on-air = Đang lên sóng
reply-live-waiting = Đang chờ lên sóng
reason-live-left-waiting = người nói đã dừng trước khi lên sóng
reason-live-lost = mất kết nối với người nói
reason-live-silent = không nhận được âm thanh từ người nói trong { $seconds } giây
reason-live-device = micrô ngừng hoạt động: { $why }
live-hello-too-long = tin nhắn đầu tiên dài quá { $max } byte
live-hello-bad = tin nhắn đầu tiên phải là JSON dạng {"{"}"format": "pcm_s16le", "rate": 48000, "channels": 1{"}"} (sai gần ký tự thứ { $column })
live-hello-unknown = tin nhắn đầu tiên có trường "{ $field }" mà phát trực tiếp không biết (format, rate, channels, emergency)
live-hello-missing = tin nhắn đầu tiên thiếu "{ $field }"
live-hello-rate = không nhận được tần số lấy mẫu { $rate } Hz (pcm_s16le: từ 8000 đến 192000 Hz; opus: 8000, 12000, 16000, 24000 hoặc 48000 Hz)
live-hello-channels = không nhận được { $channels } kênh (1 hoặc 2)
live-frame-size = tin nhắn âm thanh { $bytes } byte không chia hết thành khung (mỗi khung { $frame } byte)
live-frame-long = tin nhắn âm thanh chứa hơn { $ms } ms âm thanh
live-frame-opus = không giải mã được gói Opus ({ $why })
reason-live-unreadable = không đọc được âm thanh gửi đến: { $why }
live-hello-first = tin nhắn đầu tiên phải là văn bản: cho biết âm thanh gửi theo dạng nào
web-live-origin = chỉ nhận phát trực tiếp từ chính các trang của trang điều hành này
