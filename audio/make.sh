#!/usr/bin/env bash
# Re-creates the example programme's recordings from text, reproducibly.
# Needs: espeak-ng (Vietnamese voice "vi"), sox, lame, vorbis-tools (oggenc).
#   sudo apt-get install espeak-ng sox lame vorbis-tools
# Usage: audio/make.sh   (writes into the folder this script is in)
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# speak NAME TEXT: Vietnamese speech, trimmed, levelled to -3 dBFS, with a short lead-in and tail.
speak() {
    espeak-ng -v vi -s 150 -p 45 -w "$tmp/$1.raw.wav" "$2"
    sox "$tmp/$1.raw.wav" "$tmp/$1.wav" silence 1 0.05 0.5% reverse silence 1 0.05 0.5% reverse \
        norm -3 pad 0.3 0.6
}
mp3() { lame --quiet -m m -b 48 --resample 22.05 "$tmp/$1.wav" "$1.mp3"; }
ogg() { oggenc --quiet -q 1 -o "$1.ogg" "$tmp/$1.wav"; }

speak ban-tin-sang "Đài truyền thanh xã Phương Hải. Bản tin buổi sáng. Kính chào toàn thể bà con. Hôm nay trời nắng nhẹ, nhiệt độ từ hai mươi hai đến hai mươi tám độ. Ủy ban nhân dân xã thông báo: lịch tiêm chủng cho trẻ em vào sáng thứ năm tại trạm y tế xã."
mp3 ban-tin-sang
speak ban-tin-chieu "Đài truyền thanh xã Phương Hải. Bản tin buổi chiều. Đề nghị bà con kiểm tra nhà cửa, chuồng trại trước mùa mưa bão, và giữ gìn vệ sinh đường làng ngõ xóm."
mp3 ban-tin-chieu
speak cchc-01 "Cải cách hành chính: bà con có thể nộp hồ sơ trực tuyến trên cổng dịch vụ công quốc gia, không cần đến trụ sở."
ogg cchc-01
speak cchc-02 "Cải cách hành chính: bộ phận một cửa của xã làm việc từ thứ hai đến sáng thứ bảy, từ bảy giờ sáng."
ogg cchc-02
speak cchc-03 "Cải cách hành chính: mọi ý kiến góp ý về thủ tục hành chính xin gửi về hòm thư góp ý tại trụ sở ủy ban."
ogg cchc-03
speak ve-sinh-moi-truong "Hưởng ứng ngày chủ nhật xanh, mời bà con cùng dọn dẹp vệ sinh đường làng, khơi thông cống rãnh."
ogg ve-sinh-moi-truong
speak canh-bao-bao "Thông báo khẩn cấp. Bão đang tiến vào đất liền. Đề nghị bà con ở trong nhà, chằng chống nhà cửa, không ra biển, không đi qua ngầm tràn. Thực hiện sơ tán theo hướng dẫn của ban chỉ huy phòng chống thiên tai xã."
mp3 canh-bao-bao

# chime: three soft bell tones, E5 C5 G4, each decaying, 2.4 s in all.
for n in 0 1 2; do
    f=$(echo "659.25 523.25 392.00" | cut -d' ' -f$((n + 1)))
    sox -n -r 48000 -c 1 -b 16 "$tmp/tone$n.wav" synth 0.8 sine "$f" fade q 0.01 0.8 0.75 vol 0.5
done
sox "$tmp/tone0.wav" "$tmp/tone1.wav" "$tmp/tone2.wav" -b 16 "$tmp/chime.wav" norm -6 pad 0 0.2
oggenc --quiet -q 2 -o chime.ogg "$tmp/chime.wav"

# siren: a tone sweeping 600-1200 Hz and back, four times, 4 s.
sox -n -r 48000 -c 1 "$tmp/siren.wav" synth 0.5 sine 600:1200 : synth 0.5 sine 1200:600 \
    : synth 0.5 sine 600:1200 : synth 0.5 sine 1200:600 : synth 0.5 sine 600:1200 \
    : synth 0.5 sine 1200:600 : synth 0.5 sine 600:1200 : synth 0.5 sine 1200:600
sox "$tmp/siren.wav" -b 16 "$tmp/siren2.wav" fade q 0.02 -0 0.05 norm -4
oggenc --quiet -q 2 -o siren.ogg "$tmp/siren2.wav"

ls -l ./*.mp3 ./*.ogg
