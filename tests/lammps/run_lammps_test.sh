#!/usr/bin/env bash
# LAMMPS in the loop: Debian's `lmp` replays a shipped transition run (rerun, triclinic box) and writes every
# snapshot into a named pipe that `zifphase classify MODEL live.lammpstrj --follow` reads, with the dump lines of
# tests/lammps/follow.lmp (README "Classify while LAMMPS runs") and of follow-types.lmp (type column, --types).
# Checks that every frame LAMMPS wrote is classified, that the labelled trajectory and fractions CSV equal byte
# for byte a plain classify of the normal dump LAMMPS wrote in the same run, that classify stops by itself when
# LAMMPS closes the pipe, and that SIGKILLing LAMMPS in the middle of a frame leaves every complete frame and one
# warning line (exit code 0). Needs `lmp` (apt-get install lammps).
#   ZIFPHASE="dotnet src/ZifPhase.Cli/bin/Release/net10.0/zifphase.dll" tests/lammps/run_lammps_test.sh
# Prints "lammps: P passed, F failed" last.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/zifphase_cmd.sh
. tests/zifphase_cmd.sh

passed=0
failed=0
ok() { echo "lammps: ok: $*"; passed=$((passed + 1)); }
bad() { echo "lammps: FAIL: $*"; failed=$((failed + 1)); }
same() { if cmp "$1" "$2"; then ok "$3"; else bad "$3"; fi; }

if ! command -v lmp >/dev/null 2>&1; then
    bad "lmp (Debian's lammps package) is not on PATH"
    echo "lammps: $passed passed, $failed failed"
    exit 1
fi
lmp -h | sed -n '2,3p'

