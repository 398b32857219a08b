#!/usr/bin/env python3
"""Cross-checks ZifPhase outputs with the Python tools our users open them with: NumPy (.npy), h5py (.h5)
and ASE (extended XYZ). Run by .ci/run after `dotnet test`; needs Debian's python3-numpy, python3-h5py and
python3-ase, and the CLI command in $ZIFPHASE (e.g. "dotnet src/ZifPhase.Cli/bin/Release/net10.0/zifphase.dll").
Prints one line per check and closes with "interop: N passed, N failed"."""
import json
import os
import shlex
import subprocess
import sys
import tempfile
import traceback

import h5py
import numpy as np
from ase.io import read

ZIFPHASE = shlex.split(os.environ["ZIFPHASE"])
DATA = os.path.join(os.path.dirname(__file__), "..", "..", "data")


def run(*args):
    proc = subprocess.run(ZIFPHASE + list(args), capture_output=True, text=True)
    if proc.returncode != 0:
        raise AssertionError(f"zifphase {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc.stdout


def write_manifest(path, sources, frames):
    """A BPSF dataset manifest over shipped MD files: sources = [(file name in data/md, phase)]."""
    md = os.path.abspath(os.path.join(DATA, "md"))
    with open(path, "w") as m:
        m.write('descriptor = "paper-bpsf"\n')
        for name, phase in sources:
            m.write(f'[[source]]\npath = "{md}/{name}"\nphase = "{phase}"\ntag = "nbzif"\nframes = "{frames}"\n')
    return path


def check_describe_npy_and_h5(tmp):
    cif = os.path.join(DATA, "structures", "lewis-2009", "ZIF-4.cif")
    run("describe", cif, "--preset", "paper-bpsf", "-o", os.path.join(tmp, "bpsf.npy"))
    a = np.load(os.path.join(tmp, "bpsf.npy"))
    assert a.shape == (16, 12) and a.dtype == np.float32, (a.shape, a.dtype)
    assert np.all(np.isfinite(a)) and np.all(a[:, :4] > 0)
    run("describe", cif, "--preset", "paper-bpsf", "-o", os.path.join(tmp, "bpsf.h5"))
    with h5py.File(os.path.join(tmp, "bpsf.h5"), "r") as f:
        np.testing.assert_array_equal(f["features"][:], a)
        assert list(f["atom"][:]) == sorted(f["atom"][:])
        spec = json.loads(f.attrs["descriptor_spec"])
        assert spec["kind"] == "acsf" and spec["r_cut"] == 13.0, spec
        assert len(f.attrs["feature_names"]) == 12


def check_dataset_h5(tmp):
    manifest = write_manifest(os.path.join(tmp, "m.toml"), [("ZIF-4__NVT300K_refcell_s4101.lammpstrj.gz", "ZIF-4"),
                                                          ("ZIF-zni__NVT300K_refcell_s4301.lammpstrj.gz", "ZIF-zni")], "0:10:5")
    out = os.path.join(tmp, "d.h5")
    run("dataset", "build", manifest, "-o", out)
    with h5py.File(out, "r") as f:
        assert f["features"].shape == (2 * 2 * 64, 12) and f["features"].dtype == np.float32
        assert list(f.attrs["class_names"]) == ["ZIF-4", "ZIF-zni"]
        labels = f["labels"][:]
        assert (labels[:128] == 0).all() and (labels[128:] == 1).all()
        assert sorted(set(f["frame"][:])) == [0, 5]
        assert f.attrs["format"] == "zifphase-dataset-1"


def check_extxyz_with_ase(tmp):
    dump = os.path.join(DATA, "md", "transition__ZIF-4-to-dense_NPT300K_105MPa_s4201.lammpstrj.gz")
    out = os.path.join(tmp, "t.extxyz")
    run("convert", dump, out, "--frames", "0:81:20")
    frames = read(out, index=":", format="extxyz")
    assert len(frames) == 5, len(frames)
    info = json.loads(run("info", dump, "--json"))
    assert len(frames[0]) == info["atoms"] == 1088
    assert frames[0].get_chemical_formula() == "C384H384N256Zn64"
    np.testing.assert_allclose(frames[0].cell.cellpar()[:3], [info["cell"][k] for k in "abc"], rtol=1e-9)
    assert all(frames[0].pbc)


def check_labelled_extxyz_with_ase(tmp):
    manifest = write_manifest(os.path.join(tmp, "two.toml"), [("ZIF-4__NVT300K_refcell_s4101.lammpstrj.gz", "ZIF-4"),
                                                            ("ZIF-hPT-II__NVT563K_refcell_s4501.lammpstrj.gz", "ZIF-hPT-II")], "0:41:4")
    md = os.path.abspath(os.path.join(DATA, "md"))
    run("dataset", "build", manifest, "-o", os.path.join(tmp, "two.h5"))
    model = os.path.join(tmp, "two.json")
    run("train", os.path.join(tmp, "two.h5"), "--preset", "paper-bpsf", "--epochs", "100", "-o", model)
    labelled = os.path.join(tmp, "hpt.extxyz")
    run("classify", model, os.path.join(md, "ZIF-hPT-II__NVT563K_refcell_s4501.lammpstrj.gz"), "--frames", "40", "-o", labelled)
    atoms = read(labelled, index=":", format="extxyz")
    assert len(atoms) == 1 and len(atoms[0]) == 1088
    phase = atoms[0].arrays["phase"]
    zn = atoms[0].get_chemical_symbols()
    assert all(p == "ZIF-hPT-II" for p, s in zip(phase, zn) if s == "Zn"), set(phase)
    assert all(p == "_" for p, s in zip(phase, zn) if s != "Zn")
    # p_<class> Properties names are identifiers (ZIF-hPT-II → p_ZIF_hPT_II), kept as written by ASE.
    np.testing.assert_allclose(atoms[0].arrays["p_ZIF_4"] + atoms[0].arrays["p_ZIF_hPT_II"],
                               [1.0 if s == "Zn" else 0.0 for s in zn], atol=1e-6)

    # The fractions CSV read by NumPy with names=True and by the csv module: every column name comes back as
    # written (no frac_ZIF4cp, no file_), and the values match.
    csv_path = os.path.join(tmp, "hpt.csv")
    run("classify", model, os.path.join(md, "ZIF-hPT-II__NVT563K_refcell_s4501.lammpstrj.gz"), "--frames", "0:41:20",
        "--fractions", csv_path)
    with open(csv_path) as f:
        written = f.readline().strip().split(",")
    assert written[:4] == ["source", "frame", "step", "time"], written
    assert "frac_ZIF_hPT_II" in written and "count_ZIF_4" in written and "meanp_ZIF_hPT_II" in written, written
    table = np.genfromtxt(csv_path, delimiter=",", names=True, dtype=None, encoding="utf-8")
    assert list(table.dtype.names) == written, (table.dtype.names, written)
    assert len(table) == 3, len(table)
    np.testing.assert_allclose(table["frac_ZIF_hPT_II"], 1.0)
    np.testing.assert_allclose(table["frac_ZIF_4"] + table["frac_ZIF_hPT_II"] + table["frac_uncertain"], 1.0, atol=1e-12)
    assert list(table["frame"]) == [0, 20, 40], table["frame"]


def check_demo_report_in_chromium(tmp):
    """The demo's report as a user sees it: headless Chromium loads it, every image decodes, the key tables are
    there, and a screenshot is taken."""
    out = os.path.join(tmp, "demo")
    summary = run("demo", "--data", DATA, "--out", out)
    assert "report.html" in summary
    report = os.path.join(out, "report.html")
    probe = os.path.join(out, "probe.html")
    with open(report, encoding="utf-8") as f:
        html = f.read()
    # After load, record on <body> how many images decoded and which tables exist.
    script = ("<script>window.addEventListener('load', () => { const imgs = [...document.images];"
              " document.body.dataset.images = imgs.length;"
              " document.body.dataset.loaded = imgs.filter(i => i.complete && i.naturalWidth > 0).length;"
              " document.body.dataset.tables = [...document.querySelectorAll('table[id]')].map(t => t.id).join(','); });</script>")
    with open(probe, "w", encoding="utf-8") as f:
        f.write(html.replace("</body>", script + "</body>"))
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={os.path.join(tmp, 'chromium')}"]
    dom = subprocess.run(["chromium", *flags, "--virtual-time-budget=10000", "--dump-dom", "file://" + probe],
                         capture_output=True, text=True, timeout=120).stdout
    import re
    body = re.search(r"<body([^>]*)>", dom).group(1)
    attrs = dict(re.findall(r'data-(\w+)="([^"]*)"', body))
    assert int(attrs["images"]) >= 7, attrs
    assert attrs["loaded"] == attrs["images"], f"only {attrs['loaded']} of {attrs['images']} images loaded"
    for table in ["datasets", "accuracy", "per-class", "cross", "real", "shipped", "network"]:
        assert table in attrs["tables"].split(","), attrs["tables"]
    shot = os.path.join(out, "report.png")
    subprocess.run(["chromium", *flags, "--window-size=1200,3000", f"--screenshot={shot}", "file://" + report],
                   capture_output=True, timeout=120)
    with open(shot, "rb") as f:
        assert f.read(4) == b"\x89PNG"
    assert os.path.getsize(shot) > 50_000, os.path.getsize(shot)


def main():
    checks = [check_describe_npy_and_h5, check_dataset_h5, check_extxyz_with_ase, check_labelled_extxyz_with_ase,
              check_demo_report_in_chromium]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for check in checks:
            try:
                check(tmp)
                print(f"ok   {check.__name__}")
                passed += 1
            except Exception:
                print(f"FAIL {check.__name__}")
                traceback.print_exc()
                failed += 1
    print(f"interop: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
