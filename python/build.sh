#!/usr/bin/env bash
# Builds the zifphase wheel: publishes the Native AOT library (needs the .NET 10 SDK, clang and zlib1g-dev),
# copies it into the package and runs a PEP 517 build with the system's setuptools (no network, no isolation).
#   python/build.sh [OUT_DIR]      # wheel in OUT_DIR (default python/dist)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${1:-$here/dist}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
py="${PYTHON:-/usr/bin/python3}"
case "$(uname -m)" in
    x86_64) rid=linux-x64 ;;
    aarch64) rid=linux-arm64 ;;
    *) echo "build.sh: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac
publish="$(mktemp -d)"
trap 'rm -rf "$publish" "$here/build" "$here/zifphase.egg-info"' EXIT
isa=()
[ -n "${ZIFPHASE_ISA:-}" ] && isa=("-p:IlcInstructionSet=$ZIFPHASE_ISA")   # e.g. x86-64-v2 for CPUs without AVX2
dotnet publish "$root/src/ZifPhase.Native" -c Release -r "$rid" -o "$publish" -nologo -v q "${isa[@]}"
mkdir -p "$here/zifphase/lib"
cp "$publish/libzifphase.so" "$here/zifphase/lib/libzifphase.so"
# The shipped models (the repository's models/paper-*.json model files, not their *.metrics.json or other JSON),
# so PhaseClassifier.load("paper-soap") works from the wheel; none when models/ is missing.
rm -rf "$here/zifphase/models"
mkdir -p "$here/zifphase/models"
shopt -s nullglob
for m in "$root"/models/paper-*.json; do
    case "$(basename "$m")" in *.metrics.json) continue ;; esac
    "$py" -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1])).get("format") == "zifphase-model" else 1)' "$m" 2>/dev/null \
        && cp "$m" "$here/zifphase/models/"
done
shopt -u nullglob
cd "$here"
"$py" -m pip wheel --no-build-isolation --no-deps --no-index -w "$out" . >/dev/null
ls "$out"/zifphase-*.whl
