"""ctypes binding of libzifphase (the Native AOT build of ZifPhase, shipped inside this package)."""
import ctypes
import os

import numpy as np

_c_double_p = ctypes.POINTER(ctypes.c_double)
_c_int_p = ctypes.POINTER(ctypes.c_int32)
_c_byte_p = ctypes.POINTER(ctypes.c_uint8)
_c_void_pp = ctypes.POINTER(ctypes.c_void_p)
_c_int64_p = ctypes.POINTER(ctypes.c_int64)

OK, INVALID, NOT_FOUND, BAD_INPUT, INTERNAL, TOO_SMALL = 0, -1, -2, -3, -4, -5


def _library_path():
    override = os.environ.get("ZIFPHASE_LIBRARY")
    if override:
        return override
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib", "libzifphase.so")


def _load():
    path = _library_path()
    if not os.path.exists(path):
        raise ImportError(
            f"zifphase: the native library is missing ({path}); build the wheel with python/build.sh")
    # ctypes.CDLL (not PyDLL) releases the GIL for the duration of every call.
    lib = ctypes.CDLL(path)
    sig = {
        "zp_last_error": ([], ctypes.c_char_p),
        "zp_version": ([], ctypes.c_char_p),
        "zp_descriptor_create": ([ctypes.c_char_p, ctypes.c_int, _c_void_pp], ctypes.c_int),
        "zp_descriptor_free": ([ctypes.c_void_p], ctypes.c_int),
        "zp_descriptor_dimension": ([ctypes.c_void_p, _c_int64_p], ctypes.c_int),
        "zp_descriptor_row_count": ([ctypes.c_void_p, ctypes.c_int, _c_int64_p], ctypes.c_int),
        "zp_descriptor_feature_names": ([ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int64, _c_int64_p], ctypes.c_int),
        "zp_descriptor_compute": ([ctypes.c_void_p, _c_double_p, _c_int_p, ctypes.c_int, _c_double_p, _c_byte_p,
                                   _c_int_p, ctypes.c_int, ctypes.c_int, _c_double_p, ctypes.c_int64], ctypes.c_int),
        "zp_classifier_load": ([ctypes.c_char_p, _c_void_pp], ctypes.c_int),
        "zp_classifier_free": ([ctypes.c_void_p], ctypes.c_int),
        "zp_classifier_classes": ([ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int64, _c_int64_p], ctypes.c_int),
        "zp_classifier_centres": ([ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int64, _c_int64_p], ctypes.c_int),
        "zp_classifier_predict": ([ctypes.c_void_p, _c_double_p, _c_int_p, ctypes.c_int, _c_double_p, _c_byte_p,
                                   ctypes.c_int, _c_int_p, _c_double_p, ctypes.c_int, _c_int_p], ctypes.c_int),
        "zp_classifier_predict_ex": ([ctypes.c_void_p, _c_double_p, _c_int_p, ctypes.c_int, _c_double_p, _c_byte_p,
                                      ctypes.c_int, _c_int_p, _c_double_p, _c_double_p, _c_byte_p, _c_double_p,
                                      ctypes.c_int, _c_int_p], ctypes.c_int),
        "zp_classifier_info": ([ctypes.c_void_p, _c_int_p, _c_double_p, _c_int_p], ctypes.c_int),
        "zp_reader_open": ([ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, _c_void_pp], ctypes.c_int),
        "zp_reader_free": ([ctypes.c_void_p], ctypes.c_int),
        "zp_reader_next": ([ctypes.c_void_p, _c_int_p], ctypes.c_int),
        "zp_reader_frame": ([ctypes.c_void_p, _c_double_p, _c_int_p, ctypes.c_int, _c_double_p, _c_double_p, _c_byte_p,
                             _c_int64_p, _c_double_p, _c_int_p], ctypes.c_int),
    }
    for name, (args, res) in sig.items():
        f = getattr(lib, name)
        f.argtypes = args
        f.restype = res
    return lib


lib = _load()


def check(code):
    """Raises the Python exception that matches a library status code, with the library's one-line message."""
    if code >= 0:
        return code
    message = (lib.zp_last_error() or b"").decode("utf-8", "replace")
    if code == NOT_FOUND:
        raise FileNotFoundError(message)
    if code in (INVALID, BAD_INPUT):
        raise ValueError(message)
    raise RuntimeError(message)


def string(func, handle):
    """Calls a zp_*_(handle, buf, capacity, needed) string getter."""
    needed = ctypes.c_int64(0)
    code = func(handle, None, 0, ctypes.byref(needed))
    if code not in (OK, TOO_SMALL):
        check(code)
    buf = ctypes.create_string_buffer(int(needed.value))
    check(func(handle, buf, needed.value, ctypes.byref(needed)))
    return buf.value.decode("utf-8")


def dptr(a):
    return a.ctypes.data_as(_c_double_p) if a is not None else None


def iptr(a):
    return a.ctypes.data_as(_c_int_p) if a is not None else None


def bptr(a):
    return a.ctypes.data_as(_c_byte_p) if a is not None else None


def system_arrays(positions, numbers, cell, pbc):
    """C-contiguous float64 N×3 positions, int32 numbers, float64 3×3 cell (or None) and uint8 pbc (or None)."""
    positions = np.ascontiguousarray(positions, dtype=np.float64)
    if positions.ndim != 2 or positions.shape[1] != 3:
        raise ValueError(f"positions must have shape (N, 3), not {positions.shape}")
    numbers = np.ascontiguousarray(numbers, dtype=np.int32)
    if numbers.shape != (positions.shape[0],):
        raise ValueError(f"atomic numbers must have shape ({positions.shape[0]},), not {numbers.shape}")
    pbc_arr = None if pbc is None else np.ascontiguousarray(np.broadcast_to(np.asarray(pbc, dtype=bool), (3,)), dtype=np.uint8)
    cell_arr = None
    if cell is not None:
        cell_arr = np.ascontiguousarray(np.asarray(cell, dtype=np.float64))
        if cell_arr.shape != (3, 3):
            raise ValueError(f"the cell must have shape (3, 3) (rows a, b, c in Å), not {cell_arr.shape}")
    return positions, numbers, cell_arr, pbc_arr
