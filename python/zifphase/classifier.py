"""Per-centre phase classification with models written by ``zifphase train``."""
import ctypes
import os

import numpy as np

from . import _native
from ._native import lib, check
from .io import iread_frames, _to_atoms

UNCERTAIN = "uncertain"


class PhaseClassifier:
    """A ZifPhase model (descriptor settings, scaler, MLP, class names) loaded from its JSON file.

    ``PhaseClassifier.load("model.json")``; then ``predict_proba(atoms)`` and ``predict(atoms)`` for an ase.Atoms,
    with the same numbers and labels as ``zifphase classify``.
    """

    def __init__(self, path, threshold=0.5, n_jobs=1):
        self._handle = None
        if not 0 <= threshold <= 1:
            raise ValueError(f"threshold must be in [0, 1], not {threshold}")
        handle = ctypes.c_void_p()
        check(lib.zp_classifier_load(os.fsencode(os.fspath(path)), ctypes.byref(handle)))
        self._handle = handle
        self.path = os.fspath(path)
        self.threshold = float(threshold)
        self.n_jobs = n_jobs
        self.classes_ = np.array(_native.string(lib.zp_classifier_classes, handle).split("\n"), dtype=object)
        self.centers = _native.string(lib.zp_classifier_centres, handle)

    @classmethod
    def load(cls, path, threshold=0.5, n_jobs=1):
        """Loads a model file. threshold: a centre whose highest probability is below it is labelled "uncertain"
        by :meth:`predict` (the CLI's ``--threshold``, default 0.5). n_jobs: threads (-1: every core)."""
        return cls(path, threshold, n_jobs)

    def __del__(self):
        handle, self._handle = self._handle, None
        if handle is not None and lib is not None:
            try:
                lib.zp_classifier_free(handle)
            except Exception:
                pass

    def classify(self, positions, numbers, cell=None, pbc=None, n_jobs=None):
        """From plain arrays (Å): returns (centres, probabilities): centre atom indices (n_centres,) int64 and
        probabilities (n_centres, n_classes) float64 (the network's float32 values), rows summing to 1."""
        positions, numbers, cell, pbc = _native.system_arrays(positions, numbers, cell, pbc)
        n = positions.shape[0]
        n_jobs = self.n_jobs if n_jobs is None else n_jobs
        threads = -1 if n_jobs is None or n_jobs < 0 else int(n_jobs)
        capacity = max(n, 1)
        while True:
            centres = np.empty(capacity, dtype=np.int32)
            probs = np.empty((capacity, len(self.classes_)), dtype=np.float64)
            count = ctypes.c_int32()
            code = lib.zp_classifier_predict(self._handle, _native.dptr(positions), _native.iptr(numbers), n,
                                             _native.dptr(cell), _native.bptr(pbc), threads, _native.iptr(centres),
                                             _native.dptr(probs), capacity, ctypes.byref(count))
            if code == _native.TOO_SMALL and count.value > capacity:
                capacity = count.value
                continue
            check(code)
            k = count.value
            return centres[:k].astype(np.int64), probs[:k].copy()

    def _atoms(self, atoms, n_jobs):
        pbc = atoms.get_pbc()
        cell = atoms.cell.array if pbc.any() else None
        return self.classify(atoms.get_positions(), atoms.get_atomic_numbers(), cell, pbc if pbc.any() else None, n_jobs)

    def centres(self, atoms):
        """Indices of the atoms this model classifies (its centre selection, e.g. every Zn)."""
        return self._atoms(atoms, self.n_jobs)[0]

    def predict_proba(self, atoms, n_jobs=None):
        """Phase probabilities per centre: float64 (n_centres, n_classes), columns in ``classes_`` order."""
        return self._atoms(atoms, n_jobs)[1]

    def labels(self, probabilities, threshold=None):
        """Labels from probabilities: the most probable class (the first on ties), "uncertain" below threshold."""
        threshold = self.threshold if threshold is None else threshold
        probabilities = np.asarray(probabilities)
        best = np.argmax(probabilities, axis=1)
        labels = self.classes_[best].astype(object)
        labels[probabilities[np.arange(len(best)), best] < threshold] = UNCERTAIN
        return labels

    def predict(self, atoms, threshold=None, n_jobs=None):
        """Phase label per centre (object array of str), "uncertain" where the highest probability is below
        ``threshold`` (default: the model's, 0.5), as ``zifphase classify`` writes them."""
        return self.labels(self.predict_proba(atoms, n_jobs), threshold)


def classify_trajectory(model, path, index=":", types=None, threshold=None, n_jobs=None):
    """Classifies a trajectory frame by frame, one frame in memory at a time.

    model: a :class:`PhaseClassifier` or the path of a model file. path, index, types: as :func:`zifphase.read`.
    Yields (atoms, labels, probabilities) per frame: an ``ase.Atoms`` with ``atoms.info["centres"]`` (the centre
    indices), labels (n_centres,) and probabilities (n_centres, n_classes) float64.
    """
    if not isinstance(model, PhaseClassifier):
        model = PhaseClassifier.load(model)
    for frame in iread_frames(path, index, types):
        pbc = frame["pbc"]
        centres, probs = model.classify(frame["positions"], frame["numbers"], frame["cell"] if pbc.any() else None,
                                        pbc if pbc.any() else None, n_jobs)
        atoms = _to_atoms(frame)
        atoms.info["centres"] = centres
        yield atoms, model.labels(probs, threshold), probs
