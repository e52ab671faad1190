# Shared settings and functions of the test-service scripts (sourced, not run). Every knob has a default and can be
# set in the environment: CI_SVC_DIR, CI_SSH, CI_SLURM, CI_SSH_GPU_PORT, CI_SSH_JETSON_PORT, CI_SSH_GPU_USER,
# CI_SSH_JETSON_USER, CI_SSH_CHAOS_PORT, CI_SLURM_CPUS, CI_SLURM_GPUS, CI_SLURM_PARTITION, CI_SLURM_LINK_ETC.

D=${CI_SVC_DIR:-/tmp/ci-services}
SL=$D/slurm
CI_SSH=${CI_SSH:-1}
CI_SLURM=${CI_SLURM:-1}
CI_SSH_GPU_PORT=${CI_SSH_GPU_PORT:-2222}
CI_SSH_JETSON_PORT=${CI_SSH_JETSON_PORT:-2223}
# A second door to the GPU user that the chaos test stops and starts, so suites running beside it keep theirs.
CI_SSH_CHAOS_PORT=${CI_SSH_CHAOS_PORT:-2224}
CI_SSH_GPU_USER=${CI_SSH_GPU_USER:-ci-gpu}
CI_SSH_JETSON_USER=${CI_SSH_JETSON_USER:-ci-jetson}
CI_SLURM_CPUS=${CI_SLURM_CPUS:-4}
CI_SLURM_GPUS=${CI_SLURM_GPUS:-2}
CI_SLURM_PARTITION=${CI_SLURM_PARTITION:-debug}
CI_SLURM_LINK_ETC=${CI_SLURM_LINK_ETC:-1}

log() { printf '[services] %s\n' "$*"; }
die() { printf '[services] error: %s\n' "$*" >&2; exit 1; }

SSHD_INSTANCES='gpu jetson chaos'
# The port and user of an sshd instance (gpu, jetson or chaos).
instance_port() {
  case $1 in gpu) echo "$CI_SSH_GPU_PORT" ;; jetson) echo "$CI_SSH_JETSON_PORT" ;; chaos) echo "$CI_SSH_CHAOS_PORT" ;; esac
}
instance_user() { if [ "$1" = jetson ]; then echo "$CI_SSH_JETSON_USER"; else echo "$CI_SSH_GPU_USER"; fi; }

# True when PID runs the program COMM. A zombie is dead (only unreaped), and the name guards against a PID that
# was reused by another program since the pid file was written.
pid_is() {
  local pid=$1 comm=$2 stat
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  case $stat in Z* | X*) return 1 ;; esac
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$comm" ]
}

# True when the service recorded in $D/pids/NAME.pid is alive as program COMM.
running() { pid_is "$(cat "$D/pids/$1.pid" 2>/dev/null)" "$2"; }

# Sends SIGTERM to a recorded service, then SIGKILL after 10 s (slurmd can ignore SIGTERM while it retries to
# register), and waits until it is gone.
stop_pid_file() {
  local name=$1 comm=$2 pid i
  pid=$(cat "$D/pids/$name.pid" 2>/dev/null) || return 0
  if pid_is "$pid" "$comm"; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do pid_is "$pid" "$comm" || break; sleep 0.1; done
    if pid_is "$pid" "$comm"; then
      log "$name ignored SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      for i in $(seq 1 50); do pid_is "$pid" "$comm" || break; sleep 0.1; done
    fi
  fi
  rm -f "$D/pids/$name.pid"
}

# Waits up to $1 tenths of a second for the command in the remaining arguments to succeed.
wait_until() {
  local tries=$1 i
  shift
  for i in $(seq 1 "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  "$@"
}
