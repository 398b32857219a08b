"""ZifPhase from Python in a few lines: DScribe's SOAP/ACSF arguments, ASE in, NumPy out.

Run from anywhere after installing the wheel (python/build.sh; pip install python/dist/zifphase-*.whl).
"""
from pathlib import Path

import numpy as np

import zifphase  # instead of: from dscribe.descriptors import SOAP, ACSF

root = Path(__file__).resolve().parents[1]
atoms = zifphase.read(root / "data" / "structures" / "lewis-2009" / "ZIF-4.cif", index=0)  # an ase.Atoms
zn = np.flatnonzero(atoms.numbers == 30)

# The paper's SOAP with DScribe's arguments (periodic must be given: DScribe's default is False).
soap = zifphase.SOAP(species=["H", "C", "N", "Zn"], r_cut=9.0, n_max=12, l_max=9, sigma=1.0,
                     compression={"mode": "mu2"}, periodic=True)
rows = soap.create(atoms, centers=zn, n_jobs=2)
print(f"SOAP: {rows.shape} {rows.dtype} (centres × features), {soap.get_number_of_features()} features")

bpsf = zifphase.ACSF.preset("paper-bpsf")
print(f"ACSF paper-bpsf: {bpsf.create(atoms, centers=zn).shape}")

# A trajectory, frame by frame (gzip and triclinic LAMMPS dumps are read natively).
md = root / "data" / "md" / "transition__ZIF-4-to-dense_NPT300K_105MPa_s4201.lammpstrj.gz"
for frame in zifphase.read(md, index="0:3"):
    x = bpsf.create(frame, centers=np.flatnonzero(frame.numbers == 30))
    print(f"step {frame.info['step']}: {len(frame)} atoms, mean G2(η1) {x[:, 0].mean():.4f}")

# With a model from `zifphase train`:
#   clf = zifphase.PhaseClassifier.load("model.json")
#   for atoms, labels, probabilities in zifphase.classify_trajectory(clf, md):
#       print(atoms.info["step"], dict(zip(*np.unique(labels, return_counts=True))))
