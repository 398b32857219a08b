#!/usr/bin/env bash
# Builds a serial LAMMPS with the REAXFF and QEQ packages from Debian 12's own source package
# (LAMMPS 29 Sep 2021, update 2; the same version as Debian's `lammps` binary package, which lacks REAXFF).
# The system LAMMPS (/usr/bin/lmp) is not touched: the result is one binary, $out/lmp_reaxff.
#
# Usage: recipes/build_lammps_reaxff.sh [WORKDIR]     (default: recipes/.lammps-reaxff, git-ignored)
# Needs root for apt-get (a deb-src line for bookworm is added in its own sources file when missing).
# Time: about 15-25 min with -j2 on a 2-core machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:-$here/.lammps-reaxff}
mkdir -p "$work"; work=$(cd "$work" && pwd)
out=$work

if [ -x "$out/lmp_reaxff" ] && "$out/lmp_reaxff" -h | grep -q 'reaxff'; then
  echo "already built: $out/lmp_reaxff"; exit 0
fi

if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
  cat > /etc/apt/sources.list.d/zifphase-deb-src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt-get update -qq
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cmake make g++ xz-utils dpkg-dev >/dev/null

cd "$work"
tarball=$(ls lammps_*.orig.tar.xz 2>/dev/null | head -1 || true)
if [ -z "$tarball" ]; then
  apt-get source --download-only lammps >/dev/null
  tarball=$(ls lammps_*.orig.tar.xz | head -1)
fi
src=$work/src
if [ ! -d "$src/cmake" ]; then
  mkdir -p "$src"
  tar -xJf "$tarball" -C "$src" --strip-components=1
fi
mkdir -p "$src/build" && cd "$src/build"
# Without CMAKE_DISABLE_FIND_PACKAGE_MPI cmake fails on Debian's half-installed MPI.
cmake ../cmake -DCMAKE_BUILD_TYPE=Release -DBUILD_MPI=no -DCMAKE_DISABLE_FIND_PACKAGE_MPI=ON \
  -DBUILD_OMP=yes -DPKG_REAXFF=on -DPKG_QEQ=on -DPKG_MOLECULE=on -DPKG_KSPACE=on -DFFT=KISS \
  -DLAMMPS_MACHINE=reaxff >/dev/null
make -j"${JOBS:-2}" >build.log 2>&1 || { tail -40 build.log; exit 1; }
cp lmp_reaxff "$out/lmp_reaxff"
"$out/lmp_reaxff" -h | grep -A3 -i 'Installed packages' | head -5
echo "built: $out/lmp_reaxff"
