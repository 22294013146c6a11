"""Statistics stored with provenance: source → dataset → versions → observations (long form).

A `Dataset` is one provider table (SCB table id, Kolada KPI id or an imported file's matrix) with
the exact query used. Every fetch or import builds a new `DatasetVersion`: its observations are
written in batches while it is `building`, which no reader looks at, and it becomes visible when it
is flipped to `current` in one short final transaction. A failed run deletes what it wrote, leaves
the previous current version as it was, and is recorded as a failed version and a `SyncFailure`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    SCB = "scb", _("SCB Statistikdatabasen (PxWeb)")
    KOLADA = "kolada", _("Kolada")
    FILE = "file", _("Fil")


class Source(models.Model):
    kind = models.CharField(_("typ"), max_length=10, choices=SourceKind.choices, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    base_url = models.URLField(_("bas-URL"), blank=True)
    attribution = models.CharField(_("källangivelse"), max_length=200, blank=True)
    licence = models.CharField(_("licens"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("källa")
        verbose_name_plural = _("källor")

    def __str__(self) -> str:
        return self.name


class DatasetQuerySet(models.QuerySet):
    def with_current(self) -> DatasetQuerySet:
        return self.prefetch_related(
            models.Prefetch(
                "versions",
                queryset=DatasetVersion.objects.filter(status=VersionStatus.CURRENT),
                to_attr="current_versions",
            )
        )


class Dataset(models.Model):
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="datasets", verbose_name=_("källa")
    )
    external_id = models.CharField(_("tabell- eller KPI-id"), max_length=100)
    title = models.CharField(_("titel"), max_length=500, blank=True)
    unit = models.CharField(_("enhet"), max_length=200, blank=True)
    # The exact query sent to the provider (selection, KPI ids, years) or the imported file's name.
    query = models.JSONField(_("fråga"), default=dict, blank=True)
    attribution = models.CharField(_("källangivelse"), max_length=300, blank=True)
    # Dimension codes, labels and roles of the current version (to notice a changed table).
    structure = models.JSONField(_("struktur"), default=list, blank=True)
    notes = models.TextField(_("fotnoter"), blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = DatasetQuerySet.as_manager()

    class Meta:
        ordering = ["source__kind", "external_id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="dataset_unique_per_source")
        ]
        verbose_name = _("dataset")
        verbose_name_plural = _("dataset")

    def __str__(self) -> str:
        return f"{self.external_id} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("statistics:dataset-detail", args=[self.pk])

    def credit(self) -> str:
        """The attribution shown beside a value: the dataset's, else its source's, else the file's origin."""
        return self.attribution or self.source.attribution or self.source_label()

    def source_label(self) -> str:
        """Where the data comes from, in one line: the attribution, or for a file of one's own
        "Egen fil: matchning.csv, uppladdad av anna 2026-11-30" (an import with no attribution)."""
        if self.attribution:
            return self.attribution
        if self.source.kind != SourceKind.FILE:
            return self.source.name
        query = self.query if isinstance(self.query, dict) else {}
        name = str(query.get("file") or self.external_id)
        who, when = str(query.get("uploaded_by") or ""), str(query.get("uploaded_at") or "")[:10]
        if who:
            return gettext_now("Egen fil: %(name)s, uppladdad av %(user)s %(date)s") % {
                "name": name,
                "user": who,
                "date": when,
            }
        return gettext_now("Egen fil: %(name)s, importerad %(date)s") % {
            "name": name,
            "date": when or self.created_at.strftime("%Y-%m-%d"),
        }

    @property
    def current_version(self) -> DatasetVersion | None:
        cached = getattr(self, "current_versions", None)
        if cached is not None:
            return cached[0] if cached else None
        return self.versions.filter(status=VersionStatus.CURRENT).first()


class VersionStatus(models.TextChoices):
    BUILDING = "building", _("byggs")
    CURRENT = "current", _("gällande")
    SUPERSEDED = "superseded", _("ersatt")
    FAILED = "failed", _("misslyckad")


class DatasetVersion(models.Model):
    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="versions", verbose_name=_("dataset")
    )
    number = models.PositiveIntegerField(_("versionsnummer"))
    status = models.CharField(_("status"), max_length=12, choices=VersionStatus.choices, db_index=True)
    fetched_at = models.DateTimeField(_("hämtad"), auto_now_add=True)
    activated_at = models.DateTimeField(_("aktiverad"), null=True, blank=True)
    provider_updated = models.CharField(_("uppdaterad hos källan"), max_length=40, blank=True)
    content_hash = models.CharField(_("innehållshash"), max_length=64, blank=True)
    row_count = models.PositiveIntegerField(_("antal värden"), default=0)
    origin = models.CharField(_("ursprung"), max_length=500, blank=True)
    failure_message = models.TextField(_("felmeddelande"), blank=True)
    # Set after every batch of a running import: a building version whose heartbeat stopped long
    # ago belongs to a run that was killed, not to one that is still writing.
    heartbeat_at = models.DateTimeField(_("senast skrivet"), null=True, blank=True)
    # Region codes in this version that the geography does not know, {code: the source's label}
    # (e.g. SCB's FA99): their observations are stored with the code and no region.
    outside_regions = models.JSONField(_("regionkoder utanför geografin"), default=dict, blank=True)

    class Meta:
        ordering = ["dataset", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "number"], name="version_number_unique"),
            models.UniqueConstraint(
                fields=["dataset"], condition=models.Q(status="current"), name="one_current_version"
            ),
        ]
        verbose_name = _("datasetversion")
        verbose_name_plural = _("datasetversioner")

    def __str__(self) -> str:
        return f"{self.dataset.external_id} v{self.number} ({self.get_status_display()})"

    def outside_summary(self, limit: int = 5) -> str:
        """One line for summaries: "2 regionkoder utanför geografin: FA00 (…), FA99 (…)", or ""."""
        items = sorted((self.outside_regions or {}).items())
        if not items:
            return ""
        shown = ", ".join(
            f"{code} ({label})" if label and label != code else code for code, label in items[:limit]
        )
        return gettext_now("%(n)d regionkoder utanför geografin: %(codes)s") % {
            "n": len(items),
            "codes": shown + (" …" if len(items) > limit else ""),
        }


