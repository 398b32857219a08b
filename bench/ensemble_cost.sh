#!/usr/bin/env bash
# What a 5-member ensemble costs in classify: the shipped paper-soap model (5 networks + the unknown detector)
# against one 780-100-7 network with the same descriptor, on 5 frames of ZIF-4 6x6x6 (58,752 atoms, 3,456 Zn),
# fractions CSV only. Prints the median wall time of REPEAT runs (default 3) of each, alternating.
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${REPEAT:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
z=./zifphase
$z convert data/structures/lewis-2009/ZIF-4.cif "$tmp/one.lammpstrj" --replicate 6,6,6 >/dev/null
for _ in 1 2 3 4 5; do cat "$tmp/one.lammpstrj"; done > "$tmp/five.lammpstrj"
# one network, same descriptor (weights do not matter for the cost): 2 epochs on the demo's SOAP dataset
$z dataset build data/manifests/train-soap.toml -o "$tmp/soap.h5" >/dev/null 2>&1
$z train "$tmp/soap.h5" --preset paper-soap --epochs 2 --split none -o "$tmp/single.json" >/dev/null 2>&1
declare -A times
for _ in $(seq "$repeat"); do
  for m in paper-soap "$tmp/single.json"; do
    s=$(date +%s.%N)
    $z classify "$m" "$tmp/five.lammpstrj" --fractions "$tmp/f.csv" >/dev/null 2>&1
    e=$(date +%s.%N)
    times[$m]+="$(echo "$e - $s" | bc) "
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ens=$(echo "${times[paper-soap]}" | median)
one=$(echo "${times[$tmp/single.json]}" | median)
echo "classify 5 frames of ZIF-4 6x6x6: paper-soap (5 members + detector) ${ens} s, one network ${one} s, ratio $(echo "scale=2; $ens / $one" | bc)"
