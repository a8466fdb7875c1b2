#!/usr/bin/env bash
# Sourced by benches/relay.sh and scripts/faults.sh: a local icecast2 (as the relay tests start
# it) and an `ffmpeg -re` source of a 1 kHz tone. Needs $work (a scratch directory).
#   icecast_start                  the server → $port
#   source_start MOUNT CODEC-ARGS…  a source on MOUNT, once the mount answers → $src_pid
#   mp3_args, aac_args             the codec arguments of an MP3 128 kbit/s and an AAC 96 kbit/s source
icecast_start() {
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    owner=""; [ "$(id -u)" -eq 0 ] && owner="<changeowner><user>nobody</user><group>nogroup</group></changeowner>"
    mkdir -p "$work/ice" && chmod 777 "$work/ice"
    cat > "$work/ice.xml" <<EOF
<icecast><limits><clients>20</clients><sources>4</sources><source-timeout>5</source-timeout>
<burst-on-connect>1</burst-on-connect><burst-size>32768</burst-size></limits>
<authentication><source-password>bench</source-password><admin-password>bench</admin-password></authentication>
<hostname>127.0.0.1</hostname><listen-socket><port>$port</port><bind-address>127.0.0.1</bind-address></listen-socket>
<paths><basedir>$work/ice</basedir><logdir>$work/ice</logdir><webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>
<logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>1</loglevel></logging>
<security><chroot>0</chroot>$owner</security></icecast>
EOF
    icecast2 -c "$work/ice.xml" >/dev/null 2>&1 &
    for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
}

src_pid=""
source_start() { # MOUNT CODEC-ARGS… → $src_pid; waits until the mount answers
    local mount=$1; shift
    ffmpeg -hide_banner -loglevel error -re -f lavfi \
        -i "aevalsrc=0.5*sin(2*PI*1000*t)|0.5*sin(2*PI*1000*t):s=44100" "$@" \
        "icecast://source:bench@127.0.0.1:$port/$mount" </dev/null &
    src_pid=$!
    for _ in $(seq 1 200); do
        [ "$(curl -s -m 1 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/$mount")" = 200 ] && return 0
        sleep 0.05
    done
    echo "the source did not come up"; exit 1
}
mp3_args=(-c:a libmp3lame -b:a 128k -content_type audio/mpeg -f mp3)
aac_args=(-c:a aac -b:a 96k -content_type audio/aac -f adts)

