"""ZifPhase from Python: DScribe-compatible SOAP and ACSF, phase classifiers and trajectory readers.

    import zifphase
    soap = zifphase.SOAP(species=["H", "C", "N", "Zn"], r_cut=9.0, n_max=12, l_max=9,
                         compression={"mode": "mu2"}, periodic=True)
    rows = soap.create(atoms, centers=zn_indices)          # float64 (n_centers, 780), as DScribe 2.1.1

The numbers come from libzifphase (ZifPhase's C# code compiled with .NET Native AOT), shipped in this package
and called through ctypes; the GIL is released while it computes.
"""
from ._native import lib as _lib
from .descriptors import SOAP, ACSF
from .classifier import PhaseClassifier, classify_trajectory, UNCERTAIN, UNKNOWN, SHIPPED_MODELS
from .io import read, iread_frames

__version__ = _lib.zp_version().decode()
__all__ = ["SOAP", "ACSF", "PhaseClassifier", "classify_trajectory", "read", "iread_frames", "UNCERTAIN", "UNKNOWN",
           "SHIPPED_MODELS"]
