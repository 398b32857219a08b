#!/usr/bin/python3
# (Debian's Python: python3-numpy and python3-ase install there, not into other Pythons on PATH)
"""ReaxFF MD of the seven Zn(Im)2 phases: the recipe behind data/md-reaxff/.

Usage (from the repository root; needs recipes/build_lammps_reaxff.sh run first, Debian's python3-ase/-numpy):
    nice -n 19 /usr/bin/python3 recipes/reaxff/run_reaxff.py NAME [NAME ...]   # or: all
    /usr/bin/python3 recipes/reaxff/run_reaxff.py --list
Each run: start structure (converted with ./zifphase convert) -> LAMMPS data (atom_style charge, C H N Zn) ->
recipes/reaxff/in.phase (CG minimisation at the fixed cell, NVT equilibration, NVT production, timestep 0.25 fs)
-> dump wrapped into the triclinic box, gzipped to data/md-reaxff/<file>.lammpstrj.gz, with a JSON record
(cell, T, P, density, Zn-N coordination histogram, wall time) in recipes/.runs/<name>/record.json that
recipes/reaxff/manifest.py turns into data/md-reaxff/MANIFEST.md. One core per run (serial LAMMPS, OMP_NUM_THREADS=1).
"""
import gzip, json, os, shutil, subprocess, sys, time
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
LMP = os.environ.get("LMP_REAXFF", os.path.join(REPO, "recipes", ".lammps-reaxff", "lmp_reaxff"))
OUTDIR = os.path.join(REPO, "data", "md-reaxff")
RUNDIR = os.path.join(REPO, "recipes", ".runs")
ORDER = ["C", "H", "N", "Zn"]
MASS = {"C": 12.011, "H": 1.008, "N": 14.007, "Zn": 65.38}

S = "data/structures/"
# name: (phase label, source file, frame slice for convert, replicate, T (K), seed, equil steps, prod steps, dump every,
#        CG iterations, Tdamp (fs), protocol note)
RUNS = {
    "zif4":    ("ZIF-4", S + "lewis-2009/ZIF-4.cif", None, None, 300, 8101, 4000, 15000, 500, 500, 25.0, "reference cell (Lewis 2009 optimised P1 cell, 16 Zn)"),
    "zni":     ("ZIF-zni", S + "lewis-2009/zni.cif", None, None, 300, 8301, 2000, 15000, 500, 500, 25.0, "reference cell (Lewis 2009 optimised triclinic primitive cell, 16 Zn)"),
    "cp2":     ("ZIF-4-cp-II", S + "widmer-2019/ZIF-4-cp-II.cif", None, None, 300, 8401, 2000, 15000, 500, 500, 25.0, "experimental cell (Widmer 2019, Pbca, 0.2 GPa, 16 Zn)"),
    "hpt2":    ("ZIF-hPT-II", S + "widmer-2019/ZIF-4-hPT-II.cif", None, None, 563, 8501, 2000, 15000, 500, 3000, 25.0, "experimental 8.1 GPa cell (Widmer 2019, Pbca, 563 K, 8 Zn; box 13.5x9.9x9.2 A, shorter than the ReaxFF cutoffs: LAMMPS uses several periodic images)"),
    "cp":      ("ZIF-4-cp", S + "lewis-2009/ZIF-4.cif", None, None, 300, 8601, 2000, 15000, 500, 1000, 25.0, "ZIF-4 (16 Zn) squeezed affinely into one quarter (a/2, b/2, c) of the nb-ZIF-FF ZIF-4-cp cell of data/md (15.86 x 14.40 x 14.51 A, from 15.42 x 15.40 x 18.44 A), then CG-minimised: ReaxFF's own relaxation of ZIF-4 at the cp cell"),
    "liq1500": ("liquid", S + "gaillac-2020-glass/ZIF4_15glass01.cif", None, None, 1500, 9001, 6000, 15000, 500, 500, 25.0, "AIMD glass g01 cell (ZIF-4 crystal density), 1.5 ps at 1500 K before the dump"),
    "liq1250": ("liquid", S + "gaillac-2020-glass/ZIF4_15glass03.cif", None, None, 1250, 9003, 6000, 15000, 500, 500, 25.0, "AIMD glass g03 cell (ZIF-4 crystal density), 1.5 ps at 1250 K before the dump"),
}
for k in range(1, 8):
    RUNS[f"g0{k}"] = ("glass", S + f"gaillac-2020-glass/ZIF4_15glass0{k}.cif", None, None, 300, 8700 + k, 2000, 15000, 500, 500, 25.0,
                      f"AIMD glass g0{k} at its cell (ZIF-4 crystal density, 16 Zn)")
