"""The open read API (django-ninja): statistics, indicators, BRP+ results, published programmes.

Everything here is public and read-only: what an anonymous visitor may see on the site, as JSON, with
an OpenAPI description at /api/openapi.json and the docs page at /api/docs (Swagger UI served from our
own static files). Anonymous callers are throttled per IP; answers are cached by data version.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.
import datetime
import math

from django.core.cache import cache
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.throttling import AnonRateThrottle

from reglab.core.cache import data_version
from reglab.indicators.models import BrpRun, BrpValue, IndicatorDefinition
from reglab.programme.models import Activity, Programme
from reglab.statistics.models import Dataset, DatasetVersion, VersionStatus
from reglab.statistics.selectors import version_frame

CACHE_TIMEOUT = 24 * 3600
MAX_LIMIT = 10_000

api = NinjaAPI(
    title="Reglab API",
    version="1",
    description=(
        "Öppet läs-API för Reglabs statistik (dataset, versioner, observationer), indikatorer, "
        "BRP+-resultat och publicerade program. Samma värden som CSV-exporterna på webbplatsen."
    ),
    urls_namespace="api",
    throttle=[AnonRateThrottle()],
)


# -- schemas -------------------------------------------------------------------------------------


class VersionOut(Schema):
    id: int
    number: int
    status: str
    fetched_at: datetime.datetime
    activated_at: datetime.datetime | None
    provider_updated: str
    content_hash: str
    row_count: int
    origin: str


class DatasetOut(Schema):
    id: int
    source: str
    external_id: str
    title: str
    unit: str
    attribution: str
    current_version: VersionOut | None
    csv_url: str | None


class DatasetDetailOut(DatasetOut):
    structure: list[dict]
    notes: str
    query: dict


class ObservationFilters(Schema):
    region: list[str] | None = None
    period: list[str] | None = None
    sex: list[str] | None = None
    measure: list[str] | None = None
    limit: int = 1000
    offset: int = 0


class ObservationPage(Schema):
    dataset: int
    version: int
    version_number: int
    count: int
    limit: int
    offset: int
    columns: list[str]
    items: list[dict]


class IndicatorOut(Schema):
    code: str
    name_sv: str
    name_en: str
    unit: str
    direction: str
    source_kind: str
    source: dict
    aggregation_rule: str


class BrpRunOut(Schema):
    id: int
    source: str
    stampelar: int
    sex_mode: str
    aggregation: str
    imputation: str
    lag: int | None
    created_at: datetime.datetime
    provenance: dict


class BrpValueFilters(Schema):
    level: str | None = None
    view: str | None = None
    region: str | None = None
    gender: str | None = None


class BrpValueOut(Schema):
    level: str
    view: str
    region_code: str
    gender: str
    part: str
    theme: str
    aspect: str
    value: float | None


class ProgrammeOut(Schema):
    year: int
    title: str
    description: str
    decided_on: datetime.date | None
    url: str


class ActivityOut(Schema):
    id: int
    title: str
    description: str
    format: str
    status: str
    focus_area: str | None
    lead_organisations: list[str]
    start_date: datetime.date | None
    end_date: datetime.date | None
    url: str


# -- helpers -------------------------------------------------------------------------------------


def _version_out(version: DatasetVersion | None) -> dict | None:
    if version is None:
        return None
    return {
        f: getattr(version, f)
        for f in (
            "id",
            "number",
            "status",
            "fetched_at",
            "activated_at",
            "provider_updated",
            "content_hash",
            "row_count",
            "origin",
        )
    }


def _dataset_out(dataset: Dataset) -> dict:
    current = dataset.current_version
    return {
        "id": dataset.pk,
        "source": dataset.source.kind,
        "external_id": dataset.external_id,
        "title": dataset.title,
        "unit": dataset.unit,
        "attribution": dataset.attribution,
        "current_version": _version_out(current),
        "csv_url": reverse("statistics:dataset-export", args=[dataset.pk]) if current else None,
    }


def _cached(key: str, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_TIMEOUT)
    return value


def _json_value(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _json_value(value.item())
    return value


# -- statistics ----------------------------------------------------------------------------------


@api.get("/datasets", response=list[DatasetOut], tags=["statistik"], summary="Alla dataset")
def datasets(request):
    key = f"reglab:api:datasets:{data_version()}"
    return _cached(
        key,
        lambda: [
            _dataset_out(d)
            for d in Dataset.objects.select_related("source")
            .with_current()
            .order_by("source__kind", "external_id")
        ],
    )


@api.get("/datasets/{dataset_id}", response=DatasetDetailOut, tags=["statistik"], summary="Ett dataset")
def dataset(request, dataset_id: int):
    found = get_object_or_404(Dataset.objects.select_related("source").with_current(), pk=dataset_id)
    return {**_dataset_out(found), "structure": found.structure, "notes": found.notes, "query": found.query}


@api.get(
    "/datasets/{dataset_id}/versions", response=list[VersionOut], tags=["statistik"], summary="Versioner"
)
def dataset_versions(request, dataset_id: int):
    found = get_object_or_404(Dataset, pk=dataset_id)
    return [_version_out(v) for v in found.versions.order_by("-number")]


def _observation_rows(version: DatasetVersion) -> tuple[list[str], list[dict]]:
    """The version in the CSV export's columns and order (the same selector), as JSON-ready rows."""
    frame = version_frame(version)
    columns = list(frame.columns)
    rows = [
        {c: _json_value(v) for c, v in zip(columns, record, strict=True)}
        for record in frame.itertuples(index=False, name=None)
    ]
    return columns, rows


