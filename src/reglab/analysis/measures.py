"""Measure keys, methods and the reads every analysis shares (current versions, population).

A *measure key* names what is analysed, in URLs and exports:

* ``brp:Livskvalitet``, ``brp:Hållbarhet`` — a BRP+ part index; ``brp:T6``, ``brp:Miljö`` — a theme index;
* ``stat:<dataset id>:<measure>`` — a measure of a dataset's current version (sex chosen separately);
* ``matching:M2:<group>`` — "Matcha rätt": the matching rate of an age / birth group, read from whichever
  dataset the M2 definition names (analysis/matching.py); a rate, so never aggregated from members.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reglab.engine.aggregation import METHOD_APPROX, METHOD_EXACT, AggregationRule
from reglab.indicators.models import IndicatorDefinition
from reglab.statistics.models import Dataset, DatasetVersion, Observation, Sex, VersionStatus

METHOD_PUBLISHED = "published"
METHOD_COMPUTED = "computed"
METHOD_DIRECT = "direct"
METHOD_APPROX_UNWEIGHTED = "approximation_unweighted"
POPULATION_MEASURE = "N01951"  # Kolada: Invånare totalt, antal (weights for labelled approximations)
GENDERS = (("T", gettext_lazy("Totalt")), ("K", gettext_lazy("Kvinnor")), ("M", gettext_lazy("Män")))
KOLADA_SEX = {"T": Sex.TOTAL, "K": Sex.WOMEN, "M": Sex.MEN}
SCALE_TEXT = gettext_lazy(
    "0 = svagast, 100 = starkast kommun/region i Sverige senaste året – en relativ position, "
    "inte en absolut nivå."
)
# BRP+'s part and theme names as published (Swedish); shown translated in English mode.
BRP_NAMES = {
    "Livskvalitet": gettext_lazy("Livskvalitet"),
    "Hållbarhet": gettext_lazy("Hållbarhet"),
    "Ekonomi": gettext_lazy("Ekonomi"),
    "Miljö": gettext_lazy("Miljö"),
    "Social": gettext_lazy("Social"),
    "Medborgarengagemang och demokratisk delaktighet": gettext_lazy(
        "Medborgarengagemang och demokratisk delaktighet"
    ),
    "Trygghet och säkerhet": gettext_lazy("Trygghet och säkerhet"),
    "Miljökvalitet": gettext_lazy("Miljökvalitet"),
    "Tillgänglighet till tjänster": gettext_lazy("Tillgänglighet till tjänster"),
    "Inkomst och förmögenhet": gettext_lazy("Inkomst och förmögenhet"),
    "Arbete och löner": gettext_lazy("Arbete och löner"),
    "Bostad": gettext_lazy("Bostad"),
    "Balans arbete-fritid": gettext_lazy("Balans arbete-fritid"),
    "Hälsa": gettext_lazy("Hälsa"),
    "Utbildning och kompetens": gettext_lazy("Utbildning och kompetens"),
    "Sociala relationer och tillit": gettext_lazy("Sociala relationer och tillit"),
    "Individuellt välbefinnande": gettext_lazy("Individuellt välbefinnande"),
}


def brp_name(name: str) -> str:
    """A BRP+ part or theme name in the active language (unknown names as they are)."""
    return str(BRP_NAMES.get(name, name))


COUNT_UNITS = ("antal", "st", "personer", "number", "count", "quantity", "persons")


# Every measure kind ``measure_resolve`` knows (``Measure.kind``). A new kind is added here; the export
# matrix test (tests/analysis/test_export_matrix.py) then asks for its test data.
MEASURE_KINDS = ("brp", "stat", "matching")


class MeasureError(ValueError):
    """A measure key or parameter that cannot be used; the message is shown to the user."""


@dataclass
class Result:
    """Values and the notes that say how they were obtained (shown next to the numbers, once each).

    ``values`` is a long frame ``region, period, value, method, members, members_with_value[, source]``.
    """

    values: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.notes = list(dict.fromkeys(self.notes))


def method_label(method: str) -> str:
    return {
        METHOD_PUBLISHED: _("publicerat värde (Källa: Kolada)"),
        METHOD_COMPUTED: _("beräknat i Reglab"),
        METHOD_DIRECT: _("värde för regionen i källan"),
        METHOD_EXACT: _("beräknad summa av delarna, inte ett publicerat värde"),
        METHOD_APPROX: _("approximation: befolkningsviktat medel av kommunernas värden"),
        METHOD_APPROX_UNWEIGHTED: _("approximation: ovägt medel av kommunernas värden"),
    }.get(method, method)


def is_approximation(method: str) -> bool:
    return method.startswith("approximation")


@dataclass
class Measure:
    key: str
    label: str
    kind: str  # "brp" | "stat" | "matching" (read like "stat")
    level: str = ""  # brp: part | theme
    code: str = ""  # brp: part name or theme code; stat: measure code
    unit: str = ""
    dataset: Dataset | None = None
    version: DatasetVersion | None = None
    rule: str = ""
    source: str = ""

    @property
    def is_brp(self) -> bool:
        return self.kind == "brp"

    @property
    def additive(self) -> bool:
        """Counts and ratio bases may be summed over a dimension; rates may not."""
        return AggregationRule.parse(self.rule or "not_aggregable").kind in {"sum", "ratio"}


def current_versions() -> list[DatasetVersion]:
    return list(
        DatasetVersion.objects.filter(status=VersionStatus.CURRENT)
        .select_related("dataset", "dataset__source")
        .order_by("dataset__source__kind", "dataset__external_id")
    )


def population_frame(codes: list[str]) -> pd.DataFrame:
    """Population (N01951, total) per kommun and period in current versions: region, period, value."""
    rows = Observation.objects.filter(
        version__status=VersionStatus.CURRENT,
        measure=POPULATION_MEASURE,
        sex=Sex.TOTAL,
        region_code__in=codes,
    ).values_list("region_code", "period", "value")
    return pd.DataFrame(list(rows), columns=["region", "period", "value"]).dropna()


def population_weights(codes: list[str]) -> pd.Series | None:
    """Latest population per kommun, or None when no population is stored."""
    frame = population_frame(codes)
    if frame.empty:
        return None
    return frame.sort_values("period").groupby("region")["value"].last()


def measure_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    from reglab.analysis.brp import brp_latest_run, brp_structure  # brp.py imports this module

    groups: list[tuple[str, list[tuple[str, str]]]] = []
    run = brp_latest_run()
    if run is not None:
        parts, themes = brp_structure(run)
        options = [(f"brp:{p}", f"BRP+ {brp_name(p)}") for p in parts]
        options += [
            (
                f"brp:{t['code']}",
                f"BRP+ {t['code']} {brp_name(t['name_sv'])}"
                if t["code"] != t["name_sv"]
                else f"BRP+ {brp_name(t['code'])}",
            )
            for t in themes
        ]
        groups.append(("BRP+", options))
    versions = current_versions()
    if versions:
        pairs = (
            Observation.objects.filter(version_id__in=[v.pk for v in versions])
            .values_list("version_id", "measure")
            .distinct()
        )
        by_version = {v.pk: v for v in versions}
        options = []
        for version_id, measure in sorted(pairs):
            ds = by_version[version_id].dataset
            title = ds.title or ds.external_id
            label = f"{title} – {measure}" if measure != ds.external_id else title
            options.append((f"stat:{ds.pk}:{measure}", label[:140]))
        groups.append((_("Statistik"), options))
    from reglab.analysis.matching import matching_measure_options

    matching = matching_measure_options()
    if matching:
        groups.append((_("Matcha rätt"), matching))
    return groups


def statistics_rule(measure: str, unit: str) -> str:
    """The aggregation rule of a statistics measure: its indicator definition, else counts are summed."""
    definition = IndicatorDefinition.objects.filter(code=measure).first()
    if definition is not None:
        return definition.aggregation_rule
    unit_l = (unit or "").strip().lower()
    if any(unit_l == u or unit_l.startswith(u + " ") for u in COUNT_UNITS):
        return "sum"
    return "not_aggregable"


def measure_resolve(key: str) -> Measure:
    """The measure a key names; ``MeasureError`` with a one-line message when it names none."""
    from reglab.analysis.brp import brp_latest_run, brp_structure  # brp.py imports this module

    key = (key or "").strip()
    if key.startswith("brp:"):
        run = brp_latest_run()
        if run is None:
            raise MeasureError(_("Inga BRP+-resultat finns ännu (importera: reglab brp import-official)."))
        code = key[4:]
        parts, themes = brp_structure(run)
        if code in parts:
            return Measure(
                key=key,
                label=f"BRP+ {brp_name(code)}",
                kind="brp",
                level="part",
                code=code,
                unit="index 0–100",
            )
        theme = next((t for t in themes if t["code"] == code), None)
        if theme is None:
            raise MeasureError(_("Okänt BRP+-mått: %(code)s.") % {"code": code})
        name = brp_name(theme["name_sv"])
        label = f"BRP+ {brp_name(code)}" if code == theme["name_sv"] else f"BRP+ {code} {name}"
        return Measure(key=key, label=label, kind="brp", level="theme", code=code, unit="index 0–100")
    if key.startswith("stat:"):
        _prefix, _sep, rest = key.partition(":")
        ds_id, _sep, measure = rest.partition(":")
        if not ds_id.isdigit() or not measure:
            raise MeasureError(_("Måttet ska anges som stat:<dataset-id>:<mått>."))
        dataset = Dataset.objects.select_related("source").filter(pk=int(ds_id)).first()
        version = dataset.current_version if dataset else None
        if dataset is None or version is None:
            raise MeasureError(
                _("Datasetet %(id)s finns inte eller saknar gällande version.") % {"id": ds_id}
            )
        if not Observation.objects.filter(version=version, measure=measure).exists():
            raise MeasureError(_("Måttet %(m)s finns inte i datasetets gällande version.") % {"m": measure})
        title = dataset.title or dataset.external_id
        return Measure(
            key=key,
            label=title if measure == dataset.external_id else f"{title} – {measure}",
            kind="stat",
            code=measure,
            unit=dataset.unit,
            dataset=dataset,
            version=version,
            rule=statistics_rule(measure, dataset.unit),
            source=dataset.credit(),
        )
    if key.startswith("matching:"):
        from reglab.analysis.matching import matching_measure_source

        try:
            version, code, label = matching_measure_source(key)
        except KeyError:
            raise MeasureError(
                _("Okänt matchningsmått eller ingen M2-data hämtad: %(key)s.") % {"key": key}
            ) from None
        dataset = version.dataset
        return Measure(
            key=key,
            label=label,
            kind="matching",
            code=code,
            unit=dataset.unit or "procent",
            dataset=dataset,
            version=version,
            rule="not_aggregable",
            source=dataset.credit(),
        )
    raise MeasureError(_("Välj ett mått."))


def measure_and_gender(key: str, gender: str) -> tuple[Measure | None, list[str]]:
    """The chosen measure (or None) and the problems with it or with the sex, as messages."""
    errors = []
    if gender not in {"T", "K", "M"}:
        errors.append(_("Okänt kön: välj T, K eller M."))
    try:
        return measure_resolve(key), errors
    except MeasureError as exc:
        return None, [*errors, str(exc)]
