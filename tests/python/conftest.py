"""Shared fixtures of tests/python: the CLI command (ZIFPHASE) and one CLI-trained model per test session."""
import os
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args):
    """Runs the CLI ($ZIFPHASE, e.g. "dotnet src/ZifPhase.Cli/bin/Release/net10.0/zifphase.dll"); skips without it."""
    command = os.environ.get("ZIFPHASE")
    if not command:
        pytest.skip("ZIFPHASE (the CLI command) is not set")
    result = subprocess.run(shlex.split(command) + [str(a) for a in args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="session")
def model(tmp_path_factory):
    """A paper-bpsf model trained by the CLI on data/manifests/train-bpsf.toml, once per session."""
    folder = tmp_path_factory.mktemp("model")
    run_cli("dataset", "build", ROOT / "data" / "manifests" / "train-bpsf.toml", "-o", folder / "d.h5")
    run_cli("train", folder / "d.h5", "--preset", "paper-bpsf", "--epochs", "20", "-o", folder / "m.json")
    return folder / "m.json"
