"""The numeric verdict (DESIGN.md): same shape and dtype, same NaN/Inf positions, and for finite values
|a - b| <= ATOL + RTOL * |ref| in float32.

Each verdict names the check that decided it (`check`): "shape", "dtype", "empty", "nonfinite" or
"values" (the numbers themselves); None when it passed. `elements` counts the finite values compared.

On inputs scaled to 1e4 (`scaled`), float32 rounding of the large intermediate values survives a
cancellation into a small output entry, so there the absolute tolerance is ATOL times the tensor's largest
finite magnitude: an entry is judged against the size of the numbers it was computed among."""
from __future__ import annotations

import numpy as np

ATOL = 1e-5
RTOL = 1e-5
# Relative errors are reported over entries whose reference is not vanishingly small.
REL_FLOOR = 1e-6


def _fail(result: dict, check: str, problem: str) -> dict:
    result.update(check=check, problem=problem)
    return result


def compare(ref: np.ndarray, got: np.ndarray, *, finite: bool = False, scaled: bool = False) -> dict:
    """Returns {ok, abs, rel, elements, check, problem}; abs/rel are the worst errors over finite entries.
    `finite`: the inputs were built finite, so any NaN or Inf (on either side) fails instead of having its
    positions compared, and an empty output fails."""
    ref, got = np.asarray(ref), np.asarray(got)
    result = {"ok": False, "abs": None, "rel": None, "elements": 0, "check": None, "problem": None}
    if ref.shape != got.shape:
        return _fail(result, "shape", f"shape {got.shape} != Keras {ref.shape}")
    if ref.dtype != got.dtype:
        return _fail(result, "dtype", f"dtype {got.dtype} != Keras {ref.dtype}")
    ref64, got64 = ref.astype(np.float64), got.astype(np.float64)
    if finite:
        if ref64.size == 0:
            return _fail(result, "empty", "the output is empty: nothing to compare")
        for side, values in (("Keras's", ref64), ("the lowered", got64)):
            bad = int((~np.isfinite(values)).sum())
            if bad:
                return _fail(result, "nonfinite", f"{bad} of {values.size} of {side} values are NaN or Inf "
                                                  "on finite inputs")
    if not np.array_equal(np.isnan(ref64), np.isnan(got64)):
        return _fail(result, "nonfinite",
                     f"NaN positions differ ({int(np.isnan(got64).sum())} vs Keras {int(np.isnan(ref64).sum())})")
    ref_inf, got_inf = np.isinf(ref64), np.isinf(got64)
    if not np.array_equal(ref_inf, got_inf) or not np.array_equal(ref64[ref_inf], got64[got_inf]):
        return _fail(result, "nonfinite",
                     f"Inf positions or signs differ ({int(got_inf.sum())} vs Keras {int(ref_inf.sum())})")
    finite_mask = np.isfinite(ref64)
    err = np.abs(ref64[finite_mask] - got64[finite_mask])
    mag = np.abs(ref64[finite_mask])
    result["elements"] = int(err.size)
    result["abs"] = float(err.max()) if err.size else 0.0
    significant = mag > REL_FLOOR
    result["rel"] = float((err[significant] / mag[significant]).max()) if significant.any() else 0.0
    atol = ATOL * max(1.0, float(mag.max())) if scaled and mag.size else ATOL
    bad = err > atol + RTOL * mag
    if bad.any():
        worst = int(np.argmax(err - (atol + RTOL * mag)))
        return _fail(result, "values",
                     f"{int(bad.sum())} of {err.size} values off: worst {got64[finite_mask][worst]!r} "
                     f"vs Keras {ref64[finite_mask][worst]!r}")
    result["ok"] = True
    return result
