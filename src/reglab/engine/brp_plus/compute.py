"""BRP+ max–min computation, reproducing the official R code (Analytikernatverket/brp_plus, 16d3be4).

Input is Kolada-shaped: one row per ``kpi × municipality_id × year × gender`` with ``value`` (NaN when Kolada
returned the row with an empty value). Kolada ids: kommun = 4-digit SCB code, region = ``"00" + län``,
Riket = ``"0000"``. Everything is vectorised (groupby/merge); there are no per-row Python loops.

Pipeline (numbers refer to docs/brp-plus.md and the domain note's "official code" list):

1. keep the configured KPIs; unit type K (kommun), L (region, ``00XX``) or R (Riket, ``0000``);
2. imputation (rule 1–4): a returned-but-empty kommun value gets the mean of its county group (the county's
   kommuner *and* the region row), Riket gets the mean of all kommun and region values; region values stay
   missing under ``reproduce`` (``intended`` fills them from their kommuner); unreturned rows stay missing;
3. natural log where flagged, then the 15-significant-digit round trip of the intermediate CSV (rule 13);
4. per-KPI latest year over all unit types and sexes, and the selected year (latest or lag rule 9);
5. min/max from the latest year per unit type, Riket excluded, by sex mode; scale to 0–100, inverted where
   lower is better, 0 when max = min or the reference is missing (rule 10);
6. aggregation ``levels`` (aspect → theme → part means) or ``r-code`` (means over indicator rows);
7. Riket = plain mean of the units of each view (kommun / region).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from reglab.engine.brp_plus.config import BrpConfig

SexMode = Literal["total_bas", "separat_bas", "sammantaget_bas"]
AggregationMode = Literal["levels", "r-code"]
ImputationMode = Literal["reproduce", "intended"]
SEX_MODES: tuple[str, ...] = ("total_bas", "separat_bas", "sammantaget_bas")
AGGREGATION_MODES: tuple[str, ...] = ("levels", "r-code")
IMPUTATION_MODES: tuple[str, ...] = ("reproduce", "intended")
GENDERS = ("T", "K", "M")
RIKET_ID = "0000"
INPUT_COLUMNS = ["kpi", "municipality_id", "year", "gender", "value"]


@dataclass(frozen=True)
class BrpSettings:
    sex_mode: str = "total_bas"
    aggregation: str = "levels"
    lag: int | None = None
    imputation: str = "reproduce"
    round_trip: bool = True  # rule 13: intermediate CSV with 15 significant digits

    def __post_init__(self) -> None:
        if self.sex_mode not in SEX_MODES:
            raise ValueError(f"okänt könsläge {self.sex_mode!r} (välj {', '.join(SEX_MODES)})")
        if self.aggregation not in AGGREGATION_MODES:
            raise ValueError(
                f"okänt aggregeringsläge {self.aggregation!r} (välj {', '.join(AGGREGATION_MODES)})"
            )
        if self.imputation not in IMPUTATION_MODES:
            raise ValueError(
                f"okänt imputeringsläge {self.imputation!r} (välj {', '.join(IMPUTATION_MODES)})"
            )
        if self.lag is not None and self.lag < 0:
            raise ValueError("lag måste vara ett icke-negativt antal år")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BrpResult:
    """All levels of one BRP+ run. Frames use Kolada ids and gender codes T/K/M.

    ``scores``: one row per kpi × unit × gender at the selected year (value after log, score 0–100 scale).
    ``aspects``/``themes``/``parts``: unit rows (``view`` = unit type K or L) plus Riket rows per view
    (``municipality_id`` ``"0000"``), value column ``value``.
    """

    settings: BrpSettings
    config_version: str
    scores: pd.DataFrame
    aspects: pd.DataFrame
    themes: pd.DataFrame
    parts: pd.DataFrame
    years: pd.DataFrame  # kpi, latest_year, selected_year
    coverage: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------- input


def _normalise_text(col: pd.Series, what: str) -> tuple[np.ndarray, np.ndarray, pd.Series]:
    """Strip a text column via its unique values (fast on large inputs): values, codes, uniques."""
    codes, uniques = pd.factorize(col)
    if (codes < 0).any():
        raise ValueError(f"{what} saknas på någon rad")
    u = pd.Series(uniques, dtype=object).astype(str).str.strip()
    return u.to_numpy(dtype=object)[codes], codes, u


def normalise_observations(obs: pd.DataFrame) -> pd.DataFrame:
    """Validate and normalise a Kolada-shaped frame (columns kpi, municipality_id, year, gender, value)."""
    missing = [c for c in INPUT_COLUMNS if c not in obs.columns]
    if missing:
        raise ValueError(f"indata saknar kolumner: {', '.join(missing)}")
    kpi, kpi_codes, _ = _normalise_text(obs["kpi"], "kpi")
    _, mid_codes, mids = _normalise_text(obs["municipality_id"], "municipality_id")
    # Kolada ids are 4 characters; accept numeric input that lost its leading zeros.
    mids = mids.where(~mids.str.fullmatch(r"\d{1,3}"), mids.str.zfill(4))
    bad = ~mids.str.fullmatch(r"\d{4}")
    if bad.any():
        raise ValueError(f"ogiltigt municipality_id {mids[bad].iloc[0]!r} (Kolada-id med fyra siffror)")
    _, g_codes, genders = _normalise_text(obs["gender"], "kön")
    genders = genders.str.upper()
    badg = ~genders.isin(GENDERS)
    if badg.any():
        raise ValueError(f"ogiltigt kön {genders[badg].iloc[0]!r} (T, K eller M)")
    year = pd.to_numeric(obs["year"], errors="coerce")
    if year.isna().any():
        raise ValueError("år saknas eller är inte ett heltal")
    value = obs["value"]
    if not pd.api.types.is_numeric_dtype(value):
        value = pd.to_numeric(value.astype(str).str.replace(",", ".", regex=False), errors="coerce")
    df = pd.DataFrame(
        {
            "kpi": kpi,
            "municipality_id": mids.to_numpy(dtype=object)[mid_codes],
            "year": year.to_numpy(dtype="int64"),
            "gender": genders.to_numpy(dtype=object)[g_codes],
            "value": np.asarray(value, dtype="float64"),
        }
    )
    mid_int = mids.astype("int64").to_numpy()[mid_codes]
    g_int = pd.Series(genders).map({"T": 0, "K": 1, "M": 2}).to_numpy(dtype="int64")[g_codes]
    key = ((kpi_codes.astype("int64") * 10_000 + mid_int) * 100_000 + df["year"].to_numpy()) * 4 + g_int
    if pd.Series(key).duplicated().any():
        raise ValueError("indata har dubbletter av kpi × municipality_id × år × kön")
    df["mid_int"] = mid_int
    return df


def _unit_columns(df: pd.DataFrame) -> pd.DataFrame:
    num = (
        df.pop("mid_int").to_numpy() if "mid_int" in df else df["municipality_id"].astype("int64").to_numpy()
    )
    is_riket = num == 0
    # Rule 7: the R code recognises regions by "region" in their Kolada name. All 21 Kolada region names
    # ("Region Stockholm" … "Västra Götalandsregionen") contain it, so for Kolada ids: 00XX = region.
    is_region = (num < 100) & ~is_riket
    df["utype"] = np.where(is_riket, "R", np.where(is_region, "L", "K"))
    # County group: kommun code // 100, region id (as if ×100) // 100, Riket 0.
    df["county"] = np.where(is_region, num, num // 100)
    return df


# ------------------------------------------------------------------------------------------- helpers


_TEN = np.longdouble(10)


def _pow10_binary(n: np.ndarray) -> np.ndarray:
    """10**n (n >= 0) by binary powering in long double, as R's string-to-double conversion does."""
    fac = np.ones(n.shape, dtype=np.longdouble)
    p10 = _TEN
    n = n.copy()
    while (n > 0).any():
        fac = np.where((n & 1) == 1, fac * p10, fac)
        n >>= 1
        p10 = p10 * p10
    return fac


