## Cảnh báo theo ngày hôm nay và theo âm thanh.
lint-window-ended = bản tin "{ $id }": đã hết hạn phát ngày { $until }; sẽ không phát nữa
lint-never-plays = bản tin "{ $id }" sẽ không phát trong { $days } ngày tới: { $why ->
    [cron] không có ngày nào trong thời hạn khớp biểu thức cron
   *[days] không có ngày nào trong thời hạn khớp các thứ đã chọn
}
lint-emergency-no-pause = mẫu khẩn cấp "{ $id }" dài { $length } nhưng phát lại mỗi { $every }: sẽ phát liền không nghỉ
lint-and-more = … và còn { $n } bản tin khác { $kind ->
    [same-minute] trùng phút với bản tin khác (sẽ phát lần lượt, theo độ ưu tiên)
    [in-relay] rơi vào giờ tiếp âm mà không chen vào được (sẽ phát trễ hoặc bị bỏ)
   *[overlap] dài hơn khoảng cách đến bản tin sau (bản tin sau bị trễ hoặc bị bỏ)
}; `loa next --days 366` liệt kê mọi lần phát
lint-same-minute = "{ $first }" ({ $first_at }) và "{ $second }" ({ $second_at }) trùng phút ngày { $date }; { $outcome ->
    [skipped] "{ $first }" phát trước và "{ $second }" sẽ bị bỏ (trễ quá max_delay = { $max_delay })
   *[after] sẽ phát lần lượt, "{ $first }" trước
}
lint-overlap = "{ $id }" lúc { $at } ngày { $date } phát đến { $until }, quá { $next_at } là giờ của "{ $next }"; { $outcome ->
    [skipped] "{ $next }" sẽ bị bỏ (trễ quá max_delay = { $max_delay })
   *[late] "{ $next }" sẽ phát trễ
}
lint-overlap-help = rút ngắn "{ $id }", hoặc dời "{ $next }" muộn hơn
lint-in-relay = "{ $id }" lúc { $at } ngày { $date } rơi vào giờ tiếp âm "{ $relay }" ({ $from }–{ $until }) mà không chen vào được (mức ưu tiên { $priority } không cao hơn { $relay_priority } của tiếp âm); { $outcome ->
    [skipped] bản tin sẽ bị bỏ: tiếp âm kết thúc sau giờ của nó quá max_delay ({ $max_delay })
   *[late] bản tin sẽ phát trễ, lúc { $until }, khi hết tiếp âm
}
lint-in-relay-help = dời "{ $id }" ra ngoài { $from }–{ $until }, hoặc đặt priority = { $priority } (hoặc cao hơn) để chen vào tiếp âm
lint-into-quiet = "{ $id }" lúc { $at } phát đến { $until }, lấn vào giờ yên tĩnh ({ $quiet })
lint-into-quiet-help = cho phát sớm hơn hoặc rút ngắn; giờ yên tĩnh chỉ chặn việc bắt đầu phát, không cắt bản tin đang phát
lint-except-past = ngày nghỉ `except` { $date } đã qua
lint-except-past-help = hãy xoá ngày đó, hoặc có phải ý là ngày của năm sau?
lint-zone-utc = lịch không ghi múi giờ và máy này đang dùng UTC: giờ của đài bây giờ là { $now } UTC, mọi bản tin sẽ phát lệch nhiều giờ
lint-zone-utc-help = thêm timezone = "{ $zone }" vào [station]

