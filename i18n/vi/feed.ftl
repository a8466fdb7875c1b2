## Bản tin từ tỉnh (spec §9): vì sao bản tin bị từ chối

bulletin-too-large = bản tin dài { $bytes } byte; chỉ đọc tối đa { $limit } byte
bulletin-not-json = không phải bản tin (không phải JSON: { $why })
bulletin-not-object = tin nhắn không phải một đối tượng JSON
bulletin-unsigned = bản tin không có chữ ký (thiếu `sig`)
bulletin-bad-signature = chữ ký hoặc khoá của bản tin viết sai dạng (`sig`: base64 của 64 byte; `key`: ed25519:BASE64)
bulletin-unknown-key = ký bằng khoá { $key }, khoá này không có trong trusted_keys của trạm
bulletin-altered = chữ ký không khớp với nội dung: bản tin đã bị sửa hoặc bị giả mạo
bulletin-invalid = `{ $field }`: { $why }
bulletin-expired = đã hết hạn lúc { $expires }
bulletin-download-too-large = âm thanh của bản tin nặng { $bytes } byte, quá max_download ({ $limit } byte)
bulletin-replayed = đã nhận một bản tin cùng mã này rồi (gửi lại)
bulletin-want-text = phải là chữ
bulletin-missing = bị thiếu
bulletin-want-instant = "{ $text }" không phải thời điểm dạng RFC 3339 (2026-12-01T06:00:00+07:00)
bulletin-want-url = "{ $text }" không phải địa chỉ http:// hoặc https://
bulletin-version = trạm này đọc bản tin phiên bản 1 ("v": 1)
bulletin-bad-id = phải dài từ 1 đến { $max } ký tự, không có ký tự điều khiển
bulletin-bad-level = phải là "normal" (thường), "priority" (ưu tiên) hoặc "emergency" (khẩn cấp)
bulletin-expires-before-issued = `expires` phải sau `issued`
bulletin-bad-repeat = phải là số nguyên từ 1 đến { $max }
bulletin-no-sound = bản tin không có âm thanh: cần một trong `preset`, `audio`, `stream`, `text`
bulletin-two-sounds = bản tin có nhiều hơn một trong `preset`, `audio`, `stream`, `text`
bulletin-text = `text` phải là thông báo cần đọc, tối đa { $max } byte
bulletin-audio-list = `audio` phải là danh sách 1 đến { $max } tệp, mỗi tệp { "{" }url, sha256, bytes{ "}" }
bulletin-sha256 = phải là SHA-256 của tệp, 64 chữ số hệ mười sáu
bulletin-bytes = phải là kích thước tệp tính bằng byte, số nguyên
bulletin-stream = `stream` phải là { "{" }url, duration{ "}" } với thời lượng từ 1 giây đến 6 giờ

## [fleet] trong lịch

