"""Writing statistics: ingest a `StatTable` as a new dataset version, atomically, with provenance."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.geography.models import Region
from reglab.readers.table import Dimension, StatTable, normalise_sex, period_type
from reglab.reference.region_codes import alias_for
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
# Rows per write transaction of an import: about a second of SQLite's write lock, and the memory
# of the Python row objects of one batch (the whole table never exists as Python objects).
WRITE_BATCH = 50_000
DELETE_BATCH = 50_000
# A building version whose import has not written for this long was left by a killed run.
STALE_BUILDING = timedelta(minutes=15)


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


def _region_ids(dim: Dimension) -> tuple[list[str], list[int | None], dict[str, str]]:
    """(code as published, current Region id or None, {code: label} outside the geography) per value
    of the region dimension.

    A code the geography does not know never refuses the table: its rows are kept with the code as
    published and no region (aggregates such as FA99 or 999, regions of another division), and the
    codes with the source's labels are returned so the version can report them.
    """
    by_code: dict[str, int] = dict(Region.objects.filter(code__in=dim.values).values_list("code", "id"))
    published = {c: c for c in dim.values}
    labels = dict(zip(dim.values, dim.labels, strict=True))
    old = [c for c in dim.values if c not in by_code and c in HISTORICAL_CODES]
    if old:
        today = dict(
            Region.objects.filter(code__in=[HISTORICAL_CODES[c] for c in old]).values_list("code", "id")
        )
        by_code.update({c: today[HISTORICAL_CODES[c]] for c in old if HISTORICAL_CODES[c] in today})
    # Non-standard source codes whose own label names a known region (FA00 "Riket"), unless the
    # table also carries that region itself: then the rows would be the same cells twice.
    aliases = {
        c: target
        for c in dim.values
        if c not in by_code and (target := alias_for(c, labels[c])) is not None and target not in dim.values
    }
    if aliases:
        known = dict(Region.objects.filter(code__in=set(aliases.values())).values_list("code", "id"))
        for code, target in aliases.items():
            if target in known:
                by_code[code], published[code] = known[target], target
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
    if missing and not Region.objects.exists():
        raise IngestError(_("Geografin saknas i databasen: kör först `reglab geography load`."))
    outside = {c: labels[c] for c in missing}
    return [published[c] for c in dim.values], [by_code.get(c) for c in dim.values], outside


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


class ObservationColumns:
    """Per-value lookups of a table, computed once; `slice(start, stop)` gives insert columns for
    those cells only, so memory stays proportional to one batch instead of the whole table."""

    def __init__(self, table: StatTable, *, default_measure: str) -> None:
        roles = _roles(table)
        chosen = {d.code for d in roles.values() if d is not None}
        self.table = table
        self.default_measure = default_measure
        self.roles = roles
        self.others = [d for d in table.dimensions if d.code not in chosen]
        region, time, sex, measure = roles["region"], roles["time"], roles["sex"], roles["measure"]
        codes, ids, outside = _region_ids(region) if region else ([], [], {})  # may raise IngestError
        # Codes the geography does not know, with the source's labels (kept, reported per version).
        self.outside_regions: dict[str, str] = outside
        # (dimension, its per-value column, the default when the table has no such dimension)
        self.lookups: dict[str, tuple[Dimension | None, np.ndarray, object]] = {
            "measure": (measure, _objects(measure.values if measure else []), default_measure),
            "region_code": (region, _objects(codes), ""),
            "region_id": (region, _objects(ids), None),
            "period": (time, _objects(time.values if time else []), ""),
            "period_type": (time, _objects([period_type(v) for v in time.values] if time else []), "other"),
            "sex": (
                sex,
                _objects(
                    [normalise_sex(v, lbl) for v, lbl in zip(sex.values, sex.labels, strict=True)]
                    if sex
                    else []
                ),
                "total",
            ),
        }

    def __len__(self) -> int:
        return len(self.table)

    def slice(self, start: int, stop: int) -> dict[str, list]:
        table = self.table
        n = stop - start
        columns: dict[str, list] = {}
        for name, (dim, per_value, default) in self.lookups.items():
            if dim is None:
                columns[name] = [default] * n
            else:
                columns[name] = per_value[table.index[dim.code][start:stop]].tolist()
        columns["dimensions"] = self._others(start, stop)
        values = table.values[start:stop]
        objects = values.astype(object)
        objects[np.isnan(values)] = None
        columns["value"] = objects.tolist()
        status = table.status
        columns["status"] = [s or "" for s in status[start:stop]] if status is not None else [""] * n
        return columns

    def _others(self, start: int, stop: int) -> list[str]:
        n = stop - start
        if not self.others:
            return ["{}"] * n
        key = np.zeros(n, dtype=np.int64)
        for dim in self.others:
            key = key * len(dim) + self.table.index[dim.code][start:stop]
        unique, inverse = np.unique(key, return_inverse=True)
        texts = []
        for combined in unique.tolist():
            parts = {}
            for dim in reversed(self.others):
                combined, pos = divmod(combined, len(dim))
                parts[dim.code] = dim.values[pos]
            texts.append(json.dumps(dict(sorted(parts.items())), ensure_ascii=False))
        return np.asarray(texts, dtype=object)[inverse].tolist()


def _objects(items) -> np.ndarray:
    array = np.empty(len(items), dtype=object)
    array[:] = list(items)
    return array


def observation_columns(table: StatTable, *, default_measure: str) -> dict[str, list]:
    """Column lists (one entry per cell) for the whole table; imports use `ObservationColumns`
    batch by batch instead."""
    return ObservationColumns(table, default_measure=default_measure).slice(0, len(table))


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
    """Raw bulk insert (executemany on SQLite, COPY on PostgreSQL): ~10× Django's bulk_create.

    Runs in the caller's transaction; imports call it once per batch, each in its own short one.
    """
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


def observations_write(
    *, version: DatasetVersion, columns: ObservationColumns, progress: Progress | None = None
) -> int:
    """All cells of a table, `WRITE_BATCH` at a time, each batch in its own short transaction.

    The version is `building`, so no reader sees these rows yet, and no batch holds SQLite's
    write lock for long: a login or another import waits at most one batch.
    """
    n = len(columns)
    done = 0
    while done < n:
        stop = min(done + WRITE_BATCH, n)
        batch = columns.slice(
            done, stop
        )  # built outside the transaction: the lock is held for the insert only
        with transaction.atomic():
            observations_insert(version_id=version.pk, columns=batch)
            DatasetVersion.objects.filter(pk=version.pk).update(heartbeat_at=timezone.now())
        del batch
        done = stop
        if progress:
            progress(done, n)
    return done


def observations_delete(*, version_id: int) -> int:
    """Delete a version's observations in batches (short transactions, as they were written)."""
    table = Observation._meta.db_table
    sql = (
        f"DELETE FROM {table} WHERE id IN "  # noqa: S608 - table name from the model
        f"(SELECT id FROM {table} WHERE version_id = %s LIMIT {DELETE_BATCH})"
    )
    deleted = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [version_id])
            count = cursor.rowcount
        deleted += max(count, 0)
        if count < DELETE_BATCH:
            return deleted


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


