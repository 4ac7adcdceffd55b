"""The numeric verdict (DESIGN.md): same shape and dtype, same NaN/Inf positions, and for finite values
|a - b| <= ATOL + RTOL * |ref| in float32."""
from __future__ import annotations

import numpy as np

ATOL = 1e-5
RTOL = 1e-5
# Relative errors are reported over entries whose reference is not vanishingly small.
REL_FLOOR = 1e-6


def compare(ref: np.ndarray, got: np.ndarray) -> dict:
    """Returns {ok, abs, rel, problem}; abs/rel are the worst errors over finite entries."""
    ref, got = np.asarray(ref), np.asarray(got)
    result = {"ok": False, "abs": None, "rel": None, "problem": None}
    if ref.shape != got.shape:
        result["problem"] = f"shape {got.shape} != Keras {ref.shape}"
        return result
    if ref.dtype != got.dtype:
        result["problem"] = f"dtype {got.dtype} != Keras {ref.dtype}"
        return result
    ref64, got64 = ref.astype(np.float64), got.astype(np.float64)
    if not np.array_equal(np.isnan(ref64), np.isnan(got64)):
        result["problem"] = f"NaN positions differ ({int(np.isnan(got64).sum())} vs Keras {int(np.isnan(ref64).sum())})"
        return result
    ref_inf, got_inf = np.isinf(ref64), np.isinf(got64)
    if not np.array_equal(ref_inf, got_inf) or not np.array_equal(ref64[ref_inf], got64[got_inf]):
        result["problem"] = f"Inf positions or signs differ ({int(got_inf.sum())} vs Keras {int(ref_inf.sum())})"
        return result
    finite = np.isfinite(ref64)
    err = np.abs(ref64[finite] - got64[finite])
    mag = np.abs(ref64[finite])
    result["abs"] = float(err.max()) if err.size else 0.0
    significant = mag > REL_FLOOR
    result["rel"] = float((err[significant] / mag[significant]).max()) if significant.any() else 0.0
    bad = err > ATOL + RTOL * mag
    if bad.any():
        worst = int(np.argmax(err - (ATOL + RTOL * mag)))
        result["problem"] = (
            f"{int(bad.sum())} of {err.size} values off: worst {got64[finite][worst]!r} vs Keras {ref64[finite][worst]!r}"
        )
        return result
    result["ok"] = True
    return result
