## Cú pháp TOML của tệp lịch, khi trình đọc từ chối (config/syntax.rs): nói bằng lời thường
## điều cán bộ đã viết và cách viết đúng. Không để lời tiếng Anh của trình đọc lọt vào đây.
toml-invalid = dòng này viết chưa đúng cách viết của tệp lịch
toml-invalid-help = hãy so sánh với tệp mẫu config/schedule.toml: mỗi dòng là tên = giá trị, tên bảng trong [ ], hoặc ghi chú bắt đầu bằng #
toml-write-help = hãy viết { $fixed }
toml-duplicate-key = `{ $key }` bị viết hai lần; chỉ giữ một
toml-duplicate-key-help = mỗi [bảng] chỉ viết một lần, mỗi mục chỉ một lần trong bảng
toml-dotted = `{ $key }` đã có giá trị ở phía trên, nên không thêm `{ $key }.…` vào được
toml-table-repeated = [{ $key }] bị viết lại lần nữa: { $key ->
    [announcement] mỗi bản tin
    [emergency] mỗi mẫu khẩn cấp
   *[other] mỗi tiếp âm
} mở đầu bằng [[{ $key }]], với hai cặp ngoặc vuông
toml-table-repeated-help = hãy viết [[{ $key }]] ở dòng này, và cả ở dòng { $first }
toml-table-brackets = dấu ngoặc vuông của tên bảng { $written } không khớp nhau
toml-table-empty = trong cặp ngoặc [ ] chưa có tên bảng
toml-table-example-help = ví dụ [station] hoặc [[announcement]]

## Ký tự ẩn và dấu nháy chép từ Word, Zalo hoặc trang web.
toml-invisible = ở cột { $column } có một ký tự không nhìn thấy: { $name } (U+{ $code }), đi theo chữ được chép từ Word, Zalo hoặc trang web
toml-invisible-help = hãy xóa ký tự đó: đặt con trỏ ngay sau nó rồi bấm Backspace, nếu ở đó cần dấu cách thì gõ lại dấu cách thường (Notepad hiện số dòng và số cột ở thanh dưới cùng)
toml-char-name = { $char ->
    [nbsp] dấu cách không ngắt dòng
    [narrow-nbsp] dấu cách hẹp không ngắt dòng
    [zwsp] dấu cách rộng 0
    [zero-width] ký tự nối rộng 0
    [bom] dấu BOM đánh dấu thứ tự byte
    [ideographic] dấu cách toàn khổ của bộ gõ tiếng Trung, tiếng Nhật
    [soft-hyphen] dấu gạch nối ẩn
    [bidi] dấu định hướng chữ
    [control] ký tự điều khiển
   *[other] dấu cách đặc biệt
}
toml-curly-quotes = dòng này có dấu nháy { $quote } (từ Word, Zalo hoặc điện thoại); tệp lịch cần dấu nháy thẳng "
toml-curly-quotes-help = gõ lại dấu nháy thành " (phím nháy kép thường, trong nano hay Notepad), ví dụ title = "Bản tin sáng"

## Thói quen từ các loại tệp khác.
toml-slash-comment = ghi chú bắt đầu bằng dấu #, không phải //
toml-slash-comment-help = thay // bằng #: { $fixed }
toml-colon = sau `{ $key }` là dấu hai chấm; trong tệp lịch, sau tên mục phải là dấu =

## Chữ và dấu nháy.
toml-unquoted = chữ { $text } phải đặt trong dấu nháy kép
toml-missing-value = `{ $key }` chưa có giá trị sau dấu =
toml-missing-value-help = hãy ghi giá trị sau dấu =, ví dụ title = "Bản tin sáng", hoặc xóa dòng này
toml-missing-open-quote = chữ có dấu { $quote } ở cuối nhưng thiếu dấu { $quote } ở đầu
toml-unclosed-quote = chữ mở bằng dấu { $quote } chưa được đóng lại trên dòng này
toml-unclosed-quote-help = thêm dấu { $quote } ở cuối chữ, ví dụ title = "Bản tin sáng"
toml-text-split = chữ trong dấu nháy bị ngắt xuống dòng (dòng { $line } và dòng { $next })
toml-text-split-help = hãy nối lại thành một dòng: xóa chỗ xuống dòng nằm trong dấu nháy
toml-backslash-path = đường dẫn "{ $path }" có dấu \; trong dấu nháy kép, \ mở đầu một ký hiệu đặc biệt (như \n) chứ không ngăn cách thư mục
toml-backslash-path-help = máy này ngăn cách thư mục bằng dấu /, không phải \: hãy chỉ viết tên tệp, ví dụ "{ $name }", và chép tệp vào thư mục audio_dir
toml-backslash-dir-help = máy này ngăn cách thư mục bằng dấu /, không phải \, ví dụ "/media/usb"
toml-backslash = \{ $sign } không phải ký hiệu hợp lệ: trong dấu nháy kép, dấu \ mở đầu một ký hiệu đặc biệt như \n (xuống dòng)
toml-backslash-help = muốn viết chính dấu \ thì viết \\, hoặc đặt chữ trong dấu nháy đơn: { $fixed }
toml-backslash-quote-help = \" được hiểu là dấu nháy nằm trong chữ, không phải dấu kết thúc: hãy bỏ dấu \ trước dấu " cuối cùng

