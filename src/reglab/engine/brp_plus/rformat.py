"""R's number formatting for a whole column (``formatReal`` with 15 significant digits), decimal comma.

The official result files give every cell of a column the same number of decimals: enough for each value to
show up to 15 significant digits (trailing zeros dropped per value before the column maximum is taken), or
scientific notation with a common mantissa length for the whole column when that is not wider than the fixed
notation would be. Missing values are written ``NA``. Output is trimmed (no padding).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

DIGITS = 15


def _sci_parts(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """kpower (decimal exponent after rounding to 15 digits) and nsig (significant digits needed)."""
    s = pd.Series(np.char.mod(f"%.{DIGITS - 1}e", np.abs(v)))
    mant = s.str[0] + s.str[2 : DIGITS + 1]
    kpower = s.str[DIGITS + 2 :].astype("int64").to_numpy()
    stripped = mant.str.rstrip("0").str.len().to_numpy()
    nsig = np.maximum(stripped, 1)
    return kpower, nsig


def format_column(values: ArrayLike, dec: str = ",", na: str = "NA") -> list[str]:
    x = np.asarray(values, dtype="float64")
    out = np.full(x.shape, na, dtype=object)
    finite = np.isfinite(x)
    out[np.isposinf(x)] = "Inf"
    out[np.isneginf(x)] = "-Inf"
    if not finite.any():
        return _strings(out)
    v = x[finite]
    neg_i = (v < 0).astype("int64")
    kpower, nsig = _sci_parts(v)
    zero = v == 0
    kpower = np.where(zero, 0, kpower)
    nsig = np.where(zero, 1, nsig)
    neg_i = np.where(zero, 0, neg_i)
    # roundingwidens: the value is below 10**kpower but rounds up to it in scientific notation
    rgt_b = np.clip(DIGITS - kpower, 0, 350)
    with np.errstate(over="ignore"):
        widens = (kpower > 0) & (np.abs(v) < 10.0 ** np.clip(kpower, 0, 308) - 0.5 / 10.0**rgt_b)
    left = kpower + 1 - widens.astype("int64")
    sleft = neg_i + np.where(left <= 0, 1, left)
    right = nsig - left
    neg = int(neg_i.max())
    rgt = max(int(right.max()), 0)
    mxl, mnl = int(left.max()), int(left.min())
    mxsl = int(sleft.max())
    if mxl < 0:
        mxsl = 1 + neg
    w_fixed = mxsl + rgt + (rgt != 0)
    e = 2 if (mxl > 100 or mnl <= -99) else 1
    d = int(nsig.max()) - 1
    w_sci = neg + (d > 0) + d + 4 + e
    txt = np.char.mod(f"%.{rgt}f", v) if w_fixed <= w_sci else np.char.mod(f"%.{d}e", v)
    if dec != ".":
        txt = np.char.replace(txt, ".", dec)
    out[finite] = txt
    return _strings(out)


def _strings(cells: np.ndarray) -> list[str]:
    """An object array of str as a list (numpy types `tolist()` as Any)."""
    return [str(cell) for cell in cells]
