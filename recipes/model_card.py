#!/usr/bin/python3
# (Debian's Python: python3-numpy and python3-ase install there, not into other Pythons on PATH)
"""Model cards for the shipped models: models/paper-<d>.md and models/paper-<d>.metrics.json, and the comparison of
training choices models/README.md, from the outputs of `recipes/models.sh measure` and `train` (recipes/.models/).
Every figure is read from a file a zifphase command wrote, or measured here by running zifphase classify.
Run from the repository root: /usr/bin/python3 recipes/model_card.py"""
import csv, json, os, subprocess, tomllib

import numpy as np

WORK = os.environ.get("WORK", "recipes/.models")
MODELS = os.environ.get("MODELS", "models")
DESCRIPTORS = os.environ.get("DESCRIPTORS", "bpsf soap").split()
Z = "./zifphase"
VARIANTS = [("paper", "the paper's recipe: unweighted loss, preset stopping (sklearn training-loss rule for SOAP, 350 epochs for BPSF)"),
            ("balanced", "+ balanced class weights"),
            ("runstop", "+ early stopping on held-out runs, refit on all rows"),
            ("noise", "+ Gaussian input noise, sigma 0.1 (scaled units)"),
            ("ensemble", "balanced class weights + ensemble of 5, the preset's stopping (the shipped options)")]
PAPER_TABLE2 = {"soap": {"cross": (76.4, 84.5), "both": 98.6}, "bpsf": {"cross": (64.4, 64.9), "both": 92.6}}
OTHER_NETS = ["lewis-2009/ZIF-10.cif", "lewis-2009/ZIF-1.cif", "lewis-2009/ZIF-2.cif", "lewis-2009/ZIF-3.cif",
              "lewis-2009/ZIF-6.cif", "duerholt-2019/coi.cif", "duerholt-2019/nog.cif"]


def run(*args):
    return subprocess.run([Z, *args], check=True, capture_output=True, text=True).stdout


def cross(d, v):
    with open(os.path.join(WORK, f"{d}-{v}", "cross.csv")) as f:
        return {(r["trained_on"], r["tested_on"]): r for r in csv.DictReader(f)}


def pct(x):
    return "–" if x in ("", None) else f"{100 * float(x):.1f}"


def cell(r, balanced=False):
    k = "balanced_accuracy" if balanced else "accuracy"
    if r[k] == "":
        return "–"
    return f"{pct(r[k])} ({pct(r[k + '_ci_low'])}–{pct(r[k + '_ci_high'])})"


def fractions(model, path, out):
    run("classify", model, path, "--fractions", out)
    with open(out) as f:
        rows = list(csv.DictReader(f))
    classes = [k[len("count_"):] for k in rows[0] if k.startswith("count_")]
    counts = {c: sum(int(float(r["count_" + c])) for r in rows) for c in classes}
    n = sum(int(float(r["n_centres"])) for r in rows)
    unknown = sum(float(r["frac_unknown"]) * float(r["n_centres"]) for r in rows)
    return counts, n, round(unknown)


def ideal_gas(seed):
    """The ZIF-4 cell's atoms (Zn(Im)2, 272 atoms) at uniformly random positions: no structure, the ZIF-4 density."""
    from ase.io import read, write
    path = os.path.join(WORK, f"ideal-gas-s{seed}.extxyz")
    if not os.path.exists(path):
        tmp = os.path.join(WORK, "zif4.extxyz")
        run("convert", "data/structures/lewis-2009/ZIF-4.cif", tmp)
        atoms = read(tmp)
        rng = np.random.default_rng(seed)
        atoms.set_scaled_positions(rng.random((len(atoms), 3)))
        write(path, atoms, format="extxyz")
    return path


KNOWN = ["ZIF-4", "ZIF-4-cp", "ZIF-4-cp-II", "ZIF-zni", "ZIF-hPT-II", "glass", "liquid"]


def phase_id(p):
    return p.replace("-", "_")


def phase_name(identifier):
    """The phase of a count_/frac_ column identifier (ZIF_4_cp -> ZIF-4-cp)."""
    return next((k for k in KNOWN if phase_id(k) == identifier), identifier)


