#!/usr/bin/env bash
# Sourced by benches/fleet.sh and scripts/soak.sh: Debian's mosquitto over TLS, as docs/fleet.md
# sets it up — a CA made here with openssl, a password file, the docs' ACL. Needs $work (a
# scratch directory) and $loa (the binary).
#   broker_setup                  the CA and server certificate ($work/ca.pem), the province's
#                                 key ($work/tinh.key, .pub; $trusted), the passwords
#                                 (province tinh-secret in $work/tinh.pw, nodes $work/node.pw)
#   start_broker NAME NODES-FILE  a broker whose ACL admits those nodes → $port, $broker_pid
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

broker_setup() {
    (
        cd "$work"
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=loa bench CA" \
            -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null
        printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > ext.cnf
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile ext.cnf 2>/dev/null
        chmod 644 ./*
    )
    "$loa" fleet keygen --out "$work/tinh" >/dev/null
    trusted=$(cat "$work/tinh.pub")
    echo tinh-secret > "$work/tinh.pw"
    echo pw-node > "$work/node.pw"
    echo sim-secret > "$work/sim.pw"
}

broker_pid=""
start_broker() { # NAME NODES-FILE → $port, $broker_pid: the docs' ACL for those nodes
    local d=$work/$1 n p s k
    mkdir -p "$d"
    {
        echo "tinh:tinh-secret"
        echo "peer:peer-secret"
        echo "sim:sim-secret"
        sed 's/$/:pw-node/' "$2"
    } > "$d/passwd"
    mosquitto_passwd -U "$d/passwd"
    {
        printf 'user tinh\ntopic write loa/v1/bulletin/#\ntopic write loa/v1/schedule/#\n'
        printf 'topic read loa/v1/status/#\ntopic read loa/v1/history/#\ntopic read loa/v1/ack/#\n'
        printf '\nuser peer\ntopic read loa/v1/bulletin/#\n'
        # (benches only: the simulated nodes' statuses, from one connection)
        printf '\nuser sim\ntopic write loa/v1/status/#\n'
        # docs/fleet.md, "The ACL"
        while read -r n; do
            printf '\nuser %s\n' "$n"
            for k in status history ack; do printf 'topic write loa/v1/%s/%s\n' "$k" "$n"; done
            printf 'topic read loa/v1/schedule/%s\n' "$n"
            p=""; IFS=/; for s in $n; do p="${p:+$p/}$s"; printf 'topic read loa/v1/bulletin/%s\n' "$p"; done; unset IFS
        done < "$2"
    } > "$d/acl"
    port=$(free_port)
    local user=""; [ "$(id -u)" -eq 0 ] && user="user root"
    cat > "$d/mosquitto.conf" <<EOF
$user
per_listener_settings false
allow_anonymous false
password_file $d/passwd
acl_file $d/acl
persistence false
max_queued_messages 0
message_size_limit 1048576
max_keepalive 65535
log_dest stderr
log_type error
log_type warning
listener $port 127.0.0.1
cafile $work/ca.pem
certfile $work/server.pem
keyfile $work/server.key
EOF
    chmod 644 "$d"/*
    mosquitto -c "$d/mosquitto.conf" 2> "$d/log" &
    broker_pid=$!
    for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && return 0; sleep 0.1; done
    echo "mosquitto did not start:"; cat "$d/log"; exit 1
}

