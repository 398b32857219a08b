"""Per-centre phase classification with models written by ``zifphase train``."""
import ctypes
import os

import numpy as np

from . import _native
from ._native import lib, check
from .io import iread_frames, _to_atoms

UNCERTAIN = "uncertain"
UNKNOWN = "unknown"

#: The pre-trained models ZifPhase ships (``PhaseClassifier.load("paper-soap")``); each has a model card.
SHIPPED_MODELS = ("paper-soap", "paper-bpsf")


def _model_folders():
    """The folders searched for a model given by name, in order (only those that exist): $ZIFPHASE_MODELS, then the
    package's own ``zifphase/models``."""
    folders = []
    env = os.environ.get("ZIFPHASE_MODELS")
    if env and os.path.isdir(env):
        folders.append(env)
    own = os.path.join(os.path.dirname(os.path.abspath(__file__)), "models")
    if os.path.isdir(own):
        folders.append(own)
    return folders


def resolve_model(model):
    """The file to load for a model argument, as the CLI resolves it: the argument itself when it exists or looks
    like a path (has a folder part or an extension), else NAME.json in $ZIFPHASE_MODELS, then in the package's
    ``zifphase/models`` (the shipped models). A name found nowhere raises FileNotFoundError naming the shipped models."""
    path = os.fspath(model)
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if os.path.exists(path):
        return path
    looks_like_path = "/" in path or "\\" in path or os.path.splitext(path)[1] != ""
    if looks_like_path:
        return path
    searched = _model_folders()
    for folder in searched:
        candidate = os.path.join(folder, path + ".json")
        if os.path.isfile(candidate):
            return candidate
    if path in SHIPPED_MODELS:
        raise FileNotFoundError(
            f"{path}: the shipped model is not installed with this zifphase (looked in "
            f"{', '.join(searched) or 'no models folder'}); set ZIFPHASE_MODELS to a folder holding {path}.json "
            f"(the repository's models folder)")
    raise FileNotFoundError(
        f"{path}: no such model file, and not a shipped model (shipped: {', '.join(SHIPPED_MODELS)})")


