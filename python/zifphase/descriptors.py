"""SOAP and ACSF with DScribe 2.1.1's constructor arguments and ``create`` (same numbers, float64, Å)."""
import ctypes
import inspect
import json

import numpy as np

from . import _native
from ._native import lib, check

_PRESETS = {"paper-soap": "soap", "paper-bpsf": "acsf"}


def _plain(value):
    """JSON-serialisable copy of an argument (NumPy arrays and scalars to lists and Python numbers)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def _soap_dscribe(r_cut=None, n_max=None, l_max=None, sigma=1.0, rbf="gto", weighting=None, average="off",
                  compression={"mode": "off", "species_weighting": None}, species=None, periodic=False,
                  sparse=False, dtype="float64"):
    pass


def _soap_species_first(species, r_cut=None, n_max=None, l_max=None, sigma=1.0, rbf="gto", weighting=None,
                        compression={"mode": "off", "species_weighting": None}, average="off", periodic=False,
                        sparse=False, dtype="float64"):
    pass


def _acsf_dscribe(r_cut=None, g2_params=None, g3_params=None, g4_params=None, g5_params=None, species=None,
                  periodic=False, sparse=False, dtype="float64"):
    pass


def _acsf_species_first(species, r_cut=None, g2_params=None, g3_params=None, g4_params=None, g5_params=None,
                        periodic=False, sparse=False, dtype="float64"):
    pass


_SOAP_DSCRIBE = inspect.signature(_soap_dscribe)
_SOAP_SPECIES_FIRST = inspect.signature(_soap_species_first)
_ACSF_DSCRIBE = inspect.signature(_acsf_dscribe)
_ACSF_SPECIES_FIRST = inspect.signature(_acsf_species_first)


def _bind(dscribe, species_first, args, kwargs):
    """Arguments bound to DScribe's signature (r_cut first), or to the species-first form when the first
    positional argument is a list of species."""
    signature = dscribe
    if args and isinstance(args[0], (list, tuple, np.ndarray)):
        signature = species_first
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    return bound.arguments


class _Descriptor:
    """Common part of :class:`SOAP` and :class:`ACSF`: a handle on the native descriptor."""

    _kind = None
    _handle = None

    def _open(self, text, is_preset):
        handle = ctypes.c_void_p()
        check(lib.zp_descriptor_create(text.encode("utf-8"), 1 if is_preset else 0, ctypes.byref(handle)))
        self._handle = handle
        dim = ctypes.c_int64()
        check(lib.zp_descriptor_dimension(self._handle, ctypes.byref(dim)))
        self._dimension = int(dim.value)

    def _open_spec(self, spec):
        self.spec = spec
        self._open(json.dumps(spec), False)

    @classmethod
    def preset(cls, name):
        """A named ZifPhase preset: ``SOAP.preset("paper-soap")`` (780 values), ``ACSF.preset("paper-bpsf")`` (12 values).

        Presets are periodic (they describe bulk MD cells)."""
        kind = _PRESETS.get(str(name).strip().lower())
        if kind is None:
            raise ValueError(f"unknown descriptor preset '{name}' (known: {', '.join(_PRESETS)})")
        if kind != cls._kind:
            other = "SOAP" if kind == "soap" else "ACSF"
            raise ValueError(f"'{name}' is a{'n' if other == 'ACSF' else ''} {other} preset; use zifphase.{other}.preset('{name}')")
        self = cls.__new__(cls)
        self.spec = None
        self.preset_name = str(name).strip().lower()
        self.periodic = True
        self.dtype = "float64"
        self.average = "off"
        self._open(self.preset_name, True)
        return self

    def __del__(self):
        handle, self._handle = self._handle, None
        if handle is not None and lib is not None:
            try:
                lib.zp_descriptor_free(handle)
            except Exception:  # interpreter shutdown
                pass

    def get_number_of_features(self):
        """Number of values per row (DScribe's ``get_number_of_features()``)."""
        return self._dimension

    @property
    def feature_names(self):
        """One name per column, in DScribe's column order."""
        return _native.string(lib.zp_descriptor_feature_names, self._handle).split("\n")

    def create(self, system, centers=None, n_jobs=1, only_physical_cores=False, verbose=False):
        """Descriptor rows of one system or of a list of systems, as DScribe's ``create``.

        system: an ``ase.Atoms`` (positions in Å, cell rows in Å, pbc) or a list of them.
        centers: atom indices (0-based) of the centres; None means every atom. For a list of systems, a list of
            index lists (or None). Cartesian centre positions (DScribe also takes those) are not supported.
        n_jobs: threads (-1: every core). Results are identical for any value; the GIL is released while computing.
        only_physical_cores, verbose: accepted for DScribe compatibility, ignored.

        Returns a NumPy array of dtype float64 (float32 when ``dtype="float32"``): for one system shape
        (n_centers, n_features), or (n_features,) when ``average`` is "inner" or "outer"; for a list of systems
        (n_systems, n_centers, n_features) when every system has the same number of centres, else a list of arrays.
        """
        if isinstance(system, (list, tuple)):
            if centers is None:
                centers = [None] * len(system)
            if len(centers) != len(system):
                raise ValueError(f"centers gives {len(centers)} lists for {len(system)} systems")
            rows = [self._create_single(s, c, n_jobs) for s, c in zip(system, centers)]
            if len({r.shape for r in rows}) <= 1:
                return np.stack(rows) if rows else np.empty((0, self._dimension), dtype=self._out_dtype())
            return rows
        return self._create_single(system, centers, n_jobs)

    def _out_dtype(self):
        return np.float32 if getattr(self, "dtype", "float64") == "float32" else np.float64

    def _create_single(self, atoms, centers, n_jobs):
        positions = atoms.get_positions()
        numbers = atoms.get_atomic_numbers()
        return self.compute(positions, numbers, atoms.cell.array if self.periodic else None,
                            atoms.get_pbc() if self.periodic else None, centers, n_jobs)

    def compute(self, positions, numbers, cell=None, pbc=None, centers=None, n_jobs=1):
        """Rows from plain arrays: positions (N, 3) Å, atomic numbers (N,), cell (3, 3) rows a, b, c in Å or None,
        pbc three booleans or None (None: not periodic), centers atom indices or None (all atoms).
        Returns float64 (n_centers, n_features) ((n_features,) when averaged)."""
        positions, numbers, cell, pbc = _native.system_arrays(positions, numbers, cell, pbc)
        n = positions.shape[0]
        if centers is None:
            idx = np.arange(n, dtype=np.int32)
        else:
            arr = np.asarray(centers)
            if arr.ndim == 2:
                raise ValueError("centers must be atom indices; Cartesian centre positions are not supported by zifphase")
            if arr.ndim != 1 or (arr.size and not np.issubdtype(arr.dtype, np.integer)):
                raise ValueError("centers must be a list of atom indices (integers)")
            idx = np.ascontiguousarray(arr, dtype=np.int32)
        threads = -1 if n_jobs is None or n_jobs < 0 else int(n_jobs)
        if threads == 0:
            raise ValueError("n_jobs must be a positive number of threads or -1 (every core)")
        rows = ctypes.c_int64()
        check(lib.zp_descriptor_row_count(self._handle, len(idx), ctypes.byref(rows)))
        out = np.empty((int(rows.value), self._dimension), dtype=np.float64)
        check(lib.zp_descriptor_compute(self._handle, _native.dptr(positions), _native.iptr(numbers), n,
                                        _native.dptr(cell), _native.bptr(pbc), _native.iptr(idx), len(idx), threads,
                                        _native.dptr(out), out.size))
        if getattr(self, "average", "off") != "off":
            out = out[0]
        return out.astype(self._out_dtype(), copy=False)


class SOAP(_Descriptor):
    """Smooth Overlap of Atomic Positions, GTO radial basis, exactly as DScribe 2.1.1's ``dscribe.descriptors.SOAP``.

    Arguments and defaults are DScribe's (keywords recommended; the first positional argument may also be
    ``species``): r_cut (Å), n_max, l_max (≤ 9), sigma (Å, default 1.0), rbf ("gto" only), weighting (dict),
    average ("off", "inner", "outer"), compression (dict, e.g. {"mode": "mu2"}), species (symbols or atomic
    numbers), periodic (default False as in DScribe), sparse (False only), dtype ("float64" or "float32").

    ``create`` returns the same numbers as DScribe (≤ 1e-5 relative per row on the paper settings with n_max 12,
    whose GTO overlap matrix is badly conditioned; ≤ 1e-8 for small n_max).
    """

    _kind = "soap"

    def __init__(self, *args, **kwargs):
        a = _bind(_SOAP_DSCRIBE, _SOAP_SPECIES_FIRST, args, kwargs)
        species, r_cut, n_max, l_max, sigma = a["species"], a["r_cut"], a["n_max"], a["l_max"], a["sigma"]
        rbf, weighting, average, compression = a["rbf"], a["weighting"], a["average"], a["compression"]
        periodic, sparse, dtype = a["periodic"], a["sparse"], a["dtype"]
        if sparse:
            raise ValueError("sparse output is not supported by zifphase; use sparse=False")
        if dtype not in ("float32", "float64"):
            raise ValueError(f"dtype must be \"float32\" or \"float64\", not {dtype!r}")
        if species is None:
            raise ValueError("SOAP: give 'species' (a list of element symbols or atomic numbers)")
        self.species, self.r_cut, self.n_max, self.l_max, self.sigma = species, r_cut, n_max, l_max, sigma
        self.rbf, self.weighting, self.average, self.compression = rbf, weighting, average, compression
        self.periodic, self.sparse, self.dtype = bool(periodic), False, dtype
        spec = {"kind": "soap", "species": _plain(species), "r_cut": _plain(r_cut), "n_max": _plain(n_max),
                "l_max": _plain(l_max), "sigma": _plain(sigma), "rbf": rbf, "average": average,
                "compression": _plain(compression), "periodic": bool(periodic)}
        if weighting is not None:
            spec["weighting"] = _plain(weighting)
        self._open_spec(spec)


class ACSF(_Descriptor):
    """Atom-centred symmetry functions G1–G5 exactly as DScribe 2.1.1's ``dscribe.descriptors.ACSF``.

    Arguments and defaults are DScribe's (keywords recommended; the first positional argument may also be
    ``species``): r_cut (Å), g2_params [[η (Å⁻²), R_s (Å)], ...], g3_params [κ (Å⁻¹), ...],
    g4_params and g5_params [[η, ζ, λ], ...], species, periodic (default False), sparse (False only), dtype.
    ``create`` agrees with DScribe to ≤ 1e-10 relative.
    """

    _kind = "acsf"

    def __init__(self, *args, **kwargs):
        a = _bind(_ACSF_DSCRIBE, _ACSF_SPECIES_FIRST, args, kwargs)
        species, r_cut, periodic, sparse, dtype = a["species"], a["r_cut"], a["periodic"], a["sparse"], a["dtype"]
        g2_params, g3_params, g4_params, g5_params = a["g2_params"], a["g3_params"], a["g4_params"], a["g5_params"]
        if sparse:
            raise ValueError("sparse output is not supported by zifphase; use sparse=False")
        if dtype not in ("float32", "float64"):
            raise ValueError(f"dtype must be \"float32\" or \"float64\", not {dtype!r}")
        if species is None:
            raise ValueError("ACSF: give 'species' (a list of element symbols or atomic numbers)")
        self.species, self.r_cut = species, r_cut
        self.g2_params, self.g3_params, self.g4_params, self.g5_params = g2_params, g3_params, g4_params, g5_params
        self.periodic, self.sparse, self.dtype, self.average = bool(periodic), False, dtype, "off"
        spec = {"kind": "acsf", "species": _plain(species), "r_cut": _plain(r_cut), "periodic": bool(periodic)}
        for key, value in (("g2_params", g2_params), ("g3_params", g3_params), ("g4_params", g4_params),
                           ("g5_params", g5_params)):
            if value is not None:
                spec[key] = _plain(value)
        self._open_spec(spec)