## Tên mục.
toml-line-no-equals = dòng này không có dấu =; mỗi dòng phải là tên = giá trị, tên bảng trong [ ], hoặc ghi chú bắt đầu bằng #
toml-note-help = muốn giữ làm ghi chú thì thêm dấu # ở đầu dòng: # { $line }
toml-key-space = tên mục `{ $key }` có dấu cách; tên mục phải viết liền
toml-key-accents = tên mục `{ $key }` có chữ có dấu; tên mục là từ tiếng Anh viết không dấu
toml-key-char = tên mục `{ $key }` có ký tự { $char }, tên mục không được có ký tự này
toml-key-bad = `{ $key }` không dùng làm tên mục được
toml-key-help = tên mục viết như trong tệp mẫu config/schedule.toml, bằng chữ a-z không dấu, chữ số, - và _, như title hoặc audio_dir
toml-key-empty = thiếu tên mục trước dấu =
toml-key-example-help = hãy ghi tên mục trước dấu =, ví dụ title = "Bản tin sáng"
toml-equals-twice = dấu = bị viết hai lần

## Danh sách, dấu ngoặc, giá trị.
toml-list-brackets = nhiều giá trị thì phải đặt trong dấu ngoặc vuông
toml-decimal-comma = { $written } dùng dấu phẩy thập phân; trong tệp lịch, số thập phân viết bằng dấu chấm
toml-after-value = sau giá trị vẫn còn chữ trên cùng dòng: { $rest }
toml-after-value-help = mỗi dòng chỉ có một tên = giá trị: ghi chú thì đặt sau dấu #, chữ có dấu cách thì đặt hết trong dấu nháy
toml-list-comma = thiếu dấu phẩy giữa hai mục trong danh sách
toml-list-comma-help = các mục cách nhau bằng dấu phẩy, ví dụ files = ["a.mp3", "b.mp3"]
toml-list-extra-comma = hai dấu phẩy liền nhau: giữa chúng thiếu một mục
toml-list-equals = danh sách trong [ ] chỉ chứa giá trị, không chứa tên = giá trị
toml-list-unclosed = danh sách mở bằng dấu [ ở đây chưa có dấu ] đóng lại
toml-list-unclosed-help = thêm dấu ] sau mục cuối cùng, ví dụ files = ["a.mp3", "b.mp3"]
toml-no-opening = có dấu { $close } mà không có dấu { $open } mở trước nó
toml-brackets-help = dấu ngoặc luôn đi theo cặp: [ với ], {"{"} với {"}"}
toml-inline-table = bảng trong {"{ }"} viết chưa đúng: bên trong là các cặp tên = giá trị, cách nhau bằng dấu phẩy, trên cùng một dòng
toml-number = { $written } không phải số viết đúng cách
toml-number-help = chỉ viết chữ số: không có số 0 ở đầu, không kèm đơn vị, số thập phân dùng dấu chấm (volume = 80, loudness = -16.5); giờ thì đặt trong dấu nháy kép (at = "05:30")
toml-number-alone = `{ $key }` chỉ ghi số, không kèm đơn vị hay chữ
toml-bool = không hiểu "{ $written }" ở đây: hãy viết true hoặc false, chữ thường, không có dấu nháy
toml-date = { $written } không phải ngày viết đúng cách
toml-time = { $written } không phải giờ viết đúng cách
toml-time-help = hãy đặt giờ trong dấu nháy kép, ví dụ at = "05:30"; giờ từ 00 đến 23, phút từ 00 đến 59
toml-lone-cr = dòng này kết thúc bằng một ký tự CR đứng riêng (kiểu xuống dòng của máy Mac cũ)
toml-lone-cr-help = hãy lưu lại tệp với kiểu xuống dòng Windows (CRLF) hoặc Unix (LF)
toml-too-deep = quá nhiều lớp ngoặc lồng vào nhau


## Mã (id) trùng giữa hai mục (schedule/values.rs).
id-taken = mã "{ $id }" đã dùng cho { $kind ->
    [announcement] bản tin
    [emergency] mẫu khẩn cấp
   *[other] tiếp âm
} "{ $title }" ở dòng { $line }; mỗi bản tin, mẫu khẩn cấp và tiếp âm cần một mã riêng
id-taken-untitled = mã "{ $id }" đã dùng cho { $kind ->
    [announcement] bản tin
    [emergency] mẫu khẩn cấp
   *[other] tiếp âm
} ở dòng { $line }; mỗi bản tin, mẫu khẩn cấp và tiếp âm cần một mã riêng
id-taken-help = hãy đặt cho mục này một mã khác, ví dụ id = "{ $suggestion }"
