#!/usr/bin/env bash
# Installs ZifPhase as a new user would, from a fresh clone of this repository with nothing beside it:
# `dotnet pack` the CLI as a .NET tool, `dotnet tool install` it into a temporary tool folder, then run the
# installed `zifphase` from a folder outside the clone (info on a shipped file, and the demo on the data
# packed with the tool). Prints "install: P passed, F failed".
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
suite=install
# shellcheck source=tests/check_steps.sh
. "$repo/tests/check_steps.sh"

git clone -q "$repo" "$tmp/clone" || { echo "install: 0 passed, 1 failed"; exit 1; }
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$tmp/clone/Directory.Build.props")
check "dotnet pack makes zifphase.$version.nupkg" bash -c \
    "cd '$tmp/clone' && dotnet pack src/ZifPhase.Cli -c Release -o '$tmp/nupkg' -nologo -v q >'$tmp/pack.log' 2>&1 && test -f '$tmp/nupkg/zifphase.$version.nupkg' || { tail -20 '$tmp/pack.log'; false; }"
check "dotnet tool install from the local package" bash -c \
    "dotnet tool install zifphase --tool-path '$tmp/tools' --add-source '$tmp/nupkg' >'$tmp/install.log' 2>&1 || { cat '$tmp/install.log'; false; }"

zif="$tmp/tools/zifphase"
mkdir -p "$tmp/elsewhere"
cd "$tmp/elsewhere" || exit 1
check "zifphase --version is $version" bash -c "'$zif' --version | grep -q '^$version'"
# The shipped glass g01 run: 21 frames of 272 atoms, H96 C96 N64 Zn16, every Zn four-coordinated by N.
info=$("$zif" info "$tmp/clone/data/md/glass__g01_NVT300K_s5001.lammpstrj.gz" --json 2>&1)
check "zifphase info reads a shipped dump (21 frames, 272 atoms, H96 C96 N64 Zn16)" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["frames"] == 21, d["frames"]
assert d["atoms"] == 272, d["atoms"]
assert d["composition"] == {"H": 96, "C": 96, "N": 64, "Zn": 16}, d["composition"]
assert d["zn_n_coordination_histogram"] == {"4": 16}, d["zn_n_coordination_histogram"]
' "$info"
check "zifphase demo runs outside the clone on the data installed with the tool" bash -c \
    "'$zif' demo --out demo-out >'$tmp/demo.log' 2>&1 && test -s demo-out/report.html && grep -q 'ZifPhase demo' demo-out/report.html || { tail -20 '$tmp/demo.log'; false; }"

summary
