"""Writing statistics: ingest a `StatTable` as a new dataset version, atomically, with provenance."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.geography.models import Region
from reglab.readers.table import Dimension, StatTable, normalise_sex, period_type
from reglab.statistics.models import (
    Dataset,
    DatasetVersion,
    Observation,
    Source,
    SourceKind,
    SyncFailure,
    VersionStatus,
)

Progress = Callable[[int, int], None]

SOURCE_DEFAULTS = {
    SourceKind.SCB: {
        "name": "SCB Statistikdatabasen",
        "attribution": "Källa: SCB",
        "licence": "CC0 (SCB:s öppna data)",
    },
    SourceKind.KOLADA: {"name": "Kolada (RKA)", "attribution": "Källa: Kolada", "licence": "Fri användning"},
    SourceKind.FILE: {"name": "Importerad fil", "attribution": "", "licence": ""},
}
INSERT_BATCH = 100_000


class IngestError(Exception):
    """The data cannot be stored (unknown regions, a changed table, …). One-line message."""


@dataclass(frozen=True)
class IngestResult:
    dataset: Dataset
    version: DatasetVersion  # the current version: the new one, or the existing one when nothing changed
    rows: int
    changed: bool


def source_ensure(*, kind: str) -> Source:
    source, _created = Source.objects.get_or_create(kind=kind, defaults=SOURCE_DEFAULTS[SourceKind(kind)])
    return source


def structure_of(table: StatTable) -> list[dict]:
    return [{"code": d.code, "label": d.label, "role": d.role} for d in table.dimensions]


# Kommun codes that SCB has retired, mapped to the code of the same kommun today.
HISTORICAL_CODES = {"1917": "0331"}  # Heby moved from Västmanlands län to Uppsala län on 2007-01-01


def _region_ids(dim: Dimension) -> tuple[list[str], list[int]]:
    """(code as published, current Region id) per value of the region dimension."""
    by_code = dict(Region.objects.filter(code__in=dim.values).values_list("code", "id"))
    published = {c: c for c in dim.values}
    old = [c for c in dim.values if c not in by_code and c in HISTORICAL_CODES]
    if old:
        today = dict(
            Region.objects.filter(code__in=[HISTORICAL_CODES[c] for c in old]).values_list("code", "id")
        )
        by_code.update({c: today[HISTORICAL_CODES[c]] for c in old if HISTORICAL_CODES[c] in today})
    missing = [c for c in dim.values if c not in by_code]
    if missing:
        # Files with names instead of codes ("Stockholms län", "Region Stockholm").
        by_name = {
            name.lower(): (rid, code) for name, rid, code in Region.objects.values_list("name", "id", "code")
        }
        for code in missing:
            key = code.strip().lower()
            candidates = [key, key.removeprefix("region "), f"{key} län", f"{key}s län"]
            found = next((by_name[k] for k in candidates if k in by_name), None)
            if found is not None:
                by_code[code], published[code] = found
        missing = [c for c in dim.values if c not in by_code]
    if missing:
        if not Region.objects.exists():
            raise IngestError(_("Geografin saknas i databasen: kör först `reglab geography load`."))
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        raise IngestError(
            _("%(n)d okända regionkoder i dimensionen %(dim)s: %(codes)s")
            % {"n": len(missing), "dim": dim.code, "codes": shown}
        )
    return [published[c] for c in dim.values], [by_code[c] for c in dim.values]


def _roles(table: StatTable) -> dict[str, Dimension | None]:
    """The dimension playing each role (first of its kind); the rest are 'other'."""
    chosen: dict[str, Dimension | None] = {"region": None, "time": None, "sex": None, "measure": None}
    for dim in table.dimensions:
        if dim.role in chosen and chosen[dim.role] is None:
            if dim.role == "sex" and not all(
                normalise_sex(v, lbl) for v, lbl in zip(dim.values, dim.labels, strict=True)
            ):
                continue
            chosen[dim.role] = dim
    return chosen


def observation_columns(table: StatTable, *, default_measure: str) -> dict[str, list]:
    """Column lists (one entry per cell) ready for the insert: vectorised over index arrays."""
    roles = _roles(table)
    n = len(table)
    chosen = {d.code for d in roles.values() if d is not None}
    others = [d for d in table.dimensions if d.code not in chosen]

    def take(dim: Dimension | None, per_value: list, default) -> list:
        if dim is None:
            return [default] * n
        return np.asarray(per_value, dtype=object)[table.index[dim.code]].tolist()

    region = roles["region"]
    time = roles["time"]
    sex = roles["sex"]
    measure = roles["measure"]
    codes, ids = _region_ids(region) if region else ([], [])
    columns = {
        "measure": take(measure, list(measure.values) if measure else [], default_measure),
        "region_code": take(region, codes, ""),
        "region_id": take(region, ids, None),
        "period": take(time, list(time.values) if time else [], ""),
        "period_type": take(time, [period_type(v) for v in time.values] if time else [], "other"),
        "sex": take(
            sex,
            [normalise_sex(v, lbl) for v, lbl in zip(sex.values, sex.labels, strict=True)] if sex else [],
            "total",
        ),
    }
    if not others:
        columns["dimensions"] = ["{}"] * n
    else:
        key = np.zeros(n, dtype=np.int64)
        for dim in others:
            key = key * len(dim) + table.index[dim.code]
        unique, inverse = np.unique(key, return_inverse=True)
        texts = []
        for combined in unique.tolist():
            parts = {}
            for dim in reversed(others):
                combined, pos = divmod(combined, len(dim))
                parts[dim.code] = dim.values[pos]
            texts.append(json.dumps(dict(sorted(parts.items())), ensure_ascii=False))
        columns["dimensions"] = np.asarray(texts, dtype=object)[inverse].tolist()
    values = table.values.astype(object)
    values[np.isnan(table.values)] = None
    columns["value"] = values.tolist()
    columns["status"] = [s or "" for s in table.status] if table.status is not None else [""] * n
    return columns


_COLUMNS = (
    "version_id",
    "measure",
    "region_code",
    "region_id",
    "period",
    "period_type",
    "sex",
    "dimensions",
    "value",
    "status",
)


def observations_insert(
    *, version_id: int, columns: dict[str, list], progress: Progress | None = None
) -> int:
    """Raw bulk insert (executemany on SQLite, COPY on PostgreSQL): ~10× Django's bulk_create."""
    n = len(columns["value"])
    table = Observation._meta.db_table
    rows = zip(
        [version_id] * n,
        *(columns[c] for c in _COLUMNS[1:]),
        strict=True,
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
            with raw.copy(f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
                for done, row in enumerate(rows, 1):
                    copy.write_row(row)
                    if progress and done % INSERT_BATCH == 0:
                        progress(done, n)
        else:
            # sqlite3 directly (no wrapper per row), iterating the row generator batch by batch, with
            # a large page cache so the index B-tree is built in memory.
            placeholders = ", ".join(["?"] * len(_COLUMNS))
            sql = f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES ({placeholders})"  # noqa: S608
            raw = connection.connection
            (previous,) = raw.execute("PRAGMA cache_size").fetchone()
            raw.execute("PRAGMA cache_size = -262144")  # 256 MB
            try:
                done = 0
                while done < n:
                    size = min(INSERT_BATCH, n - done)
                    raw.executemany(sql, itertools.islice(rows, size))
                    done += size
                    if progress:
                        progress(done, n)
            finally:
                raw.execute(f"PRAGMA cache_size = {int(previous)}")
    if progress:
        progress(n, n)
    return n


def dataset_get_or_create(
    *, source_kind: str, external_id: str, title: str = "", unit: str = "", attribution: str = "", query=None
) -> Dataset:
    source = source_ensure(kind=source_kind)
    dataset, _created = Dataset.objects.get_or_create(
        source=source,
        external_id=external_id,
        defaults={
            "title": title[:500],
            "unit": unit[:200],
            "attribution": attribution or source.attribution,
            "query": query or {},
        },
    )
    return dataset


def _stale_building_fail(dataset: Dataset) -> None:
    DatasetVersion.objects.filter(dataset=dataset, status=VersionStatus.BUILDING).update(
        status=VersionStatus.FAILED,
        failure_message=_("Avbruten: körningen avslutades innan versionen var klar."),
    )


def dataset_ingest(
    *,
    source_kind: str,
    table: StatTable,
    external_id: str | None = None,
    query: dict | None = None,
    origin: str = "",
    attribution: str = "",
    allow_structure_change: bool = True,
    progress: Progress | None = None,
) -> IngestResult:
    """Store `table` as the next version of its dataset, or change nothing if the content is the same.

    The version row is created as `building` (visible in `data status`), then observations are
    inserted and the version is flipped to `current` (the previous one to `superseded`) in ONE
    transaction. Any error rolls that transaction back, marks the version failed and records a
    `SyncFailure`; the previous current version and its observations are untouched.
    """
    external_id = external_id or table.table_id
    if len(table) == 0:
        raise IngestError(_("Tabellen %(id)s innehåller inga värden.") % {"id": external_id})
    duplicates = table.duplicate_cells()
    if duplicates:
        raise IngestError(
            _("Tabellen %(id)s har %(n)d dubblerade celler (samma kombination av dimensionsvärden).")
            % {"id": external_id, "n": duplicates}
        )
    dataset = dataset_get_or_create(
        source_kind=source_kind,
        external_id=external_id,
        title=table.title,
        unit=table.unit,
        attribution=attribution,
        query=query,
    )
    current = dataset.current_version
    digest = table.content_hash()
    if current is not None and current.content_hash == digest:
        return IngestResult(dataset=dataset, version=current, rows=current.row_count, changed=False)
    structure = structure_of(table)
    if (
        current is not None
        and not allow_structure_change
        and [(d["code"], d["role"]) for d in dataset.structure] != [(d["code"], d["role"]) for d in structure]
    ):
        raise IngestError(
            _("Tabellens dimensioner har ändrats hos källan (%(old)s → %(new)s); granska och importera om.")
            % {
                "old": ", ".join(d["code"] for d in dataset.structure),
                "new": ", ".join(d["code"] for d in structure),
            }
        )
    columns = observation_columns(table, default_measure=external_id)  # may raise IngestError (regions)
    _stale_building_fail(dataset)
    last = dataset.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = DatasetVersion.objects.create(
        dataset=dataset,
        number=last + 1,
        status=VersionStatus.BUILDING,
        provider_updated=table.updated[:40],
        content_hash=digest,
        origin=origin[:500],
    )
    try:
        with transaction.atomic():
            rows = observations_insert(version_id=version.pk, columns=columns, progress=progress)
            if rows != len(table):
                raise IngestError(
                    _("Bara %(rows)d av %(n)d värden sparades.") % {"rows": rows, "n": len(table)}
                )
            DatasetVersion.objects.filter(dataset=dataset, status=VersionStatus.CURRENT).update(
                status=VersionStatus.SUPERSEDED
            )
            version.status = VersionStatus.CURRENT
            version.row_count = rows
            version.activated_at = timezone.now()
            version.save(update_fields=["status", "row_count", "activated_at"])
            dataset.title = table.title[:500] or dataset.title
            dataset.unit = table.unit[:200] or dataset.unit
            dataset.structure = structure
            dataset.notes = "\n".join(table.notes)
            if query is not None:
                dataset.query = query
            dataset.save(update_fields=["title", "unit", "structure", "notes", "query"])
    except BaseException as exc:
        DatasetVersion.objects.filter(pk=version.pk).update(
            status=VersionStatus.FAILED, failure_message=str(exc)[:2000] or exc.__class__.__name__
        )
        raise
    return IngestResult(dataset=dataset, version=version, rows=rows, changed=True)


def failure_record(
    *, source_kind: str, external_id: str, message: str, hint: str = "", dataset: Dataset | None = None
) -> SyncFailure:
    if dataset is None:
        dataset = Dataset.objects.filter(source__kind=source_kind, external_id=external_id).first()
    return SyncFailure.objects.create(
        dataset=dataset, source_kind=source_kind, external_id=external_id[:500], message=message, hint=hint
    )
