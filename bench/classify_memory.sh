#!/usr/bin/env bash
# Memory of `classify` on a large trajectory: writes a LAMMPS dump of about SIZE_GB (default 5) gigabytes by
# repeating a ZIF-4 6×6×6 frame (58,752 atoms), trains a BPSF model on the shipped MD, classifies the whole dump
# with a fractions CSV, and reports wall time and peak RSS (/usr/bin/time). Needs ~SIZE_GB of free disk in TMPDIR.
set -euo pipefail
cd "$(dirname "$0")/.."
size_gb=${SIZE_GB:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/zifphase-mem.XXXXXX")
trap 'rm -rf "$work"' EXIT
dotnet build -c Release src/ZifPhase.Cli -v q -nologo >/dev/null
z="dotnet src/ZifPhase.Cli/bin/Release/net10.0/zifphase.dll"
$z convert data/structures/lewis-2009/ZIF-4.cif "$work/frame.lammpstrj" --replicate 6,6,6 2>/dev/null
frame_bytes=$(stat -c %s "$work/frame.lammpstrj")
frames=$(( size_gb * 1000000000 / frame_bytes ))
for ((i = 0; i < frames; i++)); do cat "$work/frame.lammpstrj"; done > "$work/big.lammpstrj"
echo "dump: $(du -h "$work/big.lammpstrj" | cut -f1), $frames frames of 58,752 atoms"
$z dataset build data/manifests/train-bpsf.toml -o "$work/bpsf.h5" >/dev/null 2>&1
$z train "$work/bpsf.h5" --preset paper-bpsf -o "$work/bpsf.json" >/dev/null 2>&1
/usr/bin/time -f "classify: %e s wall, peak RSS %M kB" $z classify "$work/bpsf.json" "$work/big.lammpstrj" --fractions "$work/fractions.csv" 2>&1 | tail -1
echo "fractions rows: $(( $(wc -l < "$work/fractions.csv") - 1 ))"