class PhaseClassifier:
    """A ZifPhase model (descriptor settings, scaler, MLP, class names) loaded from its JSON file.

    ``PhaseClassifier.load("model.json")`` (or a shipped model's name, ``PhaseClassifier.load("paper-soap")``);
    then ``predict_proba(atoms)``, ``predict(atoms)`` and ``predict_details(atoms)`` for an ase.Atoms, with the same
    numbers and labels as ``zifphase classify``.

    Attributes: ``classes_`` (class names), ``centers`` (the centre selection, e.g. "Zn"), ``has_novelty`` (whether
    the model has a novelty detector, i.e. can answer "unknown"), ``novelty_threshold`` (its threshold; NaN without
    one), ``n_members`` (networks averaged: the ensemble size, 1 for a single network).
    """

    def __init__(self, path, threshold=0.5, n_jobs=1):
        self._handle = None
        if not 0 <= threshold <= 1:
            raise ValueError(f"threshold must be in [0, 1], not {threshold}")
        handle = ctypes.c_void_p()
        path = resolve_model(path)
        check(lib.zp_classifier_load(os.fsencode(path), ctypes.byref(handle)))
        self._handle = handle
        self.path = path
        self.threshold = float(threshold)
        self.n_jobs = n_jobs
        self.classes_ = np.array(_native.string(lib.zp_classifier_classes, handle).split("\n"), dtype=object)
        self.centers = _native.string(lib.zp_classifier_centres, handle)
        has, threshold_, members = ctypes.c_int32(), ctypes.c_double(), ctypes.c_int32()
        check(lib.zp_classifier_info(handle, ctypes.byref(has), ctypes.byref(threshold_), ctypes.byref(members)))
        self.has_novelty = bool(has.value)
        self.novelty_threshold = float(threshold_.value)
        self.n_members = int(members.value)

    @classmethod
    def load(cls, path, threshold=0.5, n_jobs=1):
        """Loads a model file, or a shipped model by name ("paper-soap", "paper-bpsf"): a name that is not an
        existing file and has no folder part or extension is looked up as NAME.json in $ZIFPHASE_MODELS, then in the
        package's ``zifphase/models`` (FileNotFoundError naming the shipped models when found nowhere).
        threshold: a centre whose highest probability is below it is labelled "uncertain" by :meth:`predict`
        (the CLI's ``--threshold``, default 0.5). n_jobs: threads (-1: every core)."""
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
        d = self.classify_details(positions, numbers, cell, pbc, n_jobs)
        return d["centres"], d["probabilities"]

    def classify_details(self, positions, numbers, cell=None, pbc=None, n_jobs=None, threshold=None):
        """From plain arrays (Å): the whole answer, as :meth:`predict_details`."""
        positions, numbers, cell, pbc = _native.system_arrays(positions, numbers, cell, pbc)
        n = positions.shape[0]
        n_jobs = self.n_jobs if n_jobs is None else n_jobs
        threads = -1 if n_jobs is None or n_jobs < 0 else int(n_jobs)
        capacity = max(n, 1)
        while True:
            centres = np.empty(capacity, dtype=np.int32)
            probs = np.empty((capacity, len(self.classes_)), dtype=np.float64)
            novelty = np.empty(capacity, dtype=np.float64)
            unknown = np.empty(capacity, dtype=np.uint8)
            spread = np.empty(capacity, dtype=np.float64)
            count = ctypes.c_int32()
            code = lib.zp_classifier_predict_ex(self._handle, _native.dptr(positions), _native.iptr(numbers), n,
                                                _native.dptr(cell), _native.bptr(pbc), threads, _native.iptr(centres),
                                                _native.dptr(probs), _native.dptr(novelty), _native.bptr(unknown),
                                                _native.dptr(spread), capacity, ctypes.byref(count))
            if code == _native.TOO_SMALL and count.value > capacity:
                capacity = count.value
                continue
            check(code)
            k = count.value
            probs = probs[:k].copy()
            unknown = unknown[:k].astype(bool)
            return {
                "centres": centres[:k].astype(np.int64),
                "probabilities": probs,
                "labels": self.labels(probs, threshold, unknown),
                "novelty": novelty[:k].copy(),
                "unknown": unknown,
                "spread": spread[:k].copy(),
            }

    @staticmethod
    def _arrays(atoms):
        pbc = atoms.get_pbc()
        cell = atoms.cell.array if pbc.any() else None
        return atoms.get_positions(), atoms.get_atomic_numbers(), cell, pbc if pbc.any() else None

    def _atoms(self, atoms, n_jobs):
        return self.classify(*self._arrays(atoms), n_jobs)

    def centres(self, atoms):
        """Indices of the atoms this model classifies (its centre selection, e.g. every Zn)."""
        return self._atoms(atoms, self.n_jobs)[0]

    def predict_proba(self, atoms, n_jobs=None):
        """Phase probabilities per centre: float64 (n_centres, n_classes), columns in ``classes_`` order."""
        return self._atoms(atoms, n_jobs)[1]

    def predict_details(self, atoms, threshold=None, n_jobs=None):
        """Everything the model says about each centre of an ase.Atoms, as a dict of arrays (n: the centres):

        - ``centres``: (n,) int64, the centre atom indices;
        - ``probabilities``: (n, n_classes) float64, as :meth:`predict_proba`;
        - ``labels``: (n,) object array of str, as :meth:`predict`;
        - ``novelty``: (n,) float64, the novelty detector's score (a Mahalanobis distance; NaN without a detector);
        - ``unknown``: (n,) bool, score above ``novelty_threshold`` (all False without a detector);
        - ``spread``: (n,) float64, the standard deviation over the ensemble's members of the most probable class's
          probability (0 for a single network).
        """
        return self.classify_details(*self._arrays(atoms), n_jobs, threshold)

    def novelty(self, atoms, n_jobs=None):
        """Novelty score per centre: float64 (n_centres,), NaN when the model has no detector; a centre whose score
        is above ``novelty_threshold`` is "unknown"."""
        return self.predict_details(atoms, n_jobs=n_jobs)["novelty"]

    def labels(self, probabilities, threshold=None, unknown=None):
        """Labels from probabilities, as the CLI writes them: "unknown" where ``unknown`` (bool per centre, from
        :meth:`predict_details`; None: none) is set, else "uncertain" where the highest probability is below
        threshold, else the most probable class (the first on ties)."""
        threshold = self.threshold if threshold is None else threshold
        probabilities = np.asarray(probabilities)
        best = np.argmax(probabilities, axis=1)
        labels = self.classes_[best].astype(object)
        labels[probabilities[np.arange(len(best)), best] < threshold] = UNCERTAIN
        if unknown is not None:
            unknown = np.asarray(unknown, dtype=bool)
            if unknown.shape != best.shape:
                raise ValueError(f"unknown must have shape {best.shape}, not {unknown.shape}")
            labels[unknown] = UNKNOWN
        return labels

    def predict(self, atoms, threshold=None, n_jobs=None):
        """Phase label per centre (object array of str), as ``zifphase classify`` writes them: "unknown" where the
        model's novelty detector rejects the centre, else "uncertain" where the highest probability is below
        ``threshold`` (default: the model's, 0.5), else the most probable class."""
        return self.predict_details(atoms, threshold, n_jobs)["labels"]


def classify_trajectory(model, path, index=":", types=None, threshold=None, n_jobs=None):
    """Classifies a trajectory frame by frame, one frame in memory at a time.

    model: a :class:`PhaseClassifier`, the path of a model file or a shipped model's name. path, index, types: as
    :func:`zifphase.read`. Yields (atoms, labels, probabilities) per frame: an ``ase.Atoms`` with
    ``atoms.info["centres"]`` (the centre indices) and ``atoms.info["novelty"]``, ``["unknown"]``, ``["spread"]``
    (as :meth:`PhaseClassifier.predict_details`), labels (n_centres,) as :meth:`PhaseClassifier.predict` and
    probabilities (n_centres, n_classes) float64.
    """
    if not isinstance(model, PhaseClassifier):
        model = PhaseClassifier.load(model)
    for frame in iread_frames(path, index, types):
        pbc = frame["pbc"]
        d = model.classify_details(frame["positions"], frame["numbers"], frame["cell"] if pbc.any() else None,
                                   pbc if pbc.any() else None, n_jobs, threshold)
        atoms = _to_atoms(frame)
        atoms.info["centres"] = d["centres"]
        atoms.info["novelty"] = d["novelty"]
        atoms.info["unknown"] = d["unknown"]
        atoms.info["spread"] = d["spread"]
        yield atoms, d["labels"], d["probabilities"]