def round_significant(x: np.ndarray, digits: int = 15) -> np.ndarray:
    """Emulate R's ``write.csv2`` + ``read.csv2`` round trip of doubles (rule 13), vectorised.

    R writes each number with up to 15 significant digits: ``scientific()`` finds the digits with long-double
    scaling (its power-of-ten table holds *double* constants, inexact from 1e23) and trailing zeros are
    dropped; numbers of 1e15 and more in fixed notation are written with all integer digits. ``R_strtod``
    then reads the digits into a long double and divides by a binary-powered 10^k before rounding to double
    (double rounding). Cross-checked against R 4.2 on 240 000 values, including exact half-way cases.
    """
    R = digits
    x = np.asarray(x, dtype=np.float64)
    out = x.copy()
    ok = np.isfinite(x) & (x != 0)
    if not ok.any():
        return out
    r = np.abs(x[ok])
    kp = np.floor(np.log10(r)).astype(np.int64) - R + 1
    ld = r.astype(np.longdouble)
    in_table = np.abs(kp) <= 27
    tbl = np.power(10.0, np.abs(np.where(in_table, kp, 0)).astype(np.float64)).astype(np.longdouble)
    big = np.power(_TEN, np.where(in_table, 0, kp).astype(np.longdouble))
    rp = np.where(in_table, np.where(kp > 0, ld / tbl, ld * tbl), ld / big)
    low = rp < _TEN ** (R - 1)
    rp = np.where(low, rp * 10, rp)
    kp = np.where(low, kp - 1, kp)
    d = np.rint(rp).astype(np.int64)
    # Near a half-way point sprintf (exact) may round differently from R's scaled alpha: use exact digits.
    frac = (rp - np.floor(rp)).astype(np.float64)
    near = (np.abs(frac - 0.5) < np.where(np.abs(kp) > 22, 0.25, 1e-3)) & (d % 10 != 0)
    if near.any():
        parts = np.char.partition(np.char.mod(f"%.{R - 1}e", r[near]), "e")
        d[near] = np.char.replace(parts[:, 0], ".", "").astype(np.int64)
        kp[near] = parts[:, 2].astype(np.int64) - (R - 1)
    k = -kp
    for _ in range(R):  # drop trailing zeros: R prints only the significant digits
        z = (d % 10 == 0) & (d != 0)
        if not z.any():
            break
        d = np.where(z, d // 10, d)
        k = np.where(z, k - 1, k)
    dl = d.astype(np.longdouble)
    with np.errstate(over="ignore"):
        val = np.where(k > 0, dl / _pow10_binary(np.maximum(k, 0)), dl * _pow10_binary(np.maximum(-k, 0)))
    val = val.astype(np.float64)
    nsig = np.floor(np.log10(d.astype(np.float64))).astype(np.int64) + 1
    kpower = nsig - 1 - k
    neg = (x[ok] < 0).astype(np.int64)
    wide = (kpower >= R) & (
        neg + kpower + 1 <= neg + (nsig > 1) + nsig - 1 + 4 + np.where(kpower >= 100, 2, 1)
    )
    val = np.where(wide, np.rint(r), val)
    out[ok] = np.sign(x[ok]) * val
    return out


def select_years(nonnull: pd.DataFrame, lag: int | None) -> pd.DataFrame:
    """Per KPI: latest year over all units/sexes and the selected year (rule 8/9)."""
    g = nonnull[["kpi", "year"]].drop_duplicates()
    latest = g.groupby("kpi")["year"].max()
    if lag is None:
        selected = latest
    else:
        target = g["kpi"].map(latest) - lag
        below = g[g["year"] <= target].groupby("kpi")["year"].max()
        earliest = g.groupby("kpi")["year"].min()
        selected = below.reindex(latest.index).fillna(earliest).astype("int64")
    return pd.DataFrame(
        {"kpi": latest.index, "latest_year": latest.to_numpy(), "selected_year": selected.to_numpy()}
    )


# ------------------------------------------------------------------------------------------- compute


def compute_brp(
    obs: pd.DataFrame,
    config: BrpConfig,
    settings: BrpSettings | None = None,
    **kwargs: Any,
) -> BrpResult:
    """Run BRP+ on Kolada-shaped observations. ``kwargs`` are BrpSettings fields."""
    settings = settings or BrpSettings(**kwargs)
    cfg = config.frame()
    df = normalise_observations(obs)
    df = df[df["kpi"].isin(cfg["kpi"])]
    df = _unit_columns(df.reset_index(drop=True))
    riket_present = bool((df["utype"] == "R").any())

    # Years: after imputation exactly the years with a non-missing original value exist (imputation only
    # fills from existing values), so the year selection can be done first and the rest restricted to the
    # latest and selected year of each KPI.
    nonnull = df[df["value"].notna()]
    years = select_years(nonnull, settings.lag)
    needed = pd.concat(
        [
            years[["kpi", "latest_year"]].rename(columns={"latest_year": "year"}),
            years[["kpi", "selected_year"]].rename(columns={"selected_year": "year"}),
        ]
    ).drop_duplicates()
    work = df.merge(needed, on=["kpi", "year"], how="inner")

    # Riket rows are repaired by the cartesian completion: every kpi × gender seen × needed year.
    if riket_present:
        kg = df[["kpi", "gender"]].drop_duplicates()
        grid = kg.merge(needed, on="kpi")
        grid["municipality_id"] = RIKET_ID
        riket_rows = work[work["utype"] == "R"][["kpi", "gender", "year", "value"]]
        grid = grid.merge(riket_rows, on=["kpi", "gender", "year"], how="left")
        grid["utype"] = "R"
        grid["county"] = 0
        work = pd.concat([work[work["utype"] != "R"], grid[work.columns]], ignore_index=True)

    work["imputed"] = False
    units = work["utype"] != "R"
    keys = ["kpi", "year", "gender"]
    # Rule 4: Riket = mean of all kommun and region values (before kommun imputation).
    riket_na = (work["utype"] == "R") & work["value"].isna()
    if riket_na.any():
        all_mean = work[units].groupby(keys)["value"].mean().rename("m").reset_index()
        fill = work.loc[riket_na, keys].merge(all_mean, on=keys, how="left")["m"].to_numpy()
        work.loc[riket_na, "value"] = fill
        work.loc[riket_na, "imputed"] = True
    # Rule 2: kommun = mean of its county group (kommuner + region row), original values.
    ckeys = ["county", *keys]
    county_mean = work[units].groupby(ckeys)["value"].transform("mean").reindex(work.index)
    kommun_na = (work["utype"] == "K") & work["value"].isna()
    if settings.imputation == "intended":
        kommun_mean = work[work["utype"] == "K"].groupby(ckeys)["value"].mean().rename("km").reset_index()
        region_na = (work["utype"] == "L") & work["value"].isna()
        fill_l = work.loc[region_na, ckeys].merge(kommun_mean, on=ckeys, how="left")["km"].to_numpy()
    else:
        region_na = pd.Series(False, index=work.index)
        fill_l = np.array([])
    work.loc[kommun_na, "value"] = county_mean[kommun_na]
    work.loc[kommun_na, "imputed"] = True
    if region_na.any():
        work.loc[region_na, "value"] = fill_l
        work.loc[region_na, "imputed"] = True
    work = work[work["value"].notna()]

    # Log (rule: before any min/max) and the 15-digit intermediate CSV round trip (rule 13).
    work = work.merge(cfg, on="kpi", how="left")
    vals = work["value"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        vals = np.where(work["log"].to_numpy(dtype=bool), np.log(vals), vals)
    if settings.round_trip:
        vals = round_significant(vals)
    work["value"] = vals
    work = work.merge(years, on="kpi", how="left")

    scores = _scale(work, settings.sex_mode)
    themes_aspects = aggregate_scores(scores, settings.aggregation, riket_rows=riket_present)
    coverage = {
        "kpis_configured": len(cfg),
        "kpis_with_data": int(years["kpi"].nunique()),
        "rows_input": len(df),
        "rows_scored": len(scores),
        "rows_imputed": int(scores["imputed"].sum()),
        "riket_in_input": riket_present,
    }
    return BrpResult(
        settings=settings,
        config_version=config.version,
        scores=scores,
        aspects=themes_aspects["aspects"],
        themes=themes_aspects["themes"],
        parts=themes_aspects["parts"],
        years=years,
        coverage=coverage,
    )


def _scale(work: pd.DataFrame, sex_mode: str) -> pd.DataFrame:
    base = work[work["year"] == work["latest_year"]]
    data = work[work["year"] == work["selected_year"]].copy()
    ref_keys = ["kpi", "utype"]
    if sex_mode == "total_bas":
        base = base[base["gender"] == "T"]
    elif sex_mode == "separat_bas":
        ref_keys = ["kpi", "utype", "gender"]
    grouped = base.groupby(ref_keys)["value"]
    ref = pd.DataFrame({"lo": grouped.min(), "hi": grouped.max(), "n": grouped.count()}).reset_index()
    # R: min/max(na.rm = TRUE) of a group with only NaN values gives Inf/-Inf.
    empty = ref["n"] == 0
    ref.loc[empty, "lo"] = np.inf
    ref.loc[empty, "hi"] = -np.inf
    data = data.merge(ref.drop(columns="n"), on=ref_keys, how="left")
    lo = data["lo"].to_numpy()
    hi = data["hi"].to_numpy()
    x = data["value"].to_numpy()
    inv = data["inverted"].to_numpy(dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = np.where(inv, 100 * ((hi - x) / (hi - lo)), 100 * ((x - lo) / (hi - lo)))
    usable = ~np.isnan(lo) & ~np.isnan(hi) & (lo != hi)
    data["score"] = np.where(usable, raw, 0.0)
    data["ref_min"] = lo
    data["ref_max"] = hi
    cols = [
        "kpi",
        "municipality_id",
        "utype",
        "county",
        "gender",
        "year",
        "value",
        "imputed",
        "ref_min",
        "ref_max",
        "score",
        "part",
        "theme",
        "aspect",
        "inverted",
        "log",
    ]
    return data[cols].reset_index(drop=True)


def aggregate_scores(
    scores: pd.DataFrame, mode: str = "levels", *, riket_rows: bool = True
) -> dict[str, pd.DataFrame]:
    """Indicator scores → aspect, theme and part values per unit and sex, plus Riket per view.

    ``levels``: aspect = mean of indicator scores, theme = mean of aspects, part = mean of themes.
    ``r-code``: as the committed R script — group-wise ``mutate`` over indicator rows, so a theme is the mean
    over its indicator rows of their aspect means (= mean of indicators) and a part the mean over its
    indicator rows of their theme means (= mean of all indicators of the part).
    Riket rows exist for the combinations where Riket itself has indicator rows; their value is the mean of
    the view's units (NaN when the view has none) — rule 11.
    """
    if mode not in AGGREGATION_MODES:
        raise ValueError(f"okänt aggregeringsläge {mode!r}")
    unit_keys = ["municipality_id", "utype", "gender"]
    a_keys = [*unit_keys, "part", "theme", "aspect"]
    t_keys = [*unit_keys, "part", "theme"]
    p_keys = [*unit_keys, "part"]
    aspects = mean_step(scores[[*a_keys, "score"]].rename(columns={"score": "value"}), a_keys)
    if mode == "levels":
        themes = mean_step(aspects, t_keys)
        parts = mean_step(themes, p_keys)
    else:
        rows = scores[a_keys].merge(aspects, on=a_keys, how="left")
        themes = mean_step(rows, t_keys)
        rows = rows[t_keys].merge(themes, on=t_keys, how="left")
        parts = mean_step(rows, p_keys)
    return {
        "aspects": _with_riket(aspects, ["part", "theme", "aspect"], riket_rows),
        "themes": _with_riket(themes, ["part", "theme"], riket_rows),
        "parts": _with_riket(parts, ["part"], riket_rows),
    }


def mean_step(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One equal-weight aggregation step: the plain mean of ``value`` per group, missing values skipped."""
    return frame.groupby(keys, sort=False)["value"].mean().reset_index()


def _with_riket(level: pd.DataFrame, keys: list[str], riket_rows: bool) -> pd.DataFrame:
    units = level[level["utype"] != "R"].copy()
    units["view"] = units["utype"]
    out = [units]
    if riket_rows:
        combos = level.loc[level["utype"] == "R", [*keys, "gender"]]
        for view in ("K", "L"):
            means = mean_step(units[units["view"] == view], [*keys, "gender"])
            r = combos.merge(means, on=[*keys, "gender"], how="left")
            r["municipality_id"] = RIKET_ID
            r["utype"] = "R"
            r["view"] = view
            out.append(r)
    cols = ["view", "municipality_id", "utype", "gender", *keys, "value"]
    return pd.concat(out, ignore_index=True)[cols]


def parts_from_themes(themes: pd.DataFrame) -> pd.DataFrame:
    """``levels`` part index from theme values (e.g. the published theme files): units first, Riket = mean of
    the units' part values of the same view.

    Input columns: view, municipality_id, gender, part, theme, value.
    """
    units = themes[themes["municipality_id"] != RIKET_ID]
    parts = mean_step(units, ["view", "municipality_id", "gender", "part"])
    riket = mean_step(parts, ["view", "gender", "part"])
    riket["municipality_id"] = RIKET_ID
    return pd.concat([riket, parts], ignore_index=True)[
        ["view", "municipality_id", "gender", "part", "value"]
    ]
