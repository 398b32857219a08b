"""Native trajectory readers: LAMMPS dump (orthogonal and triclinic, plain or gzip), extended XYZ, CIF, LAMMPS data."""
import ctypes
import math
import os

import numpy as np

from . import _native
from ._native import lib, check


class _Reader:
    """Frame-by-frame reader over the native library; one frame's arrays in memory at a time."""

    def __init__(self, path, frames=None, types=None):
        self._handle = None
        handle = ctypes.c_void_p()
        enc = lambda s: None if s is None else str(s).encode("utf-8")
        check(lib.zp_reader_open(os.fsencode(os.fspath(path)), enc(frames), enc(types), ctypes.byref(handle)))
        self._handle = handle

    def close(self):
        handle, self._handle = self._handle, None
        if handle is not None and lib is not None:
            lib.zp_reader_free(handle)

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def __iter__(self):
        return self

    def __next__(self):
        """A dict: positions (N, 3) float64 Å, numbers (N,) int32, cell (3, 3) float64 rows (zeros when none),
        origin (3,) Å, pbc (3,) bool, step int, time float or None, index int (frame index in the file)."""
        if self._handle is None:
            raise StopIteration
        natoms = ctypes.c_int32()
        if check(lib.zp_reader_next(self._handle, ctypes.byref(natoms))) == 0:
            self.close()
            raise StopIteration
        n = natoms.value
        positions = np.empty((n, 3), dtype=np.float64)
        numbers = np.empty(n, dtype=np.int32)
        cell = np.empty((3, 3), dtype=np.float64)
        origin = np.empty(3, dtype=np.float64)
        pbc = np.empty(3, dtype=np.uint8)
        step, time, index = ctypes.c_int64(), ctypes.c_double(), ctypes.c_int32()
        check(lib.zp_reader_frame(self._handle, _native.dptr(positions), _native.iptr(numbers), n, _native.dptr(cell),
                                  _native.dptr(origin), _native.bptr(pbc), ctypes.byref(step), ctypes.byref(time),
                                  ctypes.byref(index)))
        return {"positions": positions, "numbers": numbers, "cell": cell, "origin": origin, "pbc": pbc.astype(bool),
                "step": int(step.value), "time": None if math.isnan(time.value) else float(time.value),
                "index": int(index.value)}


def _to_atoms(frame):
    try:
        from ase import Atoms
    except ImportError as e:  # pragma: no cover
        raise ImportError("zifphase.read needs ASE (pip install ase, or apt install python3-ase)") from e
    atoms = Atoms(numbers=frame["numbers"], positions=frame["positions"], cell=frame["cell"], pbc=frame["pbc"],
                  celldisp=frame["origin"])
    atoms.info["step"] = frame["step"]
    if frame["time"] is not None:
        atoms.info["time"] = frame["time"]
    atoms.info["frame"] = frame["index"]
    return atoms


def _frames_text(index):
    if index is None:
        return None
    if isinstance(index, slice):
        part = lambda v: "" if v is None else str(int(v))
        text = f"{part(index.start)}:{part(index.stop)}"
        return text + (f":{int(index.step)}" if index.step is not None else "")
    return str(index).strip()


def iread_frames(path, index=":", types=None):
    """Frames as dicts of NumPy arrays (no ASE needed); see :func:`read` for the arguments."""
    return _Reader(path, _frames_text(index), types)


def read(path, index=":", types=None):
    """Reads a structure or trajectory with ZifPhase's native readers, as ``ase.Atoms``.

    path: LAMMPS dump (``.lammpstrj``, ``.dump``; orthogonal or triclinic; gzip by content), extended XYZ, CIF
        (symmetry expanded) or LAMMPS data file.
    index: which frames, ASE-style: ":" (all, the default), a slice string "start:stop:step" or ``slice``, or an
        integer (negative counts from the end).
    types: LAMMPS type map such as "1=Zn,2=N,3=C,4=H" for files that give numeric types only.

    Returns one ``ase.Atoms`` when index is an integer; otherwise a generator of ``ase.Atoms``, one frame in memory
    at a time (use ``list(...)`` for a list). Positions and cell rows in Å; ``celldisp`` is the cell's origin
    (LAMMPS xlo, ylo, zlo); ``atoms.info`` holds "step", "time" (when the file gives it) and "frame".
    """
    if isinstance(index, (int, np.integer)):
        for frame in _Reader(path, str(int(index)), types):
            return _to_atoms(frame)
        raise ValueError(f"{path}: frame {index} is not in the file")
    return (_to_atoms(f) for f in iread_frames(path, index, types))
