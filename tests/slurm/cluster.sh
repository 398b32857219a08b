# shellcheck shell=bash
# Throwaway single-node Slurm cluster for tests (Debian 12, Slurm 22.05, run as root).
#
#   source tests/slurm/cluster.sh
#   d=$(mktemp -d); trap 'slurm_cluster_stop "$d"' EXIT
#   slurm_cluster_start "$d"      # exports SLURM_CONF=$d/slurm.conf; node "localhost" is idle on return
#   sbatch ...; squeue ...
#   slurm_cluster_stop "$d"       # idempotent
#
# Everything lives under DIR: slurm.conf, munge key/socket, state, spool, logs (DIR/log), and
# DIR/pids ("PID NAME STARTTIME" per daemon started). /etc/slurm and /etc/munge are never touched.
# The daemons run in the foreground (-D/-F) as disowned children of the calling shell, so a plain
# `wait` in the caller does not wait for them and the caller's shell reaps them when they exit.
# Ports: SLURM_CLUSTER_CTLD_PORT / SLURM_CLUSTER_SLURMD_PORT, else the first free pair from 6817 up.
# Safe under `set -euo pipefail`; functions return non-zero on failure.

_slurm_cluster_msg() { printf 'slurm_cluster: %s\n' "$*" >&2; }