# Cell overrides (rows a, b, c in A; atoms scaled with the cell): ZIF-4-cp takes a/2, b/2, c of the nb-ZIF-FF cp run's
# (2x2x1 ZIF-4) box, read from the first frame of data/md/ZIF-4-cp__NVT300K_cell-from-NPT105MPa_s4601.lammpstrj.gz.
CELL = {"cp": [[31.718059 / 2, 0, 0], [0.10282783 / 2, 28.804566 / 2, 0], [-0.09070834, -0.5095136, 14.50568311]]}


def file_name(name):
    phase, _, _, rep, T, seed, *_ = RUNS[name]
    tag = {"zif4": "refcell", "zni": "refcell", "cp2": "refcell", "hpt2": "refcell", "cp": "ZIF-4-in-nbZIFFF-cp-cell",
           "liq1500": "from-g01", "liq1250": "from-g03"}.get(name, name)
    return f"{phase}__ReaxFF_{tag}_NVT{T}K_s{seed}.lammpstrj.gz"


def zifphase(*args):
    subprocess.run([os.path.join(REPO, "zifphase"), *args], check=True, stdout=subprocess.DEVNULL)


def write_data(extxyz, path, cell=None):
    from ase.io import read, write
    atoms = read(extxyz)
    if cell is not None:
        atoms.set_cell(cell, scale_atoms=True)
    atoms.set_initial_charges(np.zeros(len(atoms)))
    order = np.argsort([ORDER.index(s) for s in atoms.get_chemical_symbols()], kind="stable")
    write(path, atoms[order], format="lammps-data", atom_style="charge", specorder=ORDER, force_skew=True)
    return len(atoms)


def parse_thermo(log):
    """Production thermo rows (after the last 'Step Temp Press' header): step, T (K), P (atm), PE, V (A^3)."""
    rows, cur = [], None
    for line in open(log):
        p = line.split()
        if p[:3] == ["Step", "Temp", "Press"]:
            cur = []
            rows.append(cur)
        elif cur is not None and len(p) == 5:
            try:
                cur.append([float(x) for x in p])
            except ValueError:
                cur = None
        elif cur is not None and p and p[0] == "Loop":
            cur = None
    return np.array(rows[-1])


def dump_frames(lines):
    """Frames of a LAMMPS `dump custom ... id element x y z` (triclinic box): per frame the header lines (TIMESTEP ..
    ITEM: ATOMS), the box as rows a, b, c (A) and its origin, and the atoms' ids, elements and positions."""
    i = 0
    while i < len(lines):
        assert lines[i] == "ITEM: TIMESTEP"
        n = int(lines[i + 3])
        b = [list(map(float, lines[i + 5 + k].split())) for k in range(3)]
        xy, xz, yz = b[0][2], b[1][2], b[2][2]
        xlo = b[0][0] - min(0, xy, xz, xy + xz); xhi = b[0][1] - max(0, xy, xz, xy + xz)
        ylo = b[1][0] - min(0, yz); yhi = b[1][1] - max(0, yz)
        zlo, zhi = b[2][0], b[2][1]
        H = np.array([[xhi - xlo, 0, 0], [xy, yhi - ylo, 0], [xz, yz, zhi - zlo]])  # rows = a, b, c
        head = lines[i + 8]
        assert head.split()[2:] == ["id", "element", "x", "y", "z"], head
        atoms = [lines[i + 9 + k].split() for k in range(n)]
        yield (lines[i:i + 9], H, np.array([xlo, ylo, zlo]), [a[0] for a in atoms], np.array([a[1] for a in atoms]),
               np.array([[float(v) for v in a[2:5]] for a in atoms]))
        i += 9 + n


def zn_n_distances(frac, el, H):
    """Zn x N distances (minimum image), A: one row per Zn."""
    d = frac[el == "Zn"][:, None, :] - frac[el == "N"][None, :, :]
    d -= np.round(d)
    return np.linalg.norm(d @ H, axis=2)