work=$(mktemp -d /tmp/ziflammps.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
traj=$repo/data/md/transition__ZIF-4-to-dense_NPT300K_105MPa_s4201.lammpstrj.gz
frames_in=$(zcat "$traj" | grep -c '^ITEM: TIMESTEP')

# A BPSF model from the shipped MD (as the Slurm test), and the system LAMMPS replays: frame 0 as a data file.
cd "$work"
z dataset build "$repo/data/manifests/train-bpsf.toml" -o train.h5 >/dev/null
z train train.h5 --preset paper-bpsf --epochs 30 -o model.json >/dev/null
awk -f "$repo/tests/lammps/dump2data.awk" <(zcat "$traj") >zif.data

lines() { if [[ -f $1 ]]; then wc -l <"$1"; else echo 0; fi; }

# waits (at most $2 s) for process $1 to end; its exit code in $waited, or 124 if it had to be killed
wait_bounded() {
    local pid=$1 limit=$2 t=0
    while kill -0 "$pid" 2>/dev/null && ((t < limit * 10)); do sleep 0.1; t=$((t + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        waited=124
    else
        waited=0
        wait "$pid" || waited=$?
    fi
}

# One LAMMPS run into the pipe: $1 = folder, $2 = dump lines (follow.lmp or follow-types.lmp), then classify's
# extra arguments. The reader starts first (LAMMPS would wait for it at its first dump anyway).
follow_run() {
    local dir=$1 dumps=$2
    shift 2
    mkdir "$dir"
    (
        cd "$dir"
        mkfifo live.lammpstrj
        z classify ../model.json live.lammpstrj --follow --idle-timeout 600 -o labelled.extxyz --fractions fractions.csv "$@" \
            >classify.out 2>classify.err &
        reader=$!
        rc=0
        lmp -in "$repo/tests/lammps/in.rerun" -var data ../zif.data -var traj "$traj" -var dumps "$repo/tests/lammps/$dumps" \
            -log lammps.log -screen none || rc=$?
        echo "$rc" >lmp.rc
        # LAMMPS has closed the pipe: classify must stop by itself, not at the 600 s idle timeout.
        wait_bounded "$reader" 60
        echo "$waited" >classify.rc
    )
    cat "$dir/classify.err"
}

# A plain classify of the normal dump LAMMPS wrote (md.lammpstrj), under the pipe's name so that the file
# column is the same: $1 = folder of the run, then classify's extra arguments.
plain_classify() {
    local dir=$1
    shift
    mkdir "$dir/plain"
    mv "$dir/md.lammpstrj" "$dir/plain/live.lammpstrj"
    (cd "$dir/plain" && z classify ../../model.json live.lammpstrj -o labelled.extxyz --fractions fractions.csv "$@" 2>classify.err) ||
        cat "$dir/plain/classify.err"
}

check_run() {
    local dir=$1 what=$2
    local frames_md rows
    if [[ $(cat "$dir/lmp.rc") == 0 ]]; then ok "$what: lmp ran to the end"; else bad "$what: lmp exited $(cat "$dir/lmp.rc")"; fi
    if [[ $(cat "$dir/classify.rc") == 0 ]]; then
        ok "$what: classify --follow ended by itself (exit 0) when LAMMPS closed the pipe"
    else
        bad "$what: classify --follow exit $(cat "$dir/classify.rc") (124: still running 60 s after LAMMPS ended)"
    fi
    frames_md=$(grep -c '^ITEM: TIMESTEP' "$dir/md.lammpstrj")
    rows=$(($(lines "$dir/fractions.csv") - 1))
    if [[ $frames_md == "$frames_in" && $rows == "$frames_md" ]] && grep -q "^classified $frames_md frame(s)" "$dir/classify.err"; then
        ok "$what: every frame LAMMPS wrote was classified ($rows of $frames_md)"
    else
        bad "$what: LAMMPS wrote $frames_md frames (input $frames_in), the followed CSV has $rows rows"
    fi
    plain_classify "$dir" "${@:3}"
    same "$dir/plain/labelled.extxyz" "$dir/labelled.extxyz" "$what: followed labelled.extxyz equals a classify of LAMMPS's normal dump"
    same "$dir/plain/fractions.csv" "$dir/fractions.csv" "$what: followed fractions.csv equals a classify of LAMMPS's normal dump"
}

# 1. element column (the README recipe)
follow_run elements follow.lmp
check_run elements "element column"
# 2. type column only, elements from --types
follow_run types follow-types.lmp --types 1=Zn,2=N,3=C,4=H
check_run types "type column" --types 1=Zn,2=N,3=C,4=H
same elements/fractions.csv types/fractions.csv "element and type columns give the same fractions"

# 3. SIGKILL LAMMPS in the middle of a frame: the 2x2x2 transition run, whose frames (2,176 atoms, ~66 KB) are
# larger than a pipe holds (64 KiB). Once classify has written 3 rows it is paused (SIGSTOP): LAMMPS fills the
# pipe and blocks inside a frame; it is killed there (SIGKILL) and classify continued. LAMMPS writes each frame
# into the pipe first, then into md.lammpstrj, so md.lammpstrj then holds exactly the frames complete in the pipe.
big=$repo/data/md/transition__ZIF-4-2x2x2_NPT300K_1bar_s7101.lammpstrj.gz
awk -f "$repo/tests/lammps/dump2data.awk" <(zcat "$big") >big.data
mkdir kill
mkfifo kill/live.lammpstrj
(cd kill && exec "${zifphase[@]}" classify ../model.json live.lammpstrj --follow --idle-timeout 600 -o labelled.extxyz --fractions fractions.csv \
    >classify.out 2>classify.err) &
reader=$!
pids+=("$reader")
(cd kill && exec lmp -in "$repo/tests/lammps/in.rerun" -var data ../big.data -var traj "$big" -var dumps "$repo/tests/lammps/follow.lmp" \
    -log none -screen none) &
writer=$!
pids+=("$writer")
t=0
while [[ $(lines kill/fractions.csv) -lt 4 ]] && ((t < 600)); do sleep 0.1; t=$((t + 1)); done
kill -STOP "$reader"
# LAMMPS writes until the pipe is full, then blocks: its count of written bytes stops moving
prev=-1
for _ in $(seq 50); do
    now=$(awk '/^wchar:/ { print $2 }' "/proc/$writer/io" 2>/dev/null) || true
    [[ -z $now || $now == "$prev" ]] && break
    prev=$now
    sleep 0.2
done
if grep -q '^State:.*(sleeping)' "/proc/$writer/status" 2>/dev/null; then
    kill -9 "$writer"
    wait "$writer" 2>/dev/null || true
    kill -CONT "$reader"
    wait_bounded "$reader" 60
    code=$waited
    grep -v '^following ' kill/classify.err || true
    rows=$(($(lines kill/fractions.csv) - 1))
    complete=$(grep -c '^ITEM: TIMESTEP' kill/md.lammpstrj)
    size=$(stat -c %s kill/md.lammpstrj)
    read -r nbytes partial < <(sed -n 's/^zifphase: warning: stopped following live.lammpstrj after \([0-9]*\) bytes; its last frame is incomplete and was not classified (file ends inside frame \([0-9]*\): expected 2176 atom lines, found [0-9]*)$/\1 \2/p' kill/classify.err)
    if [[ $code == 0 && $(grep -c warning kill/classify.err) == 1 && $(grep -vc '^following ' kill/classify.err) == 2 && -n $nbytes ]]; then
        ok "kill: classify exit 0 with one warning line: $nbytes bytes read, frame $partial incomplete"
    else
        bad "kill: classify exit $code; expected 0 and one warning line naming the incomplete frame (stderr above)"
    fi
    if [[ $rows == "$complete" && $partial == "$complete" ]] && ((rows >= 3 && nbytes > size)) && grep -q "^classified $rows frame(s)" kill/classify.err; then
        ok "kill: the $complete frames LAMMPS completed were classified; the pipe ended $((nbytes - size)) bytes into frame $complete"
    else
        bad "kill: LAMMPS completed $complete frames ($size bytes), classify wrote $rows rows after reading '$nbytes' bytes"
    fi
    plain_classify kill
    same kill/plain/labelled.extxyz kill/labelled.extxyz "kill: labelled.extxyz equals a classify of the frames LAMMPS completed"
    same kill/plain/fractions.csv kill/fractions.csv "kill: fractions.csv equals a classify of the frames LAMMPS completed"
else
    kill -CONT "$reader"
    bad "kill: LAMMPS was not blocked in a write when it was to be killed"
fi

echo "lammps: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
