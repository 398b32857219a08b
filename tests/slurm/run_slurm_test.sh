#!/usr/bin/env bash
# Integration test on a real (single-node) Slurm cluster: starts munged, slurmctld and slurmd for localhost
# (tests/slurm/cluster.sh), runs `zifphase slurm --shards 4 --wait` for describe and for classify over a shipped
# trajectory, checks that the merged outputs equal single-process outputs byte for byte, checks that a failing
# shard makes --wait exit non-zero naming it, and stops the daemons it started (by pid). Run as root (CI does).
#   ZIFPHASE="dotnet src/ZifPhase.Cli/bin/Release/net10.0/zifphase.dll" tests/slurm/run_slurm_test.sh
# Prints "slurm: P passed, F failed" last.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/zifphase_cmd.sh
. tests/zifphase_cmd.sh

# shellcheck source=tests/slurm/cluster.sh
source tests/slurm/cluster.sh
work=$(mktemp -d /tmp/zifslurm.XXXXXX) # short: the munge socket path must fit a unix socket name
mkdir "$work/cluster" "$work/run"
trap 'slurm_cluster_stop "$work/cluster"; rm -rf "$work"' EXIT
started=$SECONDS
slurm_cluster_start "$work/cluster"
echo "slurm: cluster up in $((SECONDS - started)) s"
sinfo

passed=0
failed=0
ok() { echo "slurm: ok: $*"; passed=$((passed + 1)); }
bad() { echo "slurm: FAIL: $*"; failed=$((failed + 1)); }
same() { if cmp "$1" "$2"; then ok "$3"; else bad "$3"; fi; }

traj=$repo/data/md/transition__ZIF-4-to-dense_NPT300K_105MPa_s4201.lammpstrj.gz
cd "$work/run"

# describe: SOAP (the paper's settings) for 20 frames, as one process and as 4 array tasks + merge
z describe "$traj" --preset paper-soap --frames 0:20 -o single-soap.npy
if z slurm --shards 4 --wait --poll 1 --cpus-per-task 1 --time 00:10:00 -- \
    describe "$traj" --preset paper-soap --frames 0:20 -o soap.npy; then
    same single-soap.npy soap.npy "describe: 4 shards merged equal the single run (soap.npy)"
else
    bad "describe: zifphase slurm --wait failed"
fi
ls soap.npy.slurm soap.npy.slurm/logs
head -n 20 soap.npy.slurm/array.sh

# classify: a BPSF model from the shipped MD, then labelled extxyz + fractions over 4 shards (round robin)
z dataset build "$repo/data/manifests/train-bpsf.toml" -o train.h5 >/dev/null
z train train.h5 --preset paper-bpsf --epochs 30 -o model.json >/dev/null
z classify model.json "$traj" -o single-labelled.extxyz --fractions single-fractions.csv
if z slurm --shards 4 --shard-by stride --wait --poll 1 -- \
    classify model.json "$traj" -o labelled.extxyz --fractions fractions.csv; then
    same single-labelled.extxyz labelled.extxyz "classify: merged labelled.extxyz equals the single run"
    same single-fractions.csv fractions.csv "classify: merged fractions.csv equals the single run"
else
    bad "classify: zifphase slurm --wait failed"
fi

# a shard that fails: frame 12 of an uncompressed copy gets a broken atom line; with 4 blocks of 5 frames it
# belongs to shard 3, and only shard 3 parses it (the others skip it by counting lines)
z convert "$traj" twenty.lammpstrj --frames 0:20
awk '/^ITEM: ATOMS/ { n++; print; if (n == 13) { getline; print "1 Zn broken line"; next } next } { print }' twenty.lammpstrj >broken.lammpstrj
set +e
z slurm --shards 4 --wait --poll 1 -- describe broken.lammpstrj --preset paper-bpsf -o broken.npy 2>wait.err
code=$?
set -e
cat wait.err
if [[ $code -ne 0 ]] && grep -q "shard 3/4 (job [0-9]*_3) ended FAILED" wait.err && grep -q "frame 12" wait.err && [[ ! -e broken.npy ]]; then
    ok "a failing shard: --wait exits $code naming shard 3/4 and the bad frame; no merged file"
else
    bad "a failing shard: --wait exited $code; expected non-zero naming shard 3/4"
fi
# the merge job waiting on it was cancelled by --wait
sleep 1
if ! squeue -h -o '%j %T' | grep -q "zifphase-describe-merge PENDING"; then ok "the merge job of the failed run was cancelled"; else bad "the merge job is still pending"; fi

echo "slurm: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