def wrap_and_stats(dump, out):
    """Wraps each frame's atoms into the triclinic box (LAMMPS's dump keeps them where they were at the last
    reneighbouring), writes gzip text, and returns per-frame cells and the Zn-N coordination histogram."""
    cells, cn_hist, zn_count, n_frames = [], {}, 0, 0
    tmp = out + ".tmp"
    with open(dump) as f, gzip.open(tmp, "wt") as g:
        for header, H, origin, ids, el, r in dump_frames(f.read().splitlines()):
            frac = np.linalg.solve(H.T, (r - origin).T).T
            frac -= np.floor(frac)
            frac[frac >= 1.0] = 0.0
            r = frac @ H + origin
            g.write("\n".join(header) + "\n")
            for k in range(len(ids)):
                g.write(f"{ids[k]} {el[k]} {r[k,0]:.5f} {r[k,1]:.5f} {r[k,2]:.5f}\n")
            for c in (zn_n_distances(frac, el, H) <= 2.5).sum(axis=1):
                cn_hist[int(c)] = cn_hist.get(int(c), 0) + 1
            zn_count = int((el == "Zn").sum())
            cells.append(H)
            n_frames += 1
    os.replace(tmp, out)
    masses = sum(MASS[e] for e in el)
    return np.array(cells), cn_hist, zn_count, n_frames, masses


def run(name):
    phase, src, frames, rep, T, seed, equil, prod, every, minsteps, tdamp, note = RUNS[name]
    d = os.path.join(RUNDIR, name)
    shutil.rmtree(d, ignore_errors=True); os.makedirs(d)
    conv = ["convert", os.path.join(REPO, src), os.path.join(d, "start.extxyz")]
    if frames: conv += ["--frames", frames]
    if rep: conv += ["--replicate", rep]
    zifphase(*conv)
    n_atoms = write_data(os.path.join(d, "start.extxyz"), os.path.join(d, "start.data"), CELL.get(name))
    t0 = time.time()
    cmd = [LMP, "-in", os.path.join(HERE, "in.phase"), "-log", "log.lammps", "-screen", "none",
           "-var", "data", "start.data", "-var", "control", os.path.join(HERE, "lmp_control"),
           "-var", "ffield", os.path.join(HERE, "ffield_ZnN_2016"), "-var", "T", str(T), "-var", "seed", str(seed),
           "-var", "equil", str(equil), "-var", "prod", str(prod), "-var", "every", str(every),
           "-var", "minsteps", str(minsteps), "-var", "tdamp", str(tdamp), "-var", "dump", "traj.dump"]
    subprocess.run(cmd, cwd=d, check=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    wall = time.time() - t0
    os.makedirs(OUTDIR, exist_ok=True)
    out = os.path.join(OUTDIR, file_name(name))
    cells, hist, zn, n_frames, mass = wrap_and_stats(os.path.join(d, "traj.dump"), out)
    th = parse_thermo(os.path.join(d, "log.lammps"))
    vol = np.abs(np.linalg.det(cells)).mean()
    H = cells.mean(axis=0)
    lengths = np.linalg.norm(H, axis=1)
    ang = lambda u, v: float(np.degrees(np.arccos(H[u] @ H[v] / lengths[u] / lengths[v])))
    total = sum(hist.values())
    rec = dict(name=name, file=os.path.basename(out), phase=phase, source=src, source_frames=frames, replicate=rep,
               T_set=T, seed=seed, timestep_fs=0.25, min_iterations=minsteps, equil_steps=equil, prod_steps=prod,
               dump_every=every, tdamp_fs=tdamp, note=note, atoms=n_atoms, zn=zn, frames=n_frames,
               cell_abc=[round(float(x), 3) for x in lengths], cell_angles=[round(ang(1, 2), 2), round(ang(0, 2), 2), round(ang(0, 1), 2)],
               zn_per_nm3=round(zn / vol * 1000, 3), density_g_cm3=round(mass / vol * 1.66054, 3),
               T_mean=round(float(th[:, 1].mean()), 1), P_mean_GPa=round(float(th[:, 2].mean() * 101325e-9), 3),
               P_sd_GPa=round(float(th[:, 2].std() * 101325e-9), 3),
               cn_mean=round(sum(k * v for k, v in hist.items()) / total, 3), cn_hist={str(k): hist[k] for k in sorted(hist)},
               wall_s=round(wall, 1), steps_per_s=round((equil + prod) / wall, 1), lammps=os.path.basename(LMP),
               date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    with open(os.path.join(d, "record.json"), "w") as f:
        json.dump(rec, f, indent=1)
    os.makedirs(os.path.join(HERE, "records"), exist_ok=True)
    shutil.copy(os.path.join(d, "record.json"), os.path.join(HERE, "records", name + ".json"))
    print(f"{name}: {rec['file']} {n_frames} frames, CN {rec['cn_mean']} {rec['cn_hist']}, T {rec['T_mean']} K, "
          f"P {rec['P_mean_GPa']} GPa, {rec['zn_per_nm3']} Zn/nm3, {wall:.0f} s", flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or args == ["--list"]:
        for k in RUNS: print(k, file_name(k))
        sys.exit(0)
    for name in (list(RUNS) if args == ["all"] else args):
        run(name)
