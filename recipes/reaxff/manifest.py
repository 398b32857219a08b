#!/usr/bin/python3
# (Debian's Python: python3-numpy and python3-ase install there, not into other Pythons on PATH)
"""Writes data/md-reaxff/MANIFEST.md from the run records (recipes/reaxff/records/*.json) and checks that each run
stays what its label says: Zn-N coordination, density and, for crystals, the Zn(Im)2 network (coordination sequence of
Zn 0 in the last frame, from `zifphase analyze network`, against the reference structure's). Run from the repository
root after run_reaxff.py: /usr/bin/python3 recipes/reaxff/manifest.py"""
import glob, gzip, json, os, subprocess, tempfile

import numpy as np

from run_reaxff import dump_frames, zn_n_distances  # the same folder

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "data", "md-reaxff", "MANIFEST.md")
# Coordination sequences (Zn 0, shells 1-6) of the reference structures, from `zifphase analyze network`
# (data/structures/SOURCES.md gives the same for cag, dia and zni).
NETS = {"ZIF-4": [4, 11, 24, 41, 63, 91], "ZIF-4-cp-II": [4, 11, 24, 41, 63, 91], "ZIF-hPT-II": [4, 12, 24, 42, 64, 92],
        "ZIF-zni": [4, 11, 24, 47, 87, 142]}
ORDER = ["ZIF-4", "ZIF-4-cp", "ZIF-4-cp-II", "ZIF-zni", "ZIF-hPT-II", "glass", "liquid"]


def network(path, frame):
    with tempfile.TemporaryDirectory() as d:
        x = os.path.join(d, "f.extxyz")
        subprocess.run([os.path.join(REPO, "zifphase"), "convert", path, x, "--frames", str(frame)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out = subprocess.run([os.path.join(REPO, "zifphase"), "analyze", "network", x, "--json"], check=True,
                             capture_output=True, text=True).stdout
    return json.loads(out)


def fourth_neighbour(path):
    """Per Zn and frame the 4th-nearest N (minimum image): fraction beyond 2.5 A and the largest, A."""
    d4 = []
    for _, H, origin, _, el, r in dump_frames(gzip.open(path, "rt").read().splitlines()):
        frac = np.linalg.solve(H.T, (r - origin).T).T
        d4.append(np.sort(zn_n_distances(frac, el, H), axis=1)[:, 3])
    d4 = np.concatenate(d4)
    return float((d4 > 2.5).mean()), float(d4.max())


def check(rec, net):
    phase, cn = rec["phase"], rec["cn_mean"]
    notes = []
    if phase in ("glass",) or phase.startswith("ZIF"):
        if cn < 3.8:
            notes.append(f"FLAG: mean Zn-N coordination {cn} < 3.8")
    if phase in NETS:
        seq = net["coordination_sequence_zn0"]
        if seq != NETS[phase]:
            notes.append(f"FLAG: Zn network of the last frame {seq} differs from the reference {NETS[phase]}")
    if phase == "ZIF-4-cp" and net["coordination_sequence_zn0"][:3] != [4, 11, 24]:
        notes.append("FLAG: not a cag-like 4-connected net in the last frame")
    if phase == "liquid" and cn > 3.9:
        notes.append("FLAG: Zn still fully 4-coordinated: may not have melted")
    return notes


def main():
    recs = [json.load(open(p)) for p in glob.glob(os.path.join(REPO, "recipes", "reaxff", "records", "*.json"))]
    recs.sort(key=lambda r: (ORDER.index(r["phase"]), r["name"]))
    rows = []
    for r in recs:
        path = os.path.join(REPO, "data", "md-reaxff", r["file"])
        last = network(path, -1)
        notes = check(r, last)
        far, dmax = fourth_neighbour(path)
        hist = ", ".join(f"{k}:{v}" for k, v in r["cn_hist"].items())
        cell = " x ".join(f"{x:.2f}" for x in r["cell_abc"]) + " A; " + "/".join(f"{x:.1f}" for x in r["cell_angles"])
        rows.append(f"| {r['file']} | {r['phase']} | {r['source']}{' (last frame)' if r.get('source_frames') else ''}; {r['note']} | "
                    f"{r['seed']} | {r['T_set']} / {r['T_mean']} | {r['P_mean_GPa']:.2f} +- {r['P_sd_GPa']:.2f} | {cell} | {r['zn']} | "
                    f"{r['atoms']} | {r['frames']} | {r['zn_per_nm3']:.2f} | {r['density_g_cm3']:.3f} | {r['cn_mean']:.3f} | {hist} | "
                    f"{100 * far:.1f} % (max {dmax:.2f} A) | {last['coordination_sequence_zn0']} ({', '.join(f'deg {k}: {v}' for k, v in last['degree_histogram'].items())}) | "
                    f"{r['wall_s'] / 60:.0f} min, {r['steps_per_s']} steps/s | {'; '.join(notes) if notes else 'ok'} |")
    head = open(os.path.join(REPO, "recipes", "reaxff", "MANIFEST.head.md")).read()
    table = ["| file | phase | start and protocol | velocity seed | T set / mean (K) | P (GPa) | mean cell | Zn | atoms | frames | Zn/nm^3 | g/cm^3 | CN (Zn-N <= 2.5 A) | CN histogram (Zn-frames) | 4th Zn-N beyond 2.5 A (Zn-frames) | Zn network, last frame: coordination sequence of Zn 0 (degrees) | wall time (1 core) | check |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    tmp = OUT + ".tmp"
    with open(tmp, "w") as f:
        f.write(head.rstrip() + "\n\n" + "\n".join(table + rows) + "\n")
    os.replace(tmp, OUT)
    print(f"wrote {OUT} ({len(rows)} runs)")


if __name__ == "__main__":
    main()
