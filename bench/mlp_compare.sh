#!/usr/bin/env bash
# One epoch of 780-100-7 and 12-24-7 (batch 200, 20,000 random rows) in ZifPhase, PyTorch CPU and
# scikit-learn, at 1 and 2 threads, in one run on one machine. Needs Debian's python3-torch, python3-sklearn
# and libopenblas0-pthread (apt-get install -y python3-torch python3-sklearn libopenblas0-pthread).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/ZifPhase.Cli -v q -nologo >/dev/null
echo "== ZifPhase (best of 5)"
dotnet src/ZifPhase.Cli/bin/Release/net10.0/zifphase.dll bench --mlp --repeat 5
echo "== PyTorch and scikit-learn (best of 5 / 3)"
/usr/bin/python3 bench/mlp_compare.py
