"""Data updates from the web: a sync of one catalogue entry or an uploaded file, run by the worker.

The request only stores the upload (privately, under REGLAB_DATA_DIR), records a `DataUpdate` and
enqueues `statistics_update_job`; the worker reads and stores the file with the same bounded
readers and `dataset_ingest` as `reglab data import`, so a bad file ends as a failed update with one
line in Swedish and the previous version stays current.
"""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from reglab.readers import ReaderError, read_any
from reglab.statistics.catalogue import CatalogueError, ScbEntry, catalogue_load
from reglab.statistics.models import Dataset, DataUpdate, SourceKind, UpdateKind, UpdateStatus
from reglab.statistics.services import IngestError, dataset_ingest, failure_record

UPLOAD_SUFFIXES = (".px", ".json", ".csv", ".xlsx")


class UpdateRefused(ValueError):
    """The request cannot become an update (unknown entry, wrong file type). One line, Swedish."""


def upload_dir() -> Path:
    """Private: under the data directory, never under MEDIA_ROOT or STATIC_ROOT."""
    return Path(settings.DATA_DIR) / "uploads" / "statistics"


def catalogue_choices() -> list[tuple[str, str]]:
    """(entry id, "id – title") for every catalogue entry, SCB first."""
    try:
        entries = catalogue_load().entries()
    except CatalogueError:
        return []
    return [(e.id, f"{e.source}:{e.id} – {e.title}" if e.title else f"{e.source}:{e.id}") for e in entries]


def _enqueue(update: DataUpdate) -> DataUpdate:
    from reglab.operations.jobs import enqueue
    from reglab.operations.tasks import statistics_update_job

    result = enqueue(statistics_update_job, update.pk)
    DataUpdate.objects.filter(pk=update.pk).update(task_id=str(result.id))
    update.task_id = str(result.id)
    return update


def update_request_sync(*, entry_id: str, user) -> DataUpdate:
    ids = {e.id for e in catalogue_load().entries()}
    if entry_id not in ids:
        raise UpdateRefused(_("%(id)s finns inte i katalogen.") % {"id": entry_id})
    update = DataUpdate.objects.create(kind=UpdateKind.SYNC, target=entry_id, requested_by=user)
    return _enqueue(update)


def update_request_upload(*, upload, user, external_id: str = "") -> DataUpdate:
    """Store the uploaded file privately and enqueue its import (the size is checked by the form)."""
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UpdateRefused(
            _("Filtypen %(suffix)s stöds inte: ladda upp en PX-, JSON-stat- (.json), CSV- eller XLSX-fil.")
            % {"suffix": suffix or "(ingen)"}
        )
    folder = upload_dir() / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    safe = get_valid_filename(name) or f"fil{suffix}"
    path = folder / safe
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    update = DataUpdate.objects.create(
        kind=UpdateKind.UPLOAD,
        target=name[:300],
        stored_path=str(path.relative_to(settings.DATA_DIR)),
        external_id=external_id.strip()[:100],
        requested_by=user,
    )
    return _enqueue(update)


def _finish(update: DataUpdate, status: str, message: str, *, dataset=None, version=None) -> DataUpdate:
    update.status = status
    update.message = message[:2000]
    update.finished_at = timezone.now()
    update.dataset = dataset
    update.version_number = version
    update.save(update_fields=["status", "message", "finished_at", "dataset", "version_number"])
    return update


def _run_upload(update: DataUpdate) -> DataUpdate:
    path = Path(settings.DATA_DIR) / update.stored_path
    kept = _("Den gällande versionen är oförändrad.")
    try:
        table = read_any(path)
    except ReaderError as exc:
        reason = str(exc).removeprefix(f"{path.name}: ")
        with contextlib.suppress(DatabaseError):
            failure_record(
                source_kind=SourceKind.FILE, external_id=update.external_id or path.stem, message=reason
            )
        return _finish(
            update,
            UpdateStatus.FAILED,
            _("Filen %(name)s kunde inte läsas som statistik: %(reason)s %(kept)s")
            % {"name": update.target, "reason": reason, "kept": kept},
        )
    who = update.requested_by.get_username() if update.requested_by else ""
    external_id = update.external_id or table.table_id
    try:
        result = dataset_ingest(
            source_kind=SourceKind.FILE,
            table=table,
            external_id=external_id,
            query={"file": update.target, "uploaded_by": who, "uploaded_at": update.created_at.isoformat()},
            origin=_("uppladdad fil %(name)s") % {"name": update.target},
            attribution=f"Källa: {table.source}" if table.source else "",
        )
    except IngestError as exc:
        with contextlib.suppress(DatabaseError):
            failure_record(source_kind=SourceKind.FILE, external_id=external_id, message=str(exc))
        dataset = Dataset.objects.filter(source__kind=SourceKind.FILE, external_id=external_id).first()
        return _finish(update, UpdateStatus.FAILED, f"{update.target}: {exc} {kept}", dataset=dataset)
    if not result.changed:
        message = _("Oförändrad: version %(n)d av %(id)s har redan samma innehåll.") % {
            "n": result.version.number,
            "id": result.dataset.external_id,
        }
    else:
        message = _("Ny version %(n)d av %(id)s med %(rows)d värden.") % {
            "n": result.version.number,
            "id": result.dataset.external_id,
            "rows": result.rows,
        }
    return _finish(update, UpdateStatus.DONE, message, dataset=result.dataset, version=result.version.number)


def _run_sync(update: DataUpdate) -> DataUpdate:
    from reglab.statistics.sync import catalogue_sync

    try:
        entries = catalogue_load().entries(ids=[update.target])
    except CatalogueError as exc:
        return _finish(update, UpdateStatus.FAILED, str(exc))
    [outcome] = catalogue_sync(entries)
    kind = SourceKind.SCB if isinstance(entries[0], ScbEntry) else SourceKind.KOLADA
    dataset = Dataset.objects.filter(source__kind=kind, external_id=outcome.id).first()
    if outcome.state == "failed":
        return _finish(
            update,
            UpdateStatus.FAILED,
            _("%(id)s: %(message)s Den gällande versionen är oförändrad.")
            % {"id": outcome.id, "message": outcome.message},
            dataset=dataset,
        )
    if outcome.state == "new":
        message = _("Ny version %(n)d av %(id)s med %(rows)d värden.") % {
            "n": outcome.version,
            "id": outcome.id,
            "rows": outcome.rows,
        }
    else:
        message = _("Oförändrad hos källan: version %(n)d gäller.") % {"n": outcome.version}
    return _finish(update, UpdateStatus.DONE, message, dataset=dataset, version=outcome.version)


def update_run(update_id: int) -> DataUpdate:
    """The worker's part: run one update and record how it went (never raises for bad input)."""
    update = DataUpdate.objects.select_related("requested_by").get(pk=update_id)
    if update.finished:
        return update
    update.status = UpdateStatus.RUNNING
    update.started_at = timezone.now()
    update.save(update_fields=["status", "started_at"])
    try:
        if update.kind == UpdateKind.UPLOAD:
            return _run_upload(update)
        return _run_sync(update)
    except Exception as exc:
        # Anything unexpected still ends the update, so the page never polls forever.
        _finish(
            update,
            UpdateStatus.FAILED,
            _("Uppdateringen avbröts av ett oväntat fel (%(error)s). Den gällande versionen är oförändrad.")
            % {"error": type(exc).__name__},
        )
        raise