## Tệp âm thanh.
audio-missing = không có tệp này
audio-folder = đây là thư mục, không phải tệp âm thanh
audio-not-regular = đây không phải tệp thông thường (một ống dẫn, thiết bị hay socket)
audio-unreadable = không đọc được: { $why }
audio-empty = tệp trống
audio-not-audio = không phải tệp âm thanh loa đọc được (MP3, Ogg Vorbis, Opus, FLAC, WAV, AAC/M4A)
audio-kind-unplayable = { $kind ->
    [other] loại bản ghi này không phát được
   *[known] bản ghi { $kind } không phát được
}
audio-convert-help = hãy chuyển đổi bằng: ffmpeg -i "{ $file }" "{ $stem }.mp3"
audio-no-track = tệp không có âm thanh
audio-bad-rate = tần số lấy mẫu { $rate } Hz nằm ngoài khoảng loa phát ({ $min } đến { $max } Hz); tệp bị hỏng hoặc lạ: hãy chuyển đổi, ví dụ `sox VÀO RA.wav rate 48k`
audio-bad-channels = tệp có { $n } kênh; loa phát từ 1 đến { $max } kênh
audio-damaged = tệp bị hỏng ở { $at }; hãy ghi hoặc chép lại
audio-dir-missing = không có thư mục âm thanh { $dir } (ghi `audio_dir` trong [station], tính từ thư mục chứa tệp lịch)
users-and-more = { $first } và { $n } mục khác
audio-file-problem = tệp âm thanh "{ $file }" (dùng cho { $who }): { $why } ({ $path })
audio-nearest = trong thư mục có "{ $names }": hãy ghi tên đúng như trong thư mục
tally = { $errors } lỗi, { $warnings } cảnh báo

## loa next
next-none = không có lần phát nào từ { $from } đến { $to } ({ $zone })
next-col-date = NGÀY
next-col-day = THỨ
next-col-time = GIỜ
next-col-id = MÃ
next-col-title = TÊN BẢN TIN
next-col-files = TỆP
next-col-length = DÀI
next-will-be-skipped = sẽ bị bỏ: bản tin trước vẫn phát quá max_delay ({ $max_delay })
next-held-by-relay = { $outcome ->
    [skipped] sẽ bị bỏ: trong giờ tiếp âm "{ $relay }" đến { $until }, quá max_delay
   *[late] phát trễ, lúc { $until }: trong giờ tiếp âm "{ $relay }", không chen vào được
}
next-count = { $n } lần phát{ $skipped ->
    [0] {""}
   *[other] , { $skipped } lần sẽ bị bỏ
} ({ $zone }, giờ địa phương)
next-audio-problems = { $n } tệp âm thanh có vấn đề: độ dài ghi "?"; chạy `loa check` để xem chi tiết
next-cannot-write = không ghi được lịch phát: { $why }

## loa check
check-ok = { $file }: lịch hợp lệ ({ $warnings ->
    [0] không có cảnh báo
   *[other] { $warnings } cảnh báo
})
check-station = đài
check-zone = múi giờ
check-zone-value = { $zone } (UTC{ $offset }{ $from_file ->
    [yes] {""}
   *[no] , theo múi giờ của máy
})
check-station-time = giờ của đài
check-output = đầu ra
check-output-value = { $output }, âm lượng { $volume }%
check-output-override = { $output } (theo --output hoặc LOA_OUTPUT; tệp lịch ghi "{ $written }"), âm lượng { $volume }%
check-quiet = giờ yên tĩnh
check-max-delay = trễ tối đa
check-max-delay-value = { $max_delay }, phát bù { $catch_up }
check-announcements = bản tin
check-announcements-value = { $n } ({ $enabled } đang bật)
check-presets = mẫu khẩn cấp
check-audio = âm thanh
check-audio-value = { $files } tệp, tổng { $length }, { $mb } MB
check-next-none = lần phát tới: không có trong { $days } ngày tới
check-next = các lần phát tới:
help-label = gợi ý

## Âm thanh phát ra sẽ không hay.
audio-silent = tệp âm thanh "{ $file }" (dùng cho { $who }) không có tiếng: sẽ không nghe thấy gì
audio-silent-help = hãy thu lại, và xem micrô đã bật chưa
audio-quiet = tệp âm thanh "{ $file }" (dùng cho { $who }) rất nhỏ ({ $lufs } LUFS): người nghe khó nghe rõ
audio-quiet-help = hãy thu gần micrô hơn, hoặc ghi loudness = -16 trong [station] để mọi tệp phát to đều nhau
audio-clipped = tệp âm thanh "{ $file }" (dùng cho { $who }) bị vỡ tiếng ở { $n } chỗ: nghe sẽ rè
audio-clipped-help = hãy thu lại với mức âm thấp hơn; giảm âm lượng bây giờ không hết rè
audio-long = tệp âm thanh "{ $file }" (dùng cho { $who }) dài { $length }: có đúng bản ghi không?
audio-long-help = buổi phát dài như vậy chiếm loa rất lâu; hãy cắt tệp chỉ còn phần cần phát
expect-number = một số từ { $min } đến { $max }