class ImportBusy(IngestError):
    """Another import of the same dataset is running, or the database stayed locked."""


def _busy_message(external_id: str) -> str:
    return _(
        "En annan import av %(id)s pågår; försök igen om en stund. Den gällande versionen är oförändrad."
    ) % {"id": external_id}


def _building_check(dataset: Dataset) -> None:
    """Refuse while another run is building a version of this dataset; fail versions left by a
    killed run (and delete what they wrote)."""
    now = timezone.now()
    for version in dataset.versions.filter(status=VersionStatus.BUILDING):
        last = version.heartbeat_at or version.fetched_at
        if last is not None and now - last < STALE_BUILDING:
            raise ImportBusy(_busy_message(dataset.external_id))
        observations_delete(version_id=version.pk)
        DatasetVersion.objects.filter(pk=version.pk).update(
            status=VersionStatus.FAILED,
            failure_message=_("Avbruten: körningen avslutades innan versionen var klar."),
        )


def _version_discard(version: DatasetVersion, message: str) -> None:
    """A failed build: its observations deleted, the version kept as a record of the failure."""
    try:
        observations_delete(version_id=version.pk)
    finally:
        DatasetVersion.objects.filter(pk=version.pk).update(
            status=VersionStatus.FAILED, failure_message=message[:2000]
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
    prune: bool = True,
) -> IngestResult:
    """Store `table` as the next version of its dataset, or change nothing if the content is the same.

    The version row is created as `building` (visible in `data status`, to no reader), its
    observations are written in batches of short transactions, and it is flipped to `current`
    (the previous one to `superseded`) in one short final transaction. Any error deletes what was
    written and marks the version failed; the previous current version is untouched. Afterwards
    superseded versions beyond the retention setting are removed (`dataset_versions_prune`).
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
    try:
        dataset = dataset_get_or_create(
            source_kind=source_kind,
            external_id=external_id,
            title=table.title,
            unit=table.unit,
            attribution=attribution,
            query=query,
        )
    except (IntegrityError, OperationalError) as exc:
        raise ImportBusy(_busy_message(external_id)) from exc
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
    columns = ObservationColumns(table, default_measure=external_id)  # may raise IngestError (regions)
    try:
        _building_check(dataset)
        last = dataset.versions.order_by("-number").values_list("number", flat=True).first() or 0
        version = DatasetVersion.objects.create(
            dataset=dataset,
            number=last + 1,
            status=VersionStatus.BUILDING,
            provider_updated=table.updated[:40],
            content_hash=digest,
            origin=origin[:500],
            heartbeat_at=timezone.now(),
            outside_regions=columns.outside_regions,
        )
    except (IntegrityError, OperationalError) as exc:
        # Two runs took the same version number, or the database stayed locked past its timeout.
        raise ImportBusy(_busy_message(external_id)) from exc
    try:
        rows = observations_write(version=version, columns=columns, progress=progress)
        if rows != len(table):
            raise IngestError(_("Bara %(rows)d av %(n)d värden sparades.") % {"rows": rows, "n": len(table)})
        with transaction.atomic():
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
    except OperationalError as exc:
        _version_discard(version, str(exc) or exc.__class__.__name__)
        raise ImportBusy(_busy_message(external_id)) from exc
    except BaseException as exc:
        _version_discard(version, str(exc)[:2000] or exc.__class__.__name__)
        raise
    if prune:
        dataset_versions_prune(dataset=dataset)
    return IngestResult(dataset=dataset, version=version, rows=rows, changed=True)


@dataclass(frozen=True)
class PrunedVersion:
    dataset: str
    number: int
    status: str
    rows: int


def dataset_versions_prune(
    *,
    dataset: Dataset | None = None,
    keep: int | None = None,
    days: int | None = None,
    dry_run: bool = False,
) -> list[PrunedVersion]:
    """Remove old versions: all but the newest `keep` of each dataset (REGLAB_KEEP_DATASET_VERSIONS,
    the current one included), and any older than `days` (REGLAB_KEEP_DATASET_VERSIONS_DAYS, off
    when 0). The current version and a build still running are never removed."""
    from django.conf import settings

    keep = max(1, settings.REGLAB_KEEP_DATASET_VERSIONS if keep is None else keep)
    days = settings.REGLAB_KEEP_DATASET_VERSIONS_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days) if days else None
    stale = timezone.now() - STALE_BUILDING
    datasets = [dataset] if dataset is not None else list(Dataset.objects.order_by("pk"))
    removed: list[PrunedVersion] = []
    for ds in datasets:
        with_data = 0  # current and superseded versions seen so far, newest first
        for position, version in enumerate(ds.versions.order_by("-number")):
            if version.status == VersionStatus.CURRENT:
                with_data += 1
                continue
            if version.status == VersionStatus.BUILDING:
                if (version.heartbeat_at or version.fetched_at) > stale:
                    continue  # still being written
                too_many = True  # left by a killed run: its rows are garbage
            elif version.status == VersionStatus.SUPERSEDED:
                with_data += 1
                too_many = with_data > keep
            else:  # failed: kept as a record only among the newest versions
                too_many = position >= keep
            too_old = cutoff is not None and version.fetched_at < cutoff
            if not (too_many or too_old):
                continue
            removed.append(PrunedVersion(ds.external_id, version.number, version.status, version.row_count))
            if not dry_run:
                observations_delete(version_id=version.pk)
                DatasetVersion.objects.filter(pk=version.pk).exclude(status=VersionStatus.CURRENT).delete()
    return removed


def failure_record(
    *, source_kind: str, external_id: str, message: str, hint: str = "", dataset: Dataset | None = None
) -> SyncFailure:
    if dataset is None:
        dataset = Dataset.objects.filter(source__kind=source_kind, external_id=external_id).first()
    return SyncFailure.objects.create(
        dataset=dataset, source_kind=source_kind, external_id=external_id[:500], message=message, hint=hint
    )