# Install the Debian packages that are missing; apt-get update only when the install fails without it.
_slurm_cluster_install() {
    local p missing=()
    for p in slurmctld slurmd slurm-client munge; do
        if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -qx 'install ok installed'; then
            missing+=("$p")
        fi
    done
    ((${#missing[@]} > 0)) || return 0
    _slurm_cluster_msg "installing ${missing[*]}"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; then
        apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
            { _slurm_cluster_msg "apt-get install ${missing[*]} failed"; return 1; }
    fi
}

# "STATE STARTTIME" of a pid from /proc/PID/stat (comm may hold spaces, so cut after the last ')').
_slurm_cluster_procstat() {
    local s f
    s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    s=${s##*) }
    IFS=' ' read -r -a f <<<"$s"
    printf '%s %s\n' "${f[0]:-?}" "${f[19]:-0}"
}

# True if PID is still the process we started (same start time) and not a zombie.
_slurm_cluster_alive() {
    local st
    st=$(_slurm_cluster_procstat "$1") || return 1
    [[ ${st#* } == "$2" && ${st%% *} != Z ]]
}

# Nothing accepts connections on 127.0.0.1:PORT.
_slurm_cluster_port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Start "$@" in the background with output to DIR/log/NAME.out; record "PID NAME STARTTIME" in DIR/pids.
# Inherited descriptors above 2 are closed first: a daemon holding the caller's pipe open would make
# `script | tee` or a CI runner wait for it forever.
_slurm_cluster_spawn() {
    local dir=$1 name=$2 pid st
    shift 2
    (
        for fd in /proc/self/fd/*; do
            fd=${fd##*/}
            if [[ $fd =~ ^[0-9]+$ ]] && ((fd > 2)); then eval "exec $fd>&-"; fi
        done
        exec "$@"
    ) </dev/null >>"$dir/log/$name.out" 2>&1 &
    pid=$!
    disown "$pid" 2>/dev/null || true
    st=$(_slurm_cluster_procstat "$pid") || st="? 0" # already gone: recorded as dead
    printf '%s %s %s\n' "$pid" "$name" "${st#* }" >>"$dir/pids"
}

# Tail of each daemon's log (NAME.log, or its stderr NAME.out when there is no log file), for failures.
_slurm_cluster_logs() {
    local name f
    for name in munged slurmctld slurmd; do
        f=$1/log/$name.log
        [[ -s $f ]] || f=$1/log/$name.out
        [[ -s $f ]] || continue
        printf '==> %s <==\n' "$f" >&2
        tail -n 25 "$f" >&2
    done
}

# Fail with the daemon logs, after stopping whatever was started.
_slurm_cluster_fail() {
    _slurm_cluster_msg "$2"
    _slurm_cluster_logs "$1"
    slurm_cluster_stop "$1"
    return 1
}

# True while every daemon recorded in DIR/pids is alive; names the dead one otherwise.
_slurm_cluster_all_alive() {
    local pid name start
    while IFS=' ' read -r pid name start; do
        if ! _slurm_cluster_alive "$pid" "$start"; then
            _slurm_cluster_msg "$name (pid $pid) exited"
            return 1
        fi
    done <"$1/pids"
}

slurm_cluster_start() {
    local dir=${1:?usage: slurm_cluster_start DIR}
    dir=$(cd -P -- "$dir" >/dev/null && pwd -P) || return 1
    if [[ -s $dir/pids ]]; then
        _slurm_cluster_msg "$dir/pids exists: a cluster was already started in $dir"
        return 1
    fi
    if ((EUID != 0)); then
        _slurm_cluster_msg "must run as root (the daemons run as root)"
        return 1
    fi
    _slurm_cluster_install || return 1

    local sock=$dir/munge/munge.socket
    if ((${#sock} > 100)); then
        _slurm_cluster_msg "path too long for a unix socket: $sock"
        return 1
    fi
    mkdir -p "$dir"/{munge,state,spool,log,run} || return 1
    chmod 0700 "$dir/munge" "$dir/state" "$dir/spool" || return 1
    : >|"$dir/pids"

    # Ports: explicit, or the first free pair from 6817 (another cluster may hold the defaults).
    local ctld_port=${SLURM_CLUSTER_CTLD_PORT:-} slurmd_port=${SLURM_CLUSTER_SLURMD_PORT:-} p
    if [[ -z $ctld_port || -z $slurmd_port ]]; then
        for ((p = 6817; p < 6917; p += 2)); do
            if _slurm_cluster_port_free "$p" && _slurm_cluster_port_free "$((p + 1))"; then
                ctld_port=$p slurmd_port=$((p + 1))
                break
            fi
        done
        if [[ -z $ctld_port ]]; then
            _slurm_cluster_msg "no free port pair in 6817-6916"
            return 1
        fi
    fi

    local ncpu mem_kb mem_mb
    ncpu=$(nproc) || return 1
    mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo) || return 1
    mem_mb=$((mem_kb / 1024 * 95 / 100)) # a bit below MemTotal, else slurmd drains the node

    # Own munge key: munged running as root insists on a root-owned key, and /etc/munge/munge.key
    # belongs to the munge user. A fresh key per cluster is fine for a single node.
    if [[ ! -s $dir/munge/munge.key ]]; then
        dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none || return 1
    fi
    chmod 0400 "$dir/munge/munge.key" || return 1

    cat >|"$dir/slurm.conf" <<EOF
# Generated by tests/slurm/cluster.sh: throwaway single-node test cluster.
ClusterName=zifphase-test
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
PlugStackConfig=$dir/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SwitchType=switch/none
MpiDefault=none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MailProg=/bin/true
ReturnToService=2
# Finished jobs (and array tasks) stay visible to scontrol/squeue for an hour.
MinJobAge=3600
SlurmctldTimeout=30
SlurmdTimeout=30
MessageTimeout=10
InactiveLimit=0
KillWait=5
Waittime=0
# Schedule on the next background pass (~1 s) after a submit or job end; the default
# batch_sched_delay=3 makes each wave of array tasks wait up to 3 s.
SchedulerParameters=batch_sched_delay=0
# No DependencyParameters=kill_invalid_depend: a job whose afterok can never be met stays
# PENDING with Reason=DependencyNeverSatisfied until someone cancels it.
SlurmdParameters=config_overrides
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$ncpu RealMemory=$mem_mb State=UNKNOWN
PartitionName=main Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
    : >|"$dir/plugstack.conf" # keep /etc/slurm/plugstack.conf (system SPANK plugins) out
    export SLURM_CONF=$dir/slurm.conf

    # munged: -f because munged refuses a socket under a directory that is not world-executable
    # (mktemp -d gives 0700); only root uses this socket, so that check does not matter here.
    _slurm_cluster_spawn "$dir" munged munged -F -f --socket="$sock" \
        --key-file="$dir/munge/munge.key" --pid-file="$dir/run/munged.pid" \
        --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed"
    local i
    for ((i = 0; ; i++)); do
        if [[ -S $sock ]] && munge -n --socket="$sock" 2>/dev/null |
            unmunge --socket="$sock" >/dev/null 2>&1; then
            break
        fi
        if ((i >= 100)) || ! _slurm_cluster_all_alive "$dir"; then
            _slurm_cluster_fail "$dir" "munged did not answer on $sock within 10 s"
            return 1
        fi
        sleep 0.1
    done

    # -c: start from clean state (no jobs/nodes/partitions from any earlier run); -i: ignore state errors.
    _slurm_cluster_spawn "$dir" slurmctld slurmctld -D -c -i -f "$dir/slurm.conf"
    _slurm_cluster_spawn "$dir" slurmd slurmd -D -c -N localhost -f "$dir/slurm.conf"

    local state="" deadline=$((SECONDS + 60))
    while :; do
        state=$(timeout 5 sinfo -h -N -o %t 2>/dev/null) || state=""
        [[ $state == idle ]] && break
        if ! _slurm_cluster_all_alive "$dir"; then
            _slurm_cluster_fail "$dir" "a daemon exited during startup"
            return 1
        fi
        if ((SECONDS >= deadline)); then
            _slurm_cluster_fail "$dir" "node not idle after 60 s (sinfo -N state: '${state:-none}')"
            return 1
        fi
        sleep 0.25
    done
}

slurm_cluster_stop() {
    local dir=${1:?usage: slurm_cluster_stop DIR}
    [[ -f $dir/pids ]] || return 0
    local pid name start ctld_pid="" ctld_start=""
    local -a pids=() names=() starts=()
    while IFS=' ' read -r pid name start; do
        [[ -n $pid ]] || continue
        pids+=("$pid") names+=("$name") starts+=("$start")
        if [[ $name == slurmctld ]]; then ctld_pid=$pid ctld_start=$start; fi
    done <"$dir/pids"

    # Cancel leftover jobs first: slurmstepd and job processes are not ours to kill and would
    # otherwise outlive slurmd.
    if [[ -n $ctld_pid ]] && _slurm_cluster_alive "$ctld_pid" "$ctld_start"; then
        local ids i
        ids=$(SLURM_CONF=$dir/slurm.conf timeout 5 squeue -h -o %A 2>/dev/null) || ids="" # active jobs only
        if [[ -n $ids ]]; then
            # shellcheck disable=SC2086
            SLURM_CONF=$dir/slurm.conf timeout 5 scancel $ids >/dev/null 2>&1 || true
            for ((i = 0; i < 40; i++)); do
                ids=$(SLURM_CONF=$dir/slurm.conf timeout 5 squeue -h -o %A 2>/dev/null) || ids=""
                [[ -z $ids ]] && break
                sleep 0.25
            done
        fi
    fi

    # TERM in reverse start order (slurmd, slurmctld, munged), KILL after ~10 s.
    local k j
    for ((k = ${#pids[@]} - 1; k >= 0; k--)); do
        pid=${pids[k]} start=${starts[k]}
        _slurm_cluster_alive "$pid" "$start" || continue
        kill -TERM "$pid" 2>/dev/null || true
        for ((j = 0; j < 100; j++)); do
            _slurm_cluster_alive "$pid" "$start" || break
            sleep 0.1
        done
        if _slurm_cluster_alive "$pid" "$start"; then
            _slurm_cluster_msg "${names[k]} (pid $pid) ignored SIGTERM; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    mv -f "$dir/pids" "$dir/pids.stopped" 2>/dev/null || true
    return 0
}
