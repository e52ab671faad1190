#!/usr/bin/env bash
# Starts the services the SSH and Slurm executor tests run against, on 127.0.0.1 of this machine (Debian 12,
# root, no systemd): key-only sshd instances for a "GPU server" user (2222, and 2224 for the chaos test to stop)
# and a "Jetson" user (2223), and a
# single-node Slurm (munged, slurmctld, slurmd) with two fake GPUs declared as GRES. Installs missing packages
# first. Idempotent: what already runs is left alone. Writes $CI_SVC_DIR/env.sh, which the tests read
# (test/helpers/remote-services.ts). Knobs: see common.sh. Stop with stop.sh [--purge].
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/common.sh"

[ "$(id -u)" = 0 ] || die "start.sh must run as root (it creates users and starts daemons)"
begin=$(date +%s%N)
install -d -m 755 "$D" "$D/pids" "$D/log"

# --- packages --------------------------------------------------------------------------------------------
need=()
if [ "$CI_SSH" = 1 ]; then [ -x /usr/sbin/sshd ] || need+=(openssh-server); fi
if [ "$CI_SLURM" = 1 ]; then
  [ -x /usr/sbin/munged ] || need+=(munge)
  [ -x /usr/sbin/slurmctld ] || need+=(slurmctld)
  [ -x /usr/sbin/slurmd ] || need+=(slurmd)
  command -v sbatch >/dev/null || need+=(slurm-client)
fi
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  # Without systemd every postinst would start the system's own daemons unless policy-rc.d says no.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# --- users and what they run -----------------------------------------------------------------------------
NODE=$(command -v node) || die "node is not on PATH"
make_user() {
  local user=$1 home
  id "$user" >/dev/null 2>&1 || useradd -m -s /bin/bash "$user"
  usermod -p '*' "$user" # "!" (locked) makes sshd refuse even a key when UsePAM is off
  home=$(getent passwd "$user" | cut -d: -f6)
  install -d -m 700 -o "$user" -g "$user" "$home/.ssh" "$home/bin"
}
# The repository as the test users see it: itself when they can read it, else a read-only bind mount (a CI
# clone under /root is out of their reach), else a copy.
remote_repo() {
  local user=$1
  if runuser -u "$user" -- test -r "$REPO/bin/taobot.js" -a -r "$REPO/node_modules/tsx/package.json"; then
    echo "$REPO"
    return
  fi
  if mountpoint -q "$D/repo"; then umount "$D/repo"; fi
  install -d -m 755 "$D/repo"
  if mount --bind "$REPO" "$D/repo" 2>/dev/null && mount -o remount,bind,ro "$D/repo" 2>/dev/null; then
    echo "$D/repo"
    return
  fi
  if mountpoint -q "$D/repo"; then umount "$D/repo"; fi
  tar -C "$REPO" --exclude=./.git -cf - . | tar -C "$D/repo" -xf -
  chmod -R o+rX "$D/repo"
  echo "$D/repo"
}
# A program in the user's ~/bin that runs taobot's simulator: the tests configure it as the server's `tao`
# (or the device's trtexec), as a real deployment names NVIDIA's launcher there.
install_tool() {
  local user=$1 name=$2 words=$3 home
  home=$(getent passwd "$user" | cut -d: -f6)
  printf '#!/bin/sh\n# taobot test services: the TAO simulator stands in for %s\nexec %s %s/bin/taobot.js %s "$@"\n' \
    "$name" "$NODE" "$REMOTE_REPO" "$words" >"$home/bin/$name"
  chown "$user:$user" "$home/bin/$name"
  chmod 755 "$home/bin/$name"
}

if [ "$CI_SSH" = 1 ] || [ "$CI_SLURM" = 1 ]; then
  make_user "$CI_SSH_GPU_USER"
  make_user "$CI_SSH_JETSON_USER"
  REMOTE_REPO=$(remote_repo "$CI_SSH_GPU_USER")
  runuser -u "$CI_SSH_GPU_USER" -- test -x "$NODE" || die "$NODE cannot be run by $CI_SSH_GPU_USER"
  install_tool "$CI_SSH_GPU_USER" tao tao-sim
  install_tool "$CI_SSH_JETSON_USER" trtexec 'tao-sim trtexec'
  install_tool "$CI_SSH_JETSON_USER" tao-converter 'tao-sim tao-converter'
  log "test users see the repository at $REMOTE_REPO"