fleet-broker-invalid = "{ $url }" không phải địa chỉ máy chủ MQTT (broker)
fleet-broker-scheme = "{ $url }" bắt đầu bằng { $scheme }://; địa chỉ broker phải là mqtt:// hoặc mqtts:// (có TLS)
fleet-broker-credentials = đừng ghi tên đăng nhập hay mật khẩu trong `broker`: hãy dùng `username` và `password_file`
fleet-broker-help = ví dụ broker = "mqtts://mqtt.tinh.example.vn:8883"
fleet-node-invalid = "{ $node }" không phải tên cụm loa hợp lệ: các phần gồm a-z, 0-9 và -, cách nhau bằng /, cấp lớn trước (tối đa { $max } phần)
fleet-node-help = node = "quang-nam/duy-xuyen/duy-phuoc/cum-01"
fleet-file-unreadable = { $key } = "{ $path }": { $why }; kết nối với tỉnh chưa dùng được cho đến khi đọc được tệp này (chương trình vẫn phát như thường)
fleet-password-without-user = `password_file` cần có `username` đi kèm
fleet-cert-pair = `client_cert` và `client_key` đi cùng nhau: ghi cả hai hoặc không ghi cả hai
fleet-key-invalid = "{ $key }" không phải khoá công khai: { $why ->
    [prefix] khoá phải bắt đầu bằng ed25519:
    [secret] đây là khoá BÍ MẬT (NAME.key); hãy dán nội dung NAME.pub vào đây, khoá bí mật phải giữ ở tỉnh
    [base64] phần sau ed25519: không phải base64
    [length] khoá không dài đúng 32 byte
   *[other] khoá ed25519 không hợp lệ
}
fleet-key-help = dán dòng trong tệp NAME.pub của tỉnh, đúng như `loa fleet keygen` đã ghi
fleet-no-keys = chưa có `trusted_keys`: mọi bản tin và mọi lịch gửi xuống sẽ bị từ chối
fleet-normal-invalid = `normal` phải là "hold" (bản tin thường chờ `loa bulletins accept`) hoặc "auto" (phát đúng giờ của bản tin)
fleet-status-every-range = `status_every` phải từ 10s đến 24h
fleet-size-invalid = { $text } không phải là dung lượng
fleet-size-help = ví dụ max_download = "50MB" (KB, MB, GB, hoặc số byte)
fleet-size-range = `max_download` phải từ 1KB đến 4GB
check-fleet = kết nối tỉnh
check-fleet-value = { $node } qua { $broker } ({ $keys } khoá tin cậy; bản tin thường: { $normal ->
    [auto] phát đúng giờ
   *[hold] chờ `loa bulletins accept`
})
bulletin-unknown-preset = bản tin yêu cầu bản khẩn cấp có sẵn "{ $preset }", nhưng lịch của trạm không có bản này
bulletin-audio-not-yet = chưa tải xong âm thanh của bản tin
cli-fleet-about = Phía tỉnh: khoá, gửi bản tin, xem trạng thái và lịch sử của mọi cụm loa
cli-fleet-keygen-about = Tạo cặp khoá ký: NAME.key (bí mật, quyền 0600) và NAME.pub (để ghi vào trusted_keys)
cli-fleet-keygen-out = NAME: ghi ra NAME.key và NAME.pub
cli-fleet-send-about = Ký một bản tin và gửi tới mọi cụm loa thuộc một tiền tố
cli-fleet-send-to = Nơi nhận: một cụm loa, hoặc tiền tố của nhiều cụm ("quang-nam/duy-xuyen")
cli-fleet-send-level = Mức bản tin: normal (xã quyết định), priority (phát kế tiếp), emergency (phát ngay)
cli-fleet-send-key = Khoá bí mật (NAME.key do `loa fleet keygen` tạo) [mặc định: `key` trong [province] của --config]
cli-fleet-send-preset = Bản khẩn cấp có sẵn ở mọi cụm loa (không cần tải)
cli-fleet-send-stream = Luồng trực tiếp để tiếp âm (http:// hoặc https://), kèm --for
cli-fleet-send-text = Một thông báo để mỗi cụm loa tự đọc theo [tts] của nó (văn bản thay cho bản ghi âm)
cli-fleet-send-for = Tiếp âm trong bao lâu ("30m")
cli-fleet-send-title = Tiêu đề các cụm loa hiển thị và ghi vào lịch sử phát
cli-fleet-send-at = Phát vào lúc này (RFC 3339, hoặc "HH:MM" hôm nay theo múi giờ của máy) [mặc định: ngay]
cli-fleet-send-expires = Cụm loa nhận được muộn hơn khoảng này sau khi gửi sẽ từ chối bản tin
cli-fleet-send-broker = Máy chủ MQTT, mqtt://MÁY[:CỔNG] hoặc mqtts://MÁY[:CỔNG] [mặc định: [province] hoặc [fleet] của --config]
cli-fleet-send-username = Tên đăng nhập của tỉnh trên máy chủ MQTT
cli-fleet-send-password-file = Tệp chứa mật khẩu
cli-fleet-send-ca-file = Chứng chỉ CA của máy chủ MQTT (PEM) [mặc định: chứng chỉ gốc của hệ thống]
fleet-expires-range = phải từ 1m đến 7d
fleet-keygen-done = Đã ghi { $secret } (khoá bí mật: giữ tại tỉnh, không bao giờ gửi đi) và { $public }. Ghi dòng này vào trusted_keys của mỗi trạm:
fleet-keygen-exists = { $path } đã có: hãy chọn tên khác, hoặc xoá tệp đó trước
fleet-key-unreadable = không đọc được khoá { $path }: { $why }
fleet-key-not-secret = { $path } không phải khoá bí mật (NAME.key do `loa fleet keygen` tạo)
fleet-no-broker = chưa có máy chủ MQTT: { $file } không có [province] cũng không có [fleet]; hãy ghi --broker (hoặc LOA_BROKER), hoặc --config với tệp có [province]
fleet-bad-prefix = "{ $prefix }" không phải cụm loa hay tiền tố hợp lệ: các phần gồm a-z, 0-9 và -, cách nhau bằng /
fleet-bad-when = --at: { $why }
fleet-stream-url = --stream: "{ $url }" không phải địa chỉ http:// hoặc https://
fleet-sent = Đã gửi { $id } ({ $level }) tới { $topic }; hết hạn lúc { $expires }.
fleet-send-failed = máy chủ MQTT ở { $broker }: { $why }
bulletin-not-found = chưa nhận bản tin nào mã "{ $id }" (`loa bulletins` liệt kê các bản tin)
bulletin-not-open = bản tin "{ $id }" đã ở trạng thái { $state }: không còn gì để quyết định
bulletin-rejected-by = { $by } đã từ chối
bulletin-rejected = Đã từ chối bản tin { $id }: bản tin sẽ không được phát.
bulletin-accepted = Đã nhận bản tin { $id }: phát ngay (hoặc ngay khi bản đang phát kết thúc).
bulletin-accepted-at = Đã nhận bản tin { $id }: phát lúc { $at }.
cli-bulletins-about = Các bản tin nhận từ tỉnh, và quyết định của xã với bản tin thường
cli-bulletins-json = In ra một mảng JSON
cli-bulletins-accept-about = Phát một bản tin đang chờ: ngay, hoặc vào một giờ
cli-bulletins-accept-id = Mã bản tin, như `loa bulletins` liệt kê
cli-bulletins-accept-at = Phát vào giờ này của đài: "HH:MM", "YYYY-MM-DD HH:MM", hoặc một khoảng như "2h"
cli-bulletins-reject-about = Không phát một bản tin đang chờ
cli-bulletins-reject-id = Mã bản tin, như `loa bulletins` liệt kê
bulletins-none = Chưa nhận bản tin nào.
bulletins-state = { $state ->
    [received] đã nhận
    [fetching] đang tải âm thanh
    [playing] đang phát
    [held] đang chờ xã
    [waiting] chờ đến giờ
    [queued] đã xếp phát
    [played] đã phát
    [rejected] đã từ chối
    [expired] hết hạn
    [refused] bị từ chối
    [interrupted] bị ngắt
    [stopped] bị dừng
    [failed] lỗi
   *[other] { $state }
}
bulletins-held-help = chờ xã quyết định: loa bulletins accept { $id } [--at 18:00]  hoặc  loa bulletins reject { $id }
status-feed = kết nối tỉnh
status-feed-connected = đã kết nối { $broker }, là cụm { $node }
status-feed-connecting = chưa kết nối được { $broker } ({ $why }); đang thử lại — chương trình vẫn phát như thường
status-feed-held = { $n } bản tin đang chờ xã quyết định: loa bulletins
history-col-node = cụm loa
cli-history-db = Đọc tệp lịch sử này thay cho lịch sử của đài (tệp của tỉnh, do `loa fleet collect` gom)
cli-fleet-serve-about = Trang điều hành của tỉnh: mọi cụm loa trong nháy mắt, gửi tin từ biểu mẫu, gửi lịch phát, báo cáo tháng (spec §14)
cli-fleet-serve-listen = Địa chỉ trang lắng nghe ("0.0.0.0:8443")
cli-fleet-serve-key = Khoá bí mật (NAME.key do `loa fleet keygen` tạo) [mặc định: `key` của [province] trong --config]
cli-fleet-serve-db = Tệp lịch sử gom được và sổ sách của trang [mặc định: fleet.db trong thư mục trạng thái; nếu đã chạy `loa fleet collect`, dùng tệp của nó]
cli-fleet-serve-broker = Máy chủ MQTT, mqtt://MÁY[:CỔNG] hoặc mqtts://MÁY[:CỔNG] [mặc định: [province] hoặc [fleet] của --config]
cli-fleet-serve-username = Tên đăng nhập của tỉnh trên máy chủ MQTT
cli-fleet-serve-password-file = Tệp chứa mật khẩu
cli-fleet-serve-ca-file = Chứng chỉ CA của máy chủ MQTT (PEM) [mặc định: chứng chỉ gốc của hệ thống]
cli-fleet-collect-about = Gom lịch sử của mọi cụm loa vào một tệp SQLite (đọc bằng `loa history --db`)
cli-fleet-collect-db = Tệp gom (tạo mới nếu chưa có)
cli-fleet-collect-idle = Dừng khi không có dòng nào mới trong khoảng này ("30s") [mặc định: chạy đến khi bị dừng]
cli-fleet-collect-broker = Máy chủ MQTT, mqtt://MÁY[:CỔNG] hoặc mqtts://MÁY[:CỔNG] [mặc định: [province] hoặc [fleet] của --config]
cli-fleet-collect-username = Tên đăng nhập của tỉnh trên máy chủ MQTT
cli-fleet-collect-password-file = Tệp chứa mật khẩu
cli-fleet-collect-ca-file = Chứng chỉ CA của máy chủ MQTT (PEM) [mặc định: chứng chỉ gốc của hệ thống]
fleet-idle-range = phải từ 1s đến 24h
fleet-collected = Đã gom { $rows } dòng lịch sử từ { $nodes } cụm loa vào { $db }.
cli-fleet-status-about = Trạng thái của mọi cụm loa, theo trạng thái các cụm gửi lên máy chủ MQTT
cli-fleet-status-prefix = Chỉ các cụm loa thuộc tiền tố này ("quang-nam/duy-xuyen")
cli-fleet-status-json = In ra một mảng JSON
cli-fleet-status-broker = Máy chủ MQTT, mqtt://MÁY[:CỔNG] hoặc mqtts://MÁY[:CỔNG] [mặc định: [province] hoặc [fleet] của --config]
cli-fleet-status-username = Tên đăng nhập của tỉnh trên máy chủ MQTT
cli-fleet-status-password-file = Tệp chứa mật khẩu
cli-fleet-status-ca-file = Chứng chỉ CA của máy chủ MQTT (PEM) [mặc định: chứng chỉ gốc của hệ thống]
fleet-status-none = Chưa có cụm loa nào báo trạng thái dưới tiền tố này.
fleet-status-online = đang hoạt động
fleet-status-offline = MẤT KẾT NỐI
fleet-status-playing = đang phát { $id }
fleet-status-next = tiếp theo: { $id } lúc { $at }
fleet-status-error = lỗi gần nhất: { $why }
fetch-not-audio = { $url } không phải âm thanh loa phát được: { $why }
fetch-hash = { $url } không phải tệp bản tin đã báo (mã SHA-256 khác)
fetch-too-long = { $url } dài hơn { $bytes } byte bản tin đã báo
fetch-short = { $url } kết thúc trước khi đủ dung lượng bản tin đã báo
cli-fleet-send-url = Tệp ghi âm trên máy chủ web các cụm loa truy cập được: tải một lần ở đây để lấy dung lượng và mã băm
cli-fleet-send-file = Tệp ghi âm trên máy này, được lưu trước bằng HTTP PUT tới --upload
cli-fleet-send-upload = Nơi PUT --file (thư mục WebDAV, địa chỉ S3 ký sẵn); các cụm loa tải từ đó
fleet-url-failed = không tải được { $url }: { $why }
fleet-upload-failed = không lưu được tệp ghi âm lên { $url }: { $why }
pushed-no-schedule = tin nhắn không có `schedule` (nội dung tệp lịch)
pushed-cannot-write = không ghi được { $file }: { $why } (để nhận lịch tỉnh gửi xuống, dịch vụ loa cần quyền ghi vào thư mục của tệp lịch: docs/fleet.md)
cli-fleet-push-about = Gửi lịch mới cho một cụm loa, có chữ ký; cụm loa kiểm tra như `loa check` trước khi chạy
cli-fleet-push-to = Cụm loa ("quang-nam/duy-xuyen/duy-phuoc/cum-01")
cli-fleet-push-file = Tệp lịch cần gửi
cli-fleet-push-key = Khoá bí mật (NAME.key do `loa fleet keygen` tạo) [mặc định: `key` trong [province] của --config]
cli-fleet-push-broker = Máy chủ MQTT, mqtt://MÁY[:CỔNG] hoặc mqtts://MÁY[:CỔNG] [mặc định: [province] hoặc [fleet] của --config]
cli-fleet-push-username = Tên đăng nhập của tỉnh trên máy chủ MQTT
cli-fleet-push-password-file = Tệp chứa mật khẩu
cli-fleet-push-ca-file = Chứng chỉ CA của máy chủ MQTT (PEM) [mặc định: chứng chỉ gốc của hệ thống]
fleet-pushed = Đã gửi lịch { $id } tới { $topic } (máy chủ giữ đến khi có lịch mới); cụm loa báo trên kênh ack là đã cài hay chưa.
pushed-no-fleet = lịch gửi xuống không có [fleet]: trạm sẽ mất kết nối với tỉnh, và tỉnh không gửi được lịch nào nữa
pushed-other-node = lịch gửi xuống dành cho cụm "{ $node }", không phải cụm này ("{ $ours }")

## Why the broker could not be used.
feed-refused-login = máy chủ MQTT (broker) không nhận tên đăng nhập hoặc mật khẩu
feed-refused = máy chủ MQTT (broker) từ chối kết nối ({ $code })
feed-no-answer = máy chủ MQTT (broker) không trả lời
feed-no-such-host = không có máy chủ tên này: tên của broker không phân giải được (xem lại `broker`, và DNS của máy)
feed-port-closed = không có gì nghe ở địa chỉ và cổng của broker (broker đang dừng, hoặc sai cổng)
feed-closed = máy chủ MQTT (broker) đã đóng kết nối
fleet-not-authorized = broker không cho tài khoản này gửi lên { $topic } (danh sách quyền ACL của nó)
fleet-too-large = broker từ chối tin { $bytes } byte vì quá lớn (`message_size_limit` của nó)
fleet-publish-refused = broker từ chối tin ({ $code })
fleet-collect-bad-topic = bỏ qua một tin trên { $topic }: không phải chủ đề lịch sử phát của một cụm loa
fleet-collect-not-row = bỏ qua một tin trên { $topic }: không phải một dòng lịch sử phát
fleet-collect-other-node = một dòng lịch sử phát trên chủ đề của { $node } lại ghi là của cụm loa khác ({ $claimed }) nên bị từ chối: mỗi cụm loa chỉ báo cho chính mình
fleet-collect-conflict = { $node } gửi lại dòng { $row } với nội dung khác; giữ dòng nhận được trước
pushed-no-issued = lịch tỉnh gửi xuống không có thời điểm ban hành (`issued`): không phân biệt được với lịch cũ hơn, nên không cài
pushed-future = lịch tỉnh gửi xuống ghi ban hành lúc { $issued }, muộn hơn đồng hồ của máy này: đồng hồ của tỉnh hoặc của máy này bị sai
pushed-older = lịch tỉnh gửi xuống ban hành lúc { $issued }, không mới hơn lịch đã cài (ban hành lúc { $last }): lịch cũ gửi lại không bao giờ được cài đè lên lịch mới hơn
pushed-cannot-back-up = không lưu được bản sao của lịch sắp bị thay vào { $dir }: { $why }; không cài
pushed-older-than-edit = lịch tỉnh gửi xuống ban hành lúc { $issued }, trước lần sửa tệp lịch tại trạm ({ $edited }): không cài đè lên phần xã đã sửa; tỉnh muốn thay thì gửi lại
bulletin-too-far-ahead = bản tin có hiệu lực đến { $expires }: quá { $days } ngày kể từ bây giờ, không bản tin nào được dài như vậy
bulletin-issued-ahead = bản tin ghi ban hành lúc { $issued }, muộn hơn đồng hồ của máy này: đồng hồ của tỉnh hoặc của máy này bị sai
bulletin-revoked = khoá đã ký bản tin không còn trong `trusted_keys`
bulletin-every-not-emergency = chỉ bản tin khẩn cấp mới được phát lặp lại
bulletin-bad-every = phải là một khoảng thời gian từ 1 phút đến 24 giờ ("15m", hoặc số giây)
bulletin-stopped-before = tỉnh đã dừng bản tin này ({ $stop }) trước khi nó đến
cli-fleet-send-repeat = Phát liền bấy nhiêu lần [mặc định: một lần, hoặc số lần của bản tin khẩn cấp có sẵn]
cli-fleet-send-every = Chỉ cho bản tin khẩn cấp: phát lại sau mỗi khoảng này kể từ lần bắt đầu trước ("15m"), đến khi hết hạn hoặc `loa fleet stop` [mặc định: một lần]
cli-fleet-stop-about = Dừng một bản tin (hoặc mọi bản tin) ở mọi cụm loa thuộc một tiền tố: đang phát, đang chờ, và việc phát lặp lại
cli-fleet-stop-to = Nơi nhận: một cụm loa, hoặc tiền tố của nhiều cụm ("quang-nam/duy-xuyen")
cli-fleet-stop-bulletin = Bản tin cần dừng [mặc định: mọi bản tin đã gửi trước lệnh dừng này]
cli-fleet-stop-key = Khoá bí mật (NAME.key do `loa fleet keygen` tạo) [mặc định: `key` trong [province] của --config]
cli-fleet-stop-expires = Cụm loa nhận muộn hơn khoảng này sau khi gửi thì bỏ qua
cli-fleet-stop-broker = Máy chủ MQTT, mqtt://MÁY[:CỔNG] hoặc mqtts://MÁY[:CỔNG] [mặc định: [province] hoặc [fleet] của --config]
cli-fleet-stop-username = Tên đăng nhập của tỉnh trên máy chủ MQTT
cli-fleet-stop-password-file = Tệp chứa mật khẩu
cli-fleet-stop-ca-file = Chứng chỉ CA của máy chủ MQTT (PEM) [mặc định: chứng chỉ gốc của hệ thống]
fleet-stopped = Đã gửi lệnh dừng { $id } tới { $topic }: mọi cụm loa thuộc tiền tố này dừng { $what } và báo lại trên chủ đề xác nhận.
fleet-stop-all = mọi bản tin đã gửi trước lúc này
fleet-every-not-emergency = --every chỉ dùng cho bản tin khẩn cấp (--level emergency)
fetch-deadline = { $url } tải về không kịp (chậm hơn { $rate } KB/giây, hoặc không xong trước giờ phải phát)
province-not-table = { $file }: `province` phải là một bảng ([province])
province-want-text = { $file }: `{ $key }` trong [province] phải là chữ đặt trong dấu nháy
province-unknown-key = { $file }: [province] không có `{ $key }` (chỉ nhận { $keys })
province-no-key = chưa có khoá ký: hãy ghi --key (hoặc LOA_KEY), hoặc `key` trong [province] của tệp ghi ở --config ({ $file })
fleet-clock-behind = đồng hồ máy này có vẻ chậm { $behind } so với các trạm (đồng hồ đã đồng bộ của các trạm ghi trạng thái muộn hơn giờ của máy này): các trạm có thể từ chối bản tin vì hết hạn. Hãy chỉnh đồng hồ (timedatectl, NTP) rồi gửi lại
fleet-no-broker-file = chưa có máy chủ MQTT: không đọc được { $file } ({ $why }); hãy ghi --config với tệp có [province] (ví dụ /etc/loa/province.toml), hoặc --broker (hoặc LOA_BROKER)
