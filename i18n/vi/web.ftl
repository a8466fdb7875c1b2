# Trang điều hành (spec §11): [web] trong lịch phát, `loa web user`, các trang.
web-listen-invalid = "{ $value }" không phải là địa chỉ và cổng để lắng nghe
web-listen-help = ví dụ listen = "0.0.0.0:8443" (mọi địa chỉ) hoặc listen = "127.0.0.1:8080" (chỉ máy này)
web-tls-invalid = không hiểu tls = "{ $value }"
web-tls-help = tls = "self-signed" (chứng chỉ do loa tạo), tls = "off" (HTTP không mã hoá, cho 127.0.0.1 hoặc sau một máy chủ chuyển tiếp có TLS), hoặc cert = "…" và key = "…" cho chứng chỉ riêng của xã
web-tls-off-with-cert = có chứng chỉ nhưng lại đặt tls = "off"
web-cert-pair = `cert` và `key` đi cùng nhau: ghi cả hai, hoặc không ghi cái nào
web-plain-http = trang điều hành lắng nghe ở { $listen } bằng HTTP không mã hoá: mật khẩu đi qua mạng không được bảo vệ
web-plain-http-help = dùng tls = "self-signed", hoặc listen = "127.0.0.1:…" sau một máy chủ chuyển tiếp có TLS
web-session-range = `session` phải từ 1 phút đến 30 ngày
web-upload-range = `max_upload` phải từ 100KB đến 4GB
web-upload-help = ví dụ max_upload = "100MB" (KB, MB, GB, hoặc số byte)
check-web = trang điều hành
check-web-value = { $url } ({ $tls ->
    [self-signed] chứng chỉ do loa tạo
    [own] chứng chỉ của xã
   *[off] HTTP không mã hoá
})
web-accounts-cannot-read = không đọc được tài khoản của trang điều hành { $path }: { $why }
web-accounts-cannot-write = không ghi được tài khoản của trang điều hành { $path }: { $why }
web-accounts-invalid = tệp tài khoản của trang điều hành { $path } bị hỏng: { $why } (xem bằng `loa web user list`; xoá tệp để làm lại từ đầu)
web-user-name-invalid = "{ $name }" không dùng làm tên tài khoản được: dùng từ 1 đến { $max } chữ thường a-z không dấu, chữ số, ".", "_" hoặc "-", bắt đầu bằng chữ hoặc số
web-password-short = mật khẩu có { $n } ký tự: cần ít nhất { $min }
web-password-long = mật khẩu dài quá { $max } ký tự
web-password-prompt = Mật khẩu mới:
web-password-again = Nhập lại mật khẩu:
web-password-differ = hai lần nhập mật khẩu không giống nhau: không có gì thay đổi
web-password-no-terminal = không có cửa sổ lệnh để hỏi mật khẩu: đưa mật khẩu qua đầu vào chuẩn với --password-stdin
web-user-exists = đã có tài khoản "{ $name }" (`loa web user passwd { $name }` để đổi mật khẩu)
web-user-unknown = không có tài khoản "{ $name }" (các tài khoản: { $names })
web-user-unknown-none = không có tài khoản "{ $name }": chưa có tài khoản nào (`loa web user add TÊN`)
web-user-added = đã thêm tài khoản "{ $name }", vai trò { $role }, trong { $path }
web-user-passwd = đã đổi mật khẩu của "{ $name }"
web-user-removed = đã xoá tài khoản "{ $name }"; các phiên đang mở của tài khoản này kết thúc ở lần dùng tiếp theo
web-user-none = chưa có tài khoản nào (`loa web user add TÊN --role admin`)
web-role-viewer = người xem
web-role-operator = người vận hành
web-role-admin = quản trị
cli-web-about = Trang điều hành của đài
cli-web-user-about = Tài khoản của trang điều hành, lưu trong web-users.toml ở thư mục trạng thái
cli-web-user-add-about = Thêm một tài khoản (hỏi mật khẩu hai lần)
cli-web-user-add-name = Tên tài khoản: a-z, 0-9, ".", "_", "-"
cli-web-user-add-role = Được làm gì: viewer (người xem), operator (người vận hành: phát, sửa lịch, tải bản ghi âm lên), admin (quản trị: thêm cả tài khoản và duyệt thay đổi)
cli-web-user-add-password-stdin = Đọc mật khẩu từ đầu vào chuẩn (một dòng) thay vì hỏi
cli-web-user-passwd-about = Đổi mật khẩu của một tài khoản
cli-web-user-passwd-name = Tên tài khoản
cli-web-user-passwd-password-stdin = Đọc mật khẩu từ đầu vào chuẩn (một dòng) thay vì hỏi
cli-web-user-remove-about = Xoá một tài khoản (các phiên đang mở kết thúc ở lần dùng tiếp theo)
cli-web-user-remove-name = Tên tài khoản
cli-web-user-list-about = Liệt kê các tài khoản và vai trò
cli-web-user-list-json = In một mảng JSON
web-tls-cannot-read = không đọc được { $path }: { $why }
web-tls-no-certificate = trong tệp không có chứng chỉ (cần tệp PEM bắt đầu bằng -----BEGIN CERTIFICATE-----)
web-tls-mismatch = chứng chỉ và khoá không khớp nhau: { $why }
web-tls-cannot-make = không tạo được chứng chỉ cho trang điều hành: { $why }
web-tls-cannot-write = không ghi được { $path }: { $why }
web-cannot-listen = trang điều hành không lắng nghe được ở { $listen }: { $why }
web-forbidden = vai trò của bạn ({ $role }) không được làm việc này: cần { $needs }
web-unauthorized = hãy đăng nhập trước (hoặc phiên làm việc đã hết)
web-csrf = yêu cầu này thiếu X-CSRF-Token được cấp khi đăng nhập: hãy tải lại trang
web-body-too-big = yêu cầu lớn hơn mức trang điều hành nhận
web-method = địa chỉ này không nhận loại yêu cầu đó (xem docs/protocol.md)
web-bad-request = không đọc được yêu cầu: địa chỉ, tham số hoặc nội dung không đúng với địa chỉ này (xem docs/protocol.md)
web-bad-json = yêu cầu không đúng dạng: { $why }
web-daemon-gone = dịch vụ loa không trả lời; thử lại sau giây lát
web-locked = đăng nhập sai quá nhiều lần: thử lại sau { $minutes } phút
web-login-failed = sai tên tài khoản hoặc mật khẩu
web-login-cross-site = Chỉ đăng nhập từ chính trang điều hành của đài, không từ trang của nơi khác.
web-logged-out = đã đăng xuất
web-bad-days = days={ $value }: cần một số nguyên từ 1 đến 3660
web-bad-date = date={ $value }: cần một ngày dạng YYYY-MM-DD
web-bad-format = format={ $value }: json, csv hoặc excel
web-not-found = không có trang này
status-web = trang điều hành
status-web-tls = { $url } (dấu vân tay SHA-256 của chứng chỉ: { $fingerprint })
status-web-plain = { $url } (HTTP không mã hoá)
status-web-failed = không chạy: { $why }
edit-cannot-write = không ghi được { $path }: { $why }
edit-cannot-read = không đọc được { $path }: { $why }
edit-no-version = không có phiên bản lịch số { $n }
edit-not-proposed = phiên bản { $n } không còn chờ duyệt (trạng thái: { $state })
edit-changed-since = lịch phát đã thay đổi sau khi có đề xuất { $n }: không duyệt nguyên như vậy được (hãy sửa lại trên lịch hiện tại)
edit-no-web = bỏ [web] thì trang điều hành sẽ tắt: hãy bỏ [web] ngay trên máy của đài, không qua trang điều hành
web-schedule-changed = lịch phát đã thay đổi từ lúc bạn mở: hãy tải lại và sửa lại lần nữa
web-schedule-if-match = muốn lưu phải có tiêu đề If-Match với ETag lúc đọc lịch
web-schedule-not-utf8 = lịch phát không phải văn bản UTF-8
web-proposal-rejected = đã từ chối đề xuất { $n }
library-bad-name = "{ $name }" không dùng làm tên bản ghi âm được: cần một trong các đuôi { $kinds }
library-exists = đã có bản ghi âm "{ $name }" (tải lên lại và đánh dấu "Thay bản ghi âm cùng tên" để thay, hoặc đổi tên tệp)
library-not-audio = "{ $name }" không phải bản ghi âm loa phát được: { $why }. Hãy tải lên tệp MP3, M4A, WAV, FLAC, Ogg hoặc Opus (tin nhắn thoại Zalo cũng được)
library-io = không ghi được { $path }: { $why }
library-no-such = không có bản ghi âm "{ $name }"
library-in-use = "{ $name }" đang được dùng bởi { $ids }: hãy sửa những mục đó trước
web-upload-too-big = tệp lớn hơn mức trang điều hành nhận ({ $max } MB, `max_upload` trong [web])
web-upload-broken = tệp tải lên bị đứt hoặc hỏng: { $why }
web-upload-no-file = không có tệp nào được tải lên (trường của biểu mẫu là "file")
web-recording-deleted = đã xoá bản ghi âm "{ $name }"
form-cannot-read = lịch phát không đọc được theo TOML: { $why } (sửa trong trình sửa trực tiếp)
form-id-taken = đã có bản tin "{ $id }": hãy chọn mã khác
form-no-such = lịch phát không có bản tin "{ $id }"
edit-admin-only = chỉ quản trị viên được đổi { $setting }: phần này quyết định máy chạy chương trình nào, phát thư mục nào, hoặc bảng điều khiển và kênh tin hoạt động ra sao. Hãy nhờ quản trị viên, hoặc giữ nguyên phần đó.
