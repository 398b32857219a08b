"""examples/zifphase_from_python.ipynb runs: its code cells, concatenated, exec()'d in a fresh namespace with the
notebook's environment variables set (the repository, a CLI-trained model, a folder for the figures)."""
import json
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "zifphase_from_python.ipynb"

pytest.importorskip("ase")
pytest.importorskip("matplotlib")


def notebook_code(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert cells and all(not c.get("outputs") and c.get("execution_count") is None for c in cells), "outputs stored"
    source = lambda c: c["source"] if isinstance(c["source"], str) else "".join(c["source"])
    return "\n\n".join(source(c) for c in cells)


def test_notebook_runs(model, tmp_path, monkeypatch):
    figures = tmp_path / "figures"
    monkeypatch.setenv("ZIFPHASE_REPO", str(ROOT))
    monkeypatch.setenv("ZIFPHASE_MODEL", str(model))
    monkeypatch.setenv("ZIFPHASE_FIGURES", str(figures))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.chdir(tmp_path)  # not the repository: the notebook must find it through ZIFPHASE_REPO
    namespace = {"__name__": "__main__"}
    exec(compile(notebook_code(NOTEBOOK), str(NOTEBOOK), "exec"), namespace)

    for name in ("soap_pca.png", "phase_fractions.png"):
        png = figures / name
        assert png.is_file() and png.stat().st_size > 1000, png
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # Part 1: paper SOAP of the 64 Zn of 5 frames.
    X, times = namespace["X"], namespace["times"]
    assert len(times) == 5
    assert X.shape == (64 * 5, 780) and X.dtype == np.float64 and np.isfinite(X).all()
    assert namespace["scores"].shape == (64 * 5, 2)

    # Part 2: every frame classified; label fractions (phases + uncertain) sum to 1 per frame.
    fractions, steps_ps = namespace["fractions"], namespace["steps_ps"]
    assert fractions.shape == (81, len(namespace["model"].classes_) + 1)
    np.testing.assert_allclose(fractions.sum(axis=1), 1.0, atol=1e-12)
    assert np.all(np.diff(steps_ps) > 0) and steps_ps[0] == 0