@api.get(
    "/datasets/{dataset_id}/observations",
    response=ObservationPage,
    tags=["statistik"],
    summary="Observationer i gällande version",
    description=(
        "Samma rader och ordning som datasetets CSV-export. Filtrera med region (SCB-kod), period, "
        "sex (total|women|men) och measure; upprepa en parameter för flera värden. Sidindelat med "
        "limit (högst 10 000) och offset."
    ),
)
def dataset_observations(request, dataset_id: int, filters: Query[ObservationFilters]):
    found = get_object_or_404(Dataset, pk=dataset_id)
    version = found.versions.filter(status=VersionStatus.CURRENT).first()
    if version is None:
        raise HttpError(404, "Datasetet har ingen gällande version.")
    if not 1 <= filters.limit <= MAX_LIMIT or filters.offset < 0:
        raise HttpError(400, f"limit ska vara 1–{MAX_LIMIT} och offset 0 eller mer.")
    # Keyed by the version id: a new version of the dataset is a new key.
    columns, rows = _cached(f"reglab:api:obs:{version.pk}", lambda: _observation_rows(version))
    wanted = {
        "region_code": set(filters.region or ()),
        "period": set(filters.period or ()),
        "sex": set(filters.sex or ()),
        "measure": set(filters.measure or ()),
    }
    active = {c: values for c, values in wanted.items() if values}
    if active:
        rows = [r for r in rows if all(str(r[c]) in values for c, values in active.items())]
    return {
        "dataset": found.pk,
        "version": version.pk,
        "version_number": version.number,
        "count": len(rows),
        "limit": filters.limit,
        "offset": filters.offset,
        "columns": columns,
        "items": rows[filters.offset : filters.offset + filters.limit],
    }


# -- indicators and BRP+ -------------------------------------------------------------------------


@api.get("/indicators", response=list[IndicatorOut], tags=["indikatorer"], summary="Indikatordefinitioner")
@paginate(LimitOffsetPagination)
def indicators(request):
    return IndicatorDefinition.objects.order_by("code")


@api.get("/brp/runs", response=list[BrpRunOut], tags=["BRP+"], summary="BRP+-körningar")
def brp_runs(request):
    return [
        {
            "id": r.pk,
            "source": r.source,
            "stampelar": r.config.stampelar,
            "sex_mode": r.sex_mode,
            "aggregation": r.aggregation,
            "imputation": r.imputation,
            "lag": r.lag,
            "created_at": r.created_at,
            "provenance": r.provenance,
        }
        for r in BrpRun.objects.select_related("config").order_by("-config__stampelar", "-created_at")
    ]


@api.get(
    "/brp/runs/{run_id}/values",
    response=list[BrpValueOut],
    tags=["BRP+"],
    summary="Värden i en BRP+-körning",
    description=(
        "level (part|theme|aspect), view (K|L), region (Kolada-id, t.ex. 0114 eller 0001), gender (T|K|M)."
    ),
)
@paginate(LimitOffsetPagination)
def brp_values(request, run_id: int, filters: Query[BrpValueFilters]):
    run = get_object_or_404(BrpRun, pk=run_id)
    query = BrpValue.objects.filter(run=run)
    for field, value in (
        ("level", filters.level),
        ("view", filters.view),
        ("region_code", filters.region),
        ("gender", filters.gender),
    ):
        if value:
            query = query.filter(**{field: value})
    return query.order_by("id")


# -- programme -----------------------------------------------------------------------------------


@api.get("/programmes", response=list[ProgrammeOut], tags=["program"], summary="Publicerade program")
def programmes(request):
    return [
        {
            "year": p.year,
            "title": p.title,
            "description": p.description,
            "decided_on": p.decided_on,
            "url": p.get_absolute_url(),
        }
        for p in Programme.objects.filter(is_published=True).order_by("-year")
    ]


@api.get(
    "/programmes/{year}/activities",
    response=list[ActivityOut],
    tags=["program"],
    summary="Aktiviteter i ett publicerat program",
)
@paginate(LimitOffsetPagination)
def programme_activities(request, year: int):
    programme = get_object_or_404(Programme, year=year, is_published=True)
    activities = (
        Activity.objects.filter(programme=programme)
        .select_related("focus_area")
        .prefetch_related("lead_organisations")
        .order_by("title")
    )
    return [
        {
            "id": a.pk,
            "title": a.title,
            "description": a.description,
            "format": a.format,
            "status": a.status,
            "focus_area": str(a.focus_area) if a.focus_area else None,
            "lead_organisations": [o.name for o in a.lead_organisations.all()],
            "start_date": a.start_date,
            "end_date": a.end_date,
            "url": a.get_absolute_url(),
        }
        for a in activities
    ]