class PeriodType(models.TextChoices):
    YEAR = "year", _("år")
    QUARTER = "quarter", _("kvartal")
    MONTH = "month", _("månad")
    OTHER = "other", _("annan")


class Sex(models.TextChoices):
    TOTAL = "total", _("totalt")
    WOMEN = "women", _("kvinnor")
    MEN = "men", _("män")


class Observation(models.Model):
    """One value. `version` is its provenance (dataset, fetch time, provider stamp, query)."""

    # The hot table is tuned for bulk inserts (docs/statistics.md): no single-column indexes on the
    # two foreign keys (the composite index starts with the version, and every read goes through a
    # version) and no database FK constraints (per-row triggers halve the PostgreSQL COPY rate). The
    # ingest service resolves region ids and creates the version in the same transaction; Django's
    # ORM still applies CASCADE (version deleted) and PROTECT (region deleted).
    version = models.ForeignKey(
        DatasetVersion,
        on_delete=models.CASCADE,
        related_name="observations",
        db_index=False,
        db_constraint=False,
        verbose_name=_("version"),
    )
    measure = models.CharField(_("mått"), max_length=100)
    # The region code as published (e.g. Heby "1917" in 2003) and the region it is today ("0331"):
    # exports reproduce the provider's table, analyses join on the current geography.
    region_code = models.CharField(_("regionkod"), max_length=64, blank=True)
    region = models.ForeignKey(
        "geography.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
        verbose_name=_("region"),
    )
    period = models.CharField(_("period"), max_length=20)
    period_type = models.CharField(_("periodtyp"), max_length=8, choices=PeriodType.choices)
    sex = models.CharField(_("kön"), max_length=6, choices=Sex.choices, default=Sex.TOTAL)
    # The table's other dimensions, {dimension code: value code}, e.g. {"maternal age": "25"}.
    dimensions = models.JSONField(_("övriga dimensioner"), default=dict, blank=True)
    value = models.FloatField(_("värde"), null=True, blank=True)
    # Missing or suppressed markers: PX dot codes ("..", "-"), JSON-stat status, Kolada status.
    status = models.CharField(_("status"), max_length=20, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["version", "measure", "region", "period"], name="obs_version_measure_region")
        ]
        verbose_name = _("observation")
        verbose_name_plural = _("observationer")

    def __str__(self) -> str:
        return f"{self.measure} {self.region_id} {self.period} {self.sex}: {self.value}"


class SyncFailure(models.Model):
    """A failed import or sync: what, when, why, and what to do."""

    dataset = models.ForeignKey(
        Dataset,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="failures",
        verbose_name=_("dataset"),
    )
    source_kind = models.CharField(_("källa"), max_length=10, choices=SourceKind.choices)
    external_id = models.CharField(_("tabell- eller KPI-id"), max_length=500)
    happened_at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)
    message = models.TextField(_("fel"))
    hint = models.TextField(_("åtgärd"), blank=True)

    class Meta:
        ordering = ["-happened_at", "-id"]
        verbose_name = _("synkfel")
        verbose_name_plural = _("synkfel")

    def __str__(self) -> str:
        return f"{self.external_id}: {self.message[:80]}"


class UpdateKind(models.TextChoices):
    SYNC = "sync", _("hämtning från källan")
    UPLOAD = "upload", _("uppladdad fil")


class UpdateStatus(models.TextChoices):
    QUEUED = "queued", _("köad")
    RUNNING = "running", _("pågår")
    DONE = "done", _("klar")
    FAILED = "failed", _("misslyckad")


class DataUpdate(models.Model):
    """A data update started from the statistics pages (a sync or an uploaded file), run by the worker.

    The page polls it; the result is a new version in the dataset's history (or the reason it failed,
    with the previous version still current).
    """

    kind = models.CharField(_("typ"), max_length=10, choices=UpdateKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=UpdateStatus.choices, default=UpdateStatus.QUEUED
    )
    # The catalogue entry's id (sync) or the uploaded file's name as the user gave it (upload).
    target = models.CharField(_("vad"), max_length=300)
    # Where the upload is kept, relative to REGLAB_DATA_DIR (never served).
    stored_path = models.CharField(_("sparad fil"), max_length=500, blank=True)
    external_id = models.CharField(_("dataset-id"), max_length=100, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("beställd av"),
    )
    created_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    message = models.TextField(_("meddelande"), blank=True)
    task_id = models.CharField(_("jobb"), max_length=64, blank=True)
    dataset = models.ForeignKey(
        Dataset,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="updates",
        verbose_name=_("dataset"),
    )
    version_number = models.PositiveIntegerField(_("version"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("datauppdatering")
        verbose_name_plural = _("datauppdateringar")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("statistics:update-detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (UpdateStatus.DONE, UpdateStatus.FAILED)