def main():
    manifest = tomllib.load(open("data/manifests/real-structures.toml", "rb"))
    card_rows = {}
    for d in DESCRIPTORS:
        model = f"{MODELS}/paper-{d}.json"
        m = json.load(open(model))
        t = m["training"]
        rec = {"model": model, "training": t}
        # Table 2 with the shipped options (variant "ensemble") and the comparison of variants
        c = cross(d, "ensemble")
        rec["table2_split"] = "run: whole glass and liquid runs held out per force field; each crystal's single run tested on its last 20 % of frames after a 4-frame gap"
        rec["table2"] = [{k: r[k] for k in r} for r in c.values()]
        rec["variants"] = {v: {f"{a}->{b}": {"accuracy": r["accuracy"], "balanced_accuracy": r["balanced_accuracy"],
                                               "ci": [r["accuracy_ci_low"], r["accuracy_ci_high"]]}
                               for (a, b), r in cross(d, v).items()} for v, _ in VARIANTS
                          if os.path.exists(os.path.join(WORK, f"{d}-{v}", "cross.csv"))}
        held = json.load(open(os.path.join(WORK, f"{d}-heldout.metrics.json")))
        rec["heldout_runs"] = {"accuracy": held["accuracy"], "balanced_accuracy": held["balanced_accuracy"],
                               "accuracy_ci95": held["accuracy_ci95"], "unknown_fraction": held.get("unknown_fraction"),
                               "split": held["split_description"]}
        # unknown answer on structures no model saw
        gas = [fractions(model, ideal_gas(s), os.path.join(WORK, f"{d}-gas{s}.csv")) for s in (1, 2, 3)]
        rec["ideal_gas"] = {"zn": sum(g[1] for g in gas), "unknown": sum(g[2] for g in gas)}
        rec["other_nets"] = {}
        for f in OTHER_NETS:
            counts, n, unk = fractions(model, "data/structures/" + f, os.path.join(WORK, f"{d}-{os.path.basename(f)}.csv"))
            rec["other_nets"][f] = {"zn": n, "unknown": unk, "counts": counts}
        # the real-structure benchmark
        rec["real_structures"] = {}
        for s in manifest["source"]:
            path = os.path.normpath(os.path.join("data/manifests", s["path"]))
            counts, n, unk = fractions(model, path, os.path.join(WORK, f"{d}-real.csv"))
            known = phase_id(s["phase"])
            top = max(counts, key=counts.get)
            ties = [k for k, v in counts.items() if v == counts[top]]
            rec["real_structures"][path[len("data/"):]] = {"phase": s["phase"], "zn": n, "unknown": unk, "counts": counts,
                                                        "majority": top if len(ties) == 1 else "tie",
                                                        "right": len(ties) == 1 and top == known,
                                                        "glass_or_liquid": (counts.get("glass", 0) + counts.get("liquid", 0)) / n}
        with open(f"{MODELS}/paper-{d}.metrics.json", "w") as f:
            json.dump(rec, f, indent=1)
        card_rows[d] = rec
        write_card(d, rec, m)
    # the two novelty spaces compared on held-out runs (train --split run) and on structures no model saw
    novelty = []
    for d, label, stem in (("soap", "hidden", "soap-heldout"), ("bpsf", "hidden", "bpsf-heldout"), ("bpsf", "descriptor", "bpsf-heldout-descriptor")):
        mj = os.path.join(WORK, stem + ".json")
        if not os.path.exists(mj):
            continue
        held = json.load(open(os.path.join(WORK, stem + ".metrics.json")))
        gas = [fractions(mj, ideal_gas(s), os.path.join(WORK, f"{stem}-gas{s}.csv")) for s in (1, 2, 3)]
        nets = [fractions(mj, "data/structures/" + f, os.path.join(WORK, f"{stem}-net.csv")) for f in OTHER_NETS]
        novelty.append((d, label, held.get("unknown_fraction") or 0, sum(g[2] for g in gas) / sum(g[1] for g in gas),
                        sum(n[2] for n in nets) / sum(n[1] for n in nets), nets[0][2] / nets[0][1]))
    write_readme(card_rows, novelty)


