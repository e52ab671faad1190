#!/usr/bin/env bash
# Stops the test services start.sh started: cancels Slurm jobs, ends what the test users left running, then stops
# each recorded daemon by its own PID. --purge also deletes the state folder (and unmounts the repository view).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"

purge=0
[ "${1:-}" = --purge ] && purge=1
[ -d "$D" ] || exit 0

# Jobs first: slurmstepd and job processes outlive slurmd.
if running slurmctld slurmctld && command -v squeue >/dev/null; then
  export SLURM_CONF=$SL/slurm.conf
  jobs=$(squeue -h -o %i 2>/dev/null || true)
  if [ -n "$jobs" ]; then
    # shellcheck disable=SC2086 # one job id per word
    scancel $jobs 2>/dev/null || true
    wait_until 150 sh -c '[ -z "$(squeue -h -o %i)" ]' || log "Slurm jobs still listed: $(squeue -h -o '%i %T')"
  fi
fi

# What the test users left (detached runs, their sessions): each process by its PID, TERM then KILL.
for user in "$CI_SSH_GPU_USER" "$CI_SSH_JETSON_USER"; do
  id "$user" >/dev/null 2>&1 || continue
  pids=$(ps -u "$user" -o pid= 2>/dev/null || true)
  [ -n "$pids" ] || continue
  for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 30); do [ -n "$(ps -u "$user" -o pid= -o stat= | awk '$2 !~ /^Z/')" ] || break; sleep 0.1; done
  for pid in $(ps -u "$user" -o pid= 2>/dev/null || true); do kill -KILL "$pid" 2>/dev/null || true; done
done

for inst in $SSHD_INSTANCES; do "$HERE/sshd-ctl.sh" stop "$inst"; done
stop_pid_file slurmd slurmd
stop_pid_file slurmctld slurmctld
stop_pid_file munged munged
for link in /etc/slurm/slurm.conf /etc/slurm/gres.conf; do
  if [ -L "$link" ] && [ "$(readlink "$link")" = "$SL/$(basename "$link")" ]; then rm -f "$link"; fi
done
log "services stopped"

if [ "$purge" = 1 ]; then
  # The repository may be bind-mounted inside: unmount it before deleting anything, and never cross into it.
  if mountpoint -q "$D/repo"; then umount "$D/repo"; fi
  mountpoint -q "$D/repo" && die "$D/repo is still mounted; not deleting $D"
  rm -rf --one-file-system "$D"
  log "removed $D"
fi
