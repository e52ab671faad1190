#!/usr/bin/env bash
# Starts or stops one loopback sshd instance of the test services (key-only, one allowed user):
#   sshd-ctl.sh start gpu|jetson|chaos  writes its config and host key when missing, starts it, waits for the port
#   sshd-ctl.sh stop gpu|jetson|chaos   stops the listener and every connection it serves, as an outage would
# start.sh uses it, and so does the SSH chaos test, to take its door to the "GPU server" away and bring it back.
set -euo pipefail
. "$(dirname "$0")/common.sh"

action=${1:-}
inst=${2:-}
case $inst in gpu | jetson | chaos) ;; *) die "usage: sshd-ctl.sh start|stop gpu|jetson|chaos" ;; esac
port=$(instance_port "$inst")
user=$(instance_user "$inst")
conf=$D/ssh/sshd_$inst.conf

write_config() {
  install -d -m 700 "$D/ssh"
  install -d -m 755 /run/sshd # privilege separation dir; /run is a tmpfs, so it may be gone
  [ -s "$D/ssh/hostkey_$inst" ] || ssh-keygen -q -t ed25519 -N '' -C "ci-$inst-host" -f "$D/ssh/hostkey_$inst"
  cat >"$conf" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $D/ssh/hostkey_$inst
PidFile $D/ssh/sshd_$inst.pid
AllowUsers $user
PubkeyAuthentication yes
AuthorizedKeysFile .ssh/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
UsePAM no
StrictModes yes
X11Forwarding no
PrintMotd no
MaxSessions 64
MaxStartups 64:30:128
LogLevel INFO
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
  /usr/sbin/sshd -t -f "$conf"
}

# The sshd processes serving connections of this listener: its descendants (privileged monitor, then the
# unprivileged session process; "sshd-session" in OpenSSH 9.8 and later). Killing them closes the connections,
# and so any ControlMaster of a client.
connection_pids() {
  ps -e -o pid=,ppid=,comm= | awk -v root="$1" '
    { pid[NR] = $1; ppid[NR] = $2; comm[NR] = $3 }
    END {
      want[root] = 1
      do {
        added = 0
        for (i = 1; i <= NR; i++)
          if (want[ppid[i]] && !want[pid[i]] && comm[i] ~ /^sshd/) { want[pid[i]] = 1; added = 1; print pid[i] }
      } while (added)
    }'
}

case $action in
start)
  install -d -m 755 "$D" "$D/pids" "$D/log"
  if running "sshd_$inst" sshd; then
    log "sshd $inst already runs on 127.0.0.1:$port"
    exit 0
  fi
  write_config
  nohup /usr/sbin/sshd -D -f "$conf" -E "$D/log/sshd_$inst.log" >/dev/null 2>&1 </dev/null &
  echo $! >"$D/pids/sshd_$inst.pid"
  wait_until 100 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" || die "sshd $inst does not listen on $port"
  log "sshd $inst listens on 127.0.0.1:$port for $user"
  ;;
stop)
  pid=$(cat "$D/pids/sshd_$inst.pid" 2>/dev/null || true)
  if pid_is "$pid" sshd; then
    children=$(connection_pids "$pid")
    stop_pid_file "sshd_$inst" sshd
    for child in $children; do kill -TERM "$child" 2>/dev/null || true; done
    for child in $children; do
      for _ in $(seq 1 50); do [ -d "/proc/$child" ] && ! grep -q ') Z' "/proc/$child/stat" 2>/dev/null || break; sleep 0.1; done
    done
    log "sshd $inst stopped"
  else
    rm -f "$D/pids/sshd_$inst.pid"
  fi
  ;;
*) die "usage: sshd-ctl.sh start|stop gpu|jetson|chaos" ;;
esac
