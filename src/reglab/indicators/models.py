"""Indicator definitions as data, BRP+ configuration versions and stored BRP+ results.

* ``IndicatorDefinition``: one measure (a Kolada KPI, an SCB table selection or a formula) with its
  direction and the *aggregation rule* that says how to compute it for a region made of other regions.
* ``BrpConfigVersion``: the BRP+ configuration of one stämpelår (the shipped JSON, never hard-coded).
* ``BrpRun`` + ``BrpValue``: one set of BRP+ results (part, theme, aspect values per region × sex) with
  the configuration version, the modes that produced it and where the data came from. The official
  published files are stored as a run with ``source=official`` so they can be shown before any KPI is
  synced, and compared with our recomputations.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER = "higher_is_better", _("Högre är bättre")
    LOWER = "lower_is_better", _("Lägre är bättre")


class SourceKind(models.TextChoices):
    KOLADA = "kolada", _("Kolada-nyckeltal")
    SCB = "scb", _("SCB-tabell")
    FORMULA = "formula", _("Formel över andra mått")


class IndicatorDefinition(models.Model):
    code = models.CharField(_("id"), max_length=64, unique=True)
    name_sv = models.CharField(_("namn (svenska)"), max_length=300)
    name_en = models.CharField(_("namn (engelska)"), max_length=300, blank=True)
    unit = models.CharField(_("enhet"), max_length=60, blank=True)
    direction = models.CharField(
        _("riktning"), max_length=20, choices=Direction.choices, default=Direction.HIGHER
    )
    source_kind = models.CharField(
        _("källa"), max_length=10, choices=SourceKind.choices, default=SourceKind.KOLADA
    )
    # {"kpi": "N00905"} | {"table": "BE0101/...", "selection": {...}} | {"formula": "a / b", "inputs": [...]}
    source = models.JSONField(_("källdetaljer"), default=dict, blank=True)
    # "sum" | "ratio(numerator, denominator)" | "weighted_mean(weight)" | "not_aggregable"
    aggregation_rule = models.CharField(_("aggregeringsregel"), max_length=200, default="not_aggregable")
    approximation_weight = models.CharField(
        _("vikt för approximation"),
        max_length=64,
        blank=True,
        help_text=_("Mått som används för en tydligt märkt befolkningsviktad approximation."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("indikatordefinition")
        verbose_name_plural = _("indikatordefinitioner")

    def __str__(self) -> str:
        return f"{self.code} {self.name_sv}"


class BrpConfigVersion(models.Model):
    stampelar = models.PositiveIntegerField(_("stämpelår"), unique=True)
    configuration_date = models.DateField(_("konfigurationens datum"), null=True, blank=True)
    data = models.JSONField(_("konfiguration"))
    indicators = models.ManyToManyField(IndicatorDefinition, blank=True, related_name="brp_configs")
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-stampelar"]
        verbose_name = _("BRP+-konfiguration")
        verbose_name_plural = _("BRP+-konfigurationer")

    def __str__(self) -> str:
        return f"BRP+ {self.stampelar}"


class RunSource(models.TextChoices):
    OFFICIAL = "official", _("Officiellt publicerat (Kolada)")
    COMPUTED = "computed", _("Beräknat i Reglab")


class BrpRun(models.Model):
    config = models.ForeignKey(BrpConfigVersion, on_delete=models.PROTECT, related_name="runs")
    source = models.CharField(_("ursprung"), max_length=10, choices=RunSource.choices)
    sex_mode = models.CharField(_("könsläge"), max_length=20, default="total_bas")
    aggregation = models.CharField(_("aggregering"), max_length=10, default="levels")
    imputation = models.CharField(_("imputering"), max_length=10, default="reproduce")
    lag = models.PositiveSmallIntegerField(_("laggat år"), null=True, blank=True)
    # Data versions: file name + sha256, or Kolada sync time and row counts; selected year per KPI.
    provenance = models.JSONField(_("dataursprung"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("BRP+-körning")
        verbose_name_plural = _("BRP+-körningar")

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.config.stampelar} ({self.modes_label})"

    @property
    def modes_label(self) -> str:
        year = f"lag {self.lag}" if self.lag is not None else "senaste år"
        return f"{self.sex_mode}, {self.aggregation}, imputering {self.imputation}, {year}"


class Level(models.TextChoices):
    PART = "part", _("Del")
    THEME = "theme", _("Tema")
    ASPECT = "aspect", _("Aspekt")


class BrpValue(models.Model):
    run = models.ForeignKey(BrpRun, on_delete=models.CASCADE, related_name="values")
    level = models.CharField(max_length=6, choices=Level.choices)
    view = models.CharField(max_length=1, help_text="K = kommunindex, L = regionindex")
    region_code = models.CharField(max_length=4, help_text="Kolada-id: kommun 0114, region 0001, Riket 0000")
    gender = models.CharField(max_length=1)
    part = models.CharField(max_length=40)
    theme = models.CharField(max_length=40, blank=True)
    aspect = models.CharField(max_length=120, blank=True)
    value = models.FloatField(null=True)

    class Meta:
        indexes = [models.Index(fields=["run", "level", "view", "region_code"])]
        verbose_name = _("BRP+-värde")
        verbose_name_plural = _("BRP+-värden")

    def __str__(self) -> str:
        return f"{self.region_code} {self.gender} {self.part} {self.theme} {self.aspect}".strip()