def write_card(d, rec, m):
    t = rec["training"]
    name = f"paper-{d}"
    D = "SOAP (DScribe 2.1.1 settings: r_cut 9 Å, n_max 12, l_max 9, sigma 1, species C H N Zn, 780 values)" if d == "soap" else \
        "BPSF: the paper's 12 Behler–Parrinello symmetry functions over Zn neighbours (13 Å)"
    L = []
    L.append(f"# Model card: {name}\n")
    L.append(f"`models/{name}.json` — load it by name anywhere a model file is asked for: `zifphase classify {name} run.lammpstrj --fractions f.csv`.\n")
    L.append("## What it is\n")
    L.append(f"- Descriptor: {D}; centres: Zn.")
    L.append(f"- Network: {'-'.join(str(x) for x in [m['members'][0]['layers'][0]['inputs']] + [l['outputs'] for l in m['members'][0]['layers']])}, ReLU, softmax; an ensemble of {t.get('ensemble', 1)} members (mean probability; the per-Zn spread between members is written beside each label).")
    L.append(f"- Training: preset {t['preset']}, class weights {t['class_weights']}, early stopping {t.get('early_stopping')} (epochs per member {t.get('member_epochs')}), augmentation {t.get('augment')}, seed {t['seed']}.")
    L.append(f"- Unknown answer: Mahalanobis distance in the {t.get('novelty')} space, threshold at the 99.9th percentile of the training rows.")
    L.append(f"- Trained on every row of `data/manifests/two-ff-{d}.toml` ({t['train_rows']:,} Zn environments): the nb-ZIF-FF MD of data/md (tag nbzif, all seven phases) and the ReaxFF MD of data/md-reaxff (tag reaxff, six phases: its zni run is left out of training because it failed its phase check, see data/md-reaxff/MANIFEST.md); command in `recipes/models.sh train`. Training-set accuracy {100 * t['train_accuracy']:.2f} % (not a measure of generalisation).\n")
    L.append("## Held-out figures (the paper's Table 2 on our data)\n")
    L.append(f"`zifphase experiment cross data/manifests/two-ff-{d}.toml --preset {name} --split run {'--epochs 300 ' if d == 'soap' else ''}{os.environ.get('SHIPPED', '--class-weights balanced --ensemble 5')}` — split {rec['table2_split']}. Accuracy in % with 95 % bootstrap-over-frames intervals; balanced accuracy beside it.\n")
    L.append("| trained on | tested on | accuracy (95 % CI) | balanced accuracy (95 % CI) | frames | Zn rows | paper |")
    L.append("|---|---|---|---|---|---|---|")
    p = PAPER_TABLE2[d]
    for r in rec["table2"]:
        a, b = r["trained_on"], r["tested_on"]
        paper = ""
        if a != b and "all" not in (a, b):
            paper = f"{p['cross'][0]} / {p['cross'][1]} (one FF → the other)"
        elif a == "all":
            paper = f"{p['both']} (both)"
        L.append(f"| {a} | {b} | {cell(r)} | {cell(r, True)} | {r['test_frames']} | {r['test_rows']} | {paper} |")
    h = rec["heldout_runs"]
    L.append(f"\nThe shipped options trained on the training side of the same split (`train --split run`): held-out accuracy {100 * h['accuracy']:.1f} % ({100 * h['accuracy_ci95'][0]:.1f}–{100 * h['accuracy_ci95'][1]:.1f}), balanced {100 * h['balanced_accuracy']:.1f} %; "
             f"{100 * (h['unknown_fraction'] or 0):.2f} % of the held-out Zn are called unknown.\n")
    L.append("## The unknown answer\n")
    g = rec["ideal_gas"]
    L.append(f"- Ideal gas (ZIF-4's 272 atoms at random positions in its cell, three seeds): {g['unknown']} of {g['zn']} Zn unknown ({100 * g['unknown'] / g['zn']:.0f} %).")
    for f, v in rec["other_nets"].items():
        top = max(v["counts"], key=v["counts"].get)
        L.append(f"- {f} (a Zn(Im)2 net never trained on): {v['unknown']} of {v['zn']} Zn unknown; the most probable phase is {phase_name(top)} for {v['counts'][top]}.")
    L.append(f"- Held-out runs of trained phases: {100 * (h['unknown_fraction'] or 0):.2f} % unknown (above).\n")
    L.append("## Real structures (data/structures; test: tests/ZifPhase.Tests/Learning/ShippedModelTests.cs)\n")
    L.append("| structure | known phase | Zn | Zn per phase | unknown | majority | right |")
    L.append("|---|---|---|---|---|---|---|")
    for f, v in rec["real_structures"].items():
        counts = ", ".join(f"{phase_name(k)} {n}" for k, n in v["counts"].items() if n)
        L.append(f"| {f} | {v['phase']} | {v['zn']} | {counts} | {v['unknown']} | {phase_name(v['majority'])} | {'yes' if v['right'] else 'NO'} |")
    right = sum(v["right"] for v in rec["real_structures"].values())
    L.append(f"\n{right} of {len(rec['real_structures'])} files have their known phase as the majority.\n")
    L.append("## Where it is known to fail\n")
    L.append("See the rows marked NO above and the cross-force-field cells of the table; both force fields are classical or reactive models "
             "whose cells and local geometry differ from experiment and DFT, and the liquid and glass are model states (data/md/MANIFEST.md, "
             "data/md-reaxff/MANIFEST.md). A phase absent from training (any other Zn(Im)2 net) can only be called one of the seven or unknown.\n")
    with open(f"{MODELS}/{name}.md", "w") as f:
        f.write("\n".join(L))


