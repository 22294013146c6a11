"""BRP+ (Bruttoregionprodukt plus) engine: the official max–min method, vectorised in pandas.

Pure Python: no Django, no settings, no database. See docs/brp-plus.md for the design and the list of
reproduced behaviours of the official R code.
"""

from reglab.engine.brp_plus.compute import (
    AGGREGATION_MODES,
    IMPUTATION_MODES,
    SEX_MODES,
    BrpResult,
    BrpSettings,
    aggregate_scores,
    compute_brp,
    parts_from_themes,
)
from reglab.engine.brp_plus.config import BrpConfig, BrpIndicator, CodeKey

__all__ = [
    "AGGREGATION_MODES",
    "IMPUTATION_MODES",
    "SEX_MODES",
    "BrpConfig",
    "BrpIndicator",
    "BrpResult",
    "BrpSettings",
    "CodeKey",
    "aggregate_scores",
    "compute_brp",
    "parts_from_themes",
]
