#!/usr/bin/env bash
# The Python package as a user gets it: publishes the Native AOT library and builds the wheel from this checkout
# (python/build.sh), installs the wheel into a fresh venv (--system-site-packages, for Debian's NumPy, ASE, pytest and
# Matplotlib), runs the example script and tests/python (which also runs examples/zifphase_from_python.ipynb's code)
# with pytest from a folder outside the checkout.
# Needs clang and zlib1g-dev (installed here when missing, as root). ZIFPHASE: the CLI command for the
# comparisons with describe/classify (default: the Release build, built when missing).
# Prints "python: P passed, F failed" (pytest's tests plus the build, install and example steps).
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
suite=python
# shellcheck source=tests/check_steps.sh
. "$repo/tests/check_steps.sh"
finish() { summary; exit $?; }

need=()
for pkg in clang zlib1g-dev python3-venv python3-pip python3-pytest python3-setuptools python3-wheel python3-numpy python3-ase python3-matplotlib; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; } || echo "python: could not install ${need[*]}" >&2
fi

if [ -n "${ZIFPHASE:-}" ]; then
    # pytest runs outside the checkout: make relative paths in the command (the CLI's .dll) absolute.
    words=()
    for w in $ZIFPHASE; do
        if [ -e "$w" ] && [ "${w#/}" = "$w" ]; then words+=("$(pwd)/$w"); else words+=("$w"); fi
    done
    export ZIFPHASE="${words[*]}"
else
    cli="$repo/src/ZifPhase.Cli/bin/Release/net10.0/zifphase.dll"
    [ -f "$cli" ] || dotnet build -c Release "$repo/src/ZifPhase.Cli" -v q -nologo >/dev/null 2>&1
    export ZIFPHASE="dotnet $cli"
fi
echo "python: CLI for the comparisons: $ZIFPHASE"

check "python/build.sh publishes libzifphase.so (Native AOT) and builds the wheel" bash -c \
    "'$repo/python/build.sh' '$tmp/wheel' >'$tmp/build.log' 2>&1 || { tail -30 '$tmp/build.log'; false; }"
wheel=$(ls "$tmp"/wheel/zifphase-*.whl 2>/dev/null | head -n 1)
[ -n "$wheel" ] || finish
check "the wheel carries the native library" bash -c "unzip -l '$wheel' | grep -q 'zifphase/lib/libzifphase.so'"
check "pip installs the wheel into a fresh venv" bash -c \
    "/usr/bin/python3 -m venv --system-site-packages '$tmp/venv' && '$tmp/venv/bin/python' -m pip install -q --no-index --no-deps '$wheel' >'$tmp/pip.log' 2>&1 || { cat '$tmp/pip.log'; false; }"
py="$tmp/venv/bin/python"
mkdir -p "$tmp/elsewhere"
cd "$tmp/elsewhere" || exit 1
check "examples/python_quickstart.py runs" bash -c "'$py' '$repo/examples/python_quickstart.py' >'$tmp/example.log' 2>&1 || { cat '$tmp/example.log'; false; }"

ZIFPHASE_WHEEL_TEST=1 "$py" -m pytest -p no:cacheprovider -q -rfE --junitxml="$tmp/junit.xml" "$repo/tests/python"
read -r p f < <("$py" - "$tmp/junit.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    print(0, 1)
    raise SystemExit
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
n = sum(int(s.get("tests", 0)) for s in suites)
bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(n - bad - skipped, bad if n else max(bad, 1))
PY
)
passed=$((passed + p)); failed=$((failed + f))
finish