def write_readme(rows, novelty):
    L = ["# Shipped models", "",
         "`paper-soap.json` and `paper-bpsf.json` are trained on all the MD of both force fields in data/ (nb-ZIF-FF and ReaxFF). "
         "Each has a model card (`paper-soap.md`, `paper-bpsf.md`) with its held-out figures, the unknown answer and the "
         "real-structure benchmark, and a `.metrics.json` holding those figures (tests check that the shipped models still "
         "reproduce them). `recipes/models.sh all` makes all of it again.", "",
         "## Which training choices help (measured on held-out runs and on the other force field)", "",
         "Each row is `experiment cross --split run` over both force fields with the options named; cells are accuracy in % "
         "(balanced accuracy in brackets). nb → R: trained on nb-ZIF-FF, tested on held-out ReaxFF rows; R → nb the reverse; "
         "both → nb / both → R: trained on both, tested on the held-out runs of each.", ""]
    for d, rec in rows.items():
        L.append(f"### {d.upper()}\n")
        L.append("| variant | nb → R | R → nb | both → nb | both → R | both → all |")
        L.append("|---|---|---|---|---|---|")
        for v, text in VARIANTS:
            if v not in rec["variants"]:
                continue
            c = rec["variants"][v]
            def f(k):
                x = c.get(k)
                return "–" if x is None or x["accuracy"] == "" else f"{pct(x['accuracy'])} ({pct(x['balanced_accuracy'])})"
            L.append(f"| {v}: {text} | {f('nbzif->reaxff')} | {f('reaxff->nbzif')} | {f('all->nbzif')} | {f('all->reaxff')} | {f('all->all')} |")
        L.append("")
    L += ["## The unknown answer: which space", "",
          "Models trained with the shipped options on the training side of the run split (`train --split run`); unknown = "
          "Mahalanobis distance to the nearest phase beyond the training rows' 99.9th percentile. Held-out: Zn of held-out runs "
          "of trained phases (should be near 0); ideal gas: three random boxes of ZIF-4's atoms; other nets: ZIF-1, -2, -3, -6, "
          "-10, coi, nog (Zn(Im)2 nets no model saw; should be high).", "",
          "| descriptor | space | held-out runs unknown | ideal gas unknown | other nets unknown | ZIF-10 unknown |", "|---|---|---|---|---|---|"]
    L += [f"| {d} | {space} | {100 * h:.2f} % | {100 * g:.0f} % | {100 * o:.0f} % | {100 * z:.0f} % |" for d, space, h, g, o, z in novelty]
    L.append("")
    if os.path.exists("recipes/models_reading.md"):  # the conclusions drawn from the tables above, written by hand
        L.append(open("recipes/models_reading.md").read())
    with open(f"{MODELS}/README.md", "w") as f:
        f.write("\n".join(L))


if __name__ == "__main__":
    main()
