# Đọc văn bản (spec §13): [tts], `text` / `text_file`, các bộ đọc và lỗi của chúng.
tts-engine-and-command = `engine` và `command` cùng chỉ chương trình đọc: chỉ giữ một
tts-engine-and-command-help = engine = "espeak-ng" (có sẵn), hoặc command = ["piper", "--model", "/etc/loa/vi.onnx", "--output_file", "{"{"}out{"}"}"] cho bộ đọc của xã
tts-engine-unknown = không có bộ đọc nào tên "{ $value }"
tts-engine-help = engine = "espeak-ng" có sẵn; bộ đọc khác thì ghi lệnh của nó: command = ["chương-trình", "tham số…", "{"{"}out{"}"}"] (nó đọc văn bản từ đầu vào chuẩn và ghi tệp WAV vào {"{"}out{"}"})
tts-command-empty = lệnh đang trống: ghi tên chương trình trước
tts-command-help = ví dụ command = ["piper", "--model", "/etc/loa/vi.onnx", "--output_file", "{"{"}out{"}"}"]: chương trình đọc văn bản từ đầu vào chuẩn và ghi tệp WAV vào chỗ {"{"}out{"}"}
tts-command-no-out = lệnh không nói ghi âm thanh vào đâu: đặt {"{"}out{"}"} vào chỗ tên tệp WAV
tts-voice-invalid = `voice` phải là tên một giọng đọc, ví dụ voice = "vi"
tts-timeout-range = `timeout` phải từ 5 giây đến 30 phút
tts-dialect-unknown = không có cách đọc nào tên "{ $value }"
tts-dialect-help = dialect = "north" (nghìn, linh: mặc định) hoặc dialect = "south" (ngàn, lẻ)
tts-lexicon-too-big = lớn hơn { $max } byte
tts-not-utf8 = không phải văn bản UTF-8 (lưu lại dạng UTF-8 trong trình soạn thảo)
tts-lexicon-unreadable = không đọc được từ điển { $file }: { $why }
tts-lexicon-help = từ điển là một tệp văn bản, mỗi dòng một từ: "UBND" = "Ủy ban nhân dân"
tts-lexicon-entry = sau "{ $word }" phải là cách đọc trong ngoặc kép, ví dụ "{ $word }" = "…"
tts-text-and-text-file = `text` và `text_file` cùng nói đọc gì: chỉ giữ một
tts-text-and-text-file-help = text = "…" cho thông báo ngắn viết ngay ở đây; text_file = "thong-bao.txt" cho thông báo để trong một tệp riêng
tts-text-too-long = văn bản dài { $bytes } byte: tối đa { $max } (chia thành nhiều bản tin)
tts-text-file-unreadable = không đọc được tệp văn bản { $file }: { $why }
tts-text-and-files = văn bản thay cho bản ghi âm: ghi `text` hoặc `files`, không ghi cả hai
tts-text-and-files-help = muốn phát một bản ghi âm rồi đọc một văn bản thì tạo hai bản tin cùng giờ
tts-text-empty = văn bản không có gì để đọc
tts-text-empty-help = viết thông báo vào giữa hai dấu ngoặc kép: text = "Thông báo: …"
tts-no-sound = { $program } không tạo ra âm thanh phát được: { $why }
tts-empty-sound = âm thanh dài không giây nào
tts-too-long = âm thanh dài { $length }, dài hơn hẳn thời gian đọc văn bản (nhiều nhất { $most })
tts-cannot-keep = không lưu được âm thanh vào { $file }: { $why }
tts-not-installed = máy này chưa cài { $program }: sudo apt-get install espeak-ng
tts-program-missing = không tìm thấy { $program }: ghi đường dẫn đầy đủ của chương trình ở đầu `command` (ví dụ "/opt/piper/piper"), và kiểm tra đã cài chưa
tts-command-one-string = `command` phải là một danh sách, mỗi tham số một mục: command = ["piper", "--model", "/etc/loa/vi.onnx", "--output_file", "{"{"}out{"}"}"]
tts-cannot-run = không chạy được { $program }: { $why }
tts-no-thread = lúc này không chạy được { $program }: hệ thống không còn chỗ cho việc khác
tts-timed-out = { $program } chưa xong sau { $seconds } giây nên đã bị dừng (đặt `timeout` dài hơn trong [tts] nếu bộ đọc chậm)
tts-failed = { $program } bị lỗi (mã thoát { $code }){ $said ->
    [none] {""}
   *[other] : { $said }
}
tts-killed = { $program } bị dừng bởi tín hiệu { $signal }{ $said ->
    [none] {""}
   *[other] : { $said }
}
tts-render-failed = không đọc thành tiếng được văn bản này: { $why }
tts-render-failed-help = `loa tts "…" --out thu.wav` thử riêng bộ đọc; docs/tts.md hướng dẫn chọn bộ đọc
tts-written = âm thanh đã ghi vào { $file }
reply-text-failed = không đọc được văn bản này: { $why }
reply-text-not-now = dịch vụ loa chưa đọc văn bản được lúc này: thử lại sau giây lát