fi

# --- munge and Slurm -------------------------------------------------------------------------------------
# The node accepts jobs (jobs left from an earlier start may keep it busy).
node_ready() { case $(sinfo -h -n localhost -o %T) in idle | mixed | allocated | completing) ;; *) false ;; esac; }
start_slurm() {
  [ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key
  chown munge:munge /etc/munge/munge.key
  chmod 400 /etc/munge/munge.key
  install -d -m 755 -o munge -g munge /run/munge /var/lib/munge /var/log/munge
  if ! running munged munged; then
    nohup setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --foreground \
      --log-file="$D/log/munged.log" >"$D/log/munged.out" 2>&1 </dev/null &
    echo $! >"$D/pids/munged.pid"
  fi
  wait_until 50 sh -c 'munge -n | unmunge' || die "munged does not answer"

  install -d -m 755 "$SL" "$SL/spool-slurmd" "$SL/fakegpu" # 0755: slurm must traverse it
  install -d -m 755 -o slurm -g slurm "$SL/state-slurmctld"
  local i
  for i in $(seq 0 $((CI_SLURM_GPUS - 1))); do
    [ -c "$SL/fakegpu/nvidia$i" ] || mknod -m 666 "$SL/fakegpu/nvidia$i" c 1 3 # a GPU must be a char device
  done
  # Root-owned and world-writable: slurmctld (as slurm) appends to it and `sacct -c` opens it for writing.
  [ -e "$SL/jobcomp.log" ] || : >"$SL/jobcomp.log"
  chown root:root "$SL/jobcomp.log"
  chmod 666 "$SL/jobcomp.log"
  [ -e "$D/log/slurmctld.log" ] || install -m 644 -o slurm -g slurm /dev/null "$D/log/slurmctld.log"
  cat >"$SL/slurm.conf" <<EOF
ClusterName=ci
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$SL/jobcomp.log
MinJobAge=3600
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=5,bf_interval=5,batch_sched_delay=0,sched_min_interval=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
ReturnToService=2
KillWait=5
InactiveLimit=0
StateSaveLocation=$SL/state-slurmctld
SlurmdSpoolDir=$SL/spool-slurmd
SlurmctldPidFile=$SL/slurmctld.pid
SlurmdPidFile=$SL/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
GresTypes=gpu
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$CI_SLURM_CPUS RealMemory=1000 Gres=gpu:$CI_SLURM_GPUS State=UNKNOWN
PartitionName=$CI_SLURM_PARTITION Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  echo "Name=gpu File=$SL/fakegpu/nvidia[0-$((CI_SLURM_GPUS - 1))]" >"$SL/gres.conf"
  if [ "$CI_SLURM_LINK_ETC" = 1 ]; then
    # Clients, and jobs submitted over ssh, then need no SLURM_CONF.
    install -d -m 755 /etc/slurm
    ln -sfn "$SL/slurm.conf" /etc/slurm/slurm.conf
    ln -sfn "$SL/gres.conf" /etc/slurm/gres.conf
  fi
  export SLURM_CONF=$SL/slurm.conf
  if ! running slurmctld slurmctld; then
    nohup /usr/sbin/slurmctld -D -f "$SL/slurm.conf" >"$D/log/slurmctld.out" 2>&1 </dev/null &
    echo $! >"$D/pids/slurmctld.pid"
  fi
  wait_until 100 sh -c 'timeout 5 scontrol ping | grep -q "is UP"' || die "slurmctld does not answer"
  # slurmd only after slurmctld answers: a slurmd that failed to register retries for minutes.
  if ! running slurmd slurmd; then
    nohup /usr/sbin/slurmd -D -f "$SL/slurm.conf" -N localhost >"$D/log/slurmd.out" 2>&1 </dev/null &
    echo $! >"$D/pids/slurmd.pid"
  fi
  if ! wait_until 50 node_ready; then
    # A drain reason from an earlier configuration is kept in the saved state.
    scontrol update nodename=localhost state=resume || true
    wait_until 100 node_ready || die "the Slurm node is not ready: $(sinfo -h -n localhost -o '%T %E')"
  fi
  log "Slurm is up: partition $CI_SLURM_PARTITION, node localhost with gpu:$CI_SLURM_GPUS"
}
if [ "$CI_SLURM" = 1 ]; then start_slurm; fi

# --- sshd x2 ---------------------------------------------------------------------------------------------
start_ssh() {
  install -d -m 700 "$D/ssh"
  [ -s "$D/ssh/client_key" ] || ssh-keygen -q -t ed25519 -N '' -C ci-test-client -f "$D/ssh/client_key"
  : >"$D/ssh/known_hosts.new"
  : >"$D/ssh/ssh_config.new"
  local inst user port home
  for inst in $SSHD_INSTANCES; do
    user=$(instance_user "$inst")
    port=$(instance_port "$inst")
    home=$(getent passwd "$user" | cut -d: -f6)
    install -m 600 -o "$user" -g "$user" "$D/ssh/client_key.pub" "$home/.ssh/authorized_keys"
    "$HERE/sshd-ctl.sh" start "$inst"
    echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$D/ssh/hostkey_$inst.pub")" >>"$D/ssh/known_hosts.new"
    cat >>"$D/ssh/ssh_config.new" <<EOF
Host ci-$inst
  HostName 127.0.0.1
  Port $port
  User $user
  IdentityFile $D/ssh/client_key
  IdentitiesOnly yes
  UserKnownHostsFile $D/ssh/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
EOF
  done
  mv -f "$D/ssh/known_hosts.new" "$D/ssh/known_hosts"
  mv -f "$D/ssh/ssh_config.new" "$D/ssh/ssh_config"
  chmod 600 "$D/ssh/ssh_config"
  for inst in $SSHD_INSTANCES; do
    [ "$(ssh -F "$D/ssh/ssh_config" "ci-$inst" 'echo ok')" = ok ] || die "ssh to ci-$inst fails"
  done
}
if [ "$CI_SSH" = 1 ]; then start_ssh; fi

# --- what the tests read ---------------------------------------------------------------------------------
{
  echo "# Written by .ci/services/start.sh; read by the tests (test/helpers/remote-services.ts)."
  echo "export CI_SVC_DIR='$D'"
  echo "export CI_SERVICES_CTL='$HERE'"
  echo "export CI_SSH='$CI_SSH'"
  echo "export CI_SLURM='$CI_SLURM'"
  if [ "$CI_SSH" = 1 ] || [ "$CI_SLURM" = 1 ]; then
    echo "export CI_REMOTE_REPO='$REMOTE_REPO'"
    echo "export CI_REMOTE_NODE='$NODE'"
    echo "export CI_TAO_GPU='$(getent passwd "$CI_SSH_GPU_USER" | cut -d: -f6)/bin/tao'"
    echo "export CI_TRTEXEC_JETSON='$(getent passwd "$CI_SSH_JETSON_USER" | cut -d: -f6)/bin/trtexec'"
  fi
  if [ "$CI_SSH" = 1 ]; then
    echo "export CI_SSH_HOST='127.0.0.1'"
    echo "export CI_SSH_KEY='$D/ssh/client_key'"
    echo "export CI_SSH_KNOWN_HOSTS='$D/ssh/known_hosts'"
    echo "export CI_SSH_CONFIG='$D/ssh/ssh_config'"
    echo "export CI_SSH_GPU_PORT='$CI_SSH_GPU_PORT'"
    echo "export CI_SSH_GPU_USER='$CI_SSH_GPU_USER'"
    echo "export CI_SSH_JETSON_PORT='$CI_SSH_JETSON_PORT'"
    echo "export CI_SSH_JETSON_USER='$CI_SSH_JETSON_USER'"
    echo "export CI_SSH_CHAOS_PORT='$CI_SSH_CHAOS_PORT'"
  fi
  if [ "$CI_SLURM" = 1 ]; then
    echo "export SLURM_CONF='$SL/slurm.conf'"
    echo "export CI_SLURM_PARTITION='$CI_SLURM_PARTITION'"
    echo "export CI_SLURM_GPUS='$CI_SLURM_GPUS'"
  fi
} >"$D/env.sh.new"
mv -f "$D/env.sh.new" "$D/env.sh"
log "ready in $((($(date +%s%N) - begin) / 1000000)) ms; connection details in $D/env.sh"
