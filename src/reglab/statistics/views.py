"""Statistics pages: dataset list, dataset detail (filters, paging), CSV download (public), and data
updates from the web (a sync or an uploaded file, run by the worker; members and the secretariat)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from reglab.core.permissions import require
from reglab.statistics.forms import SyncForm, UploadForm
from reglab.statistics.models import Dataset, DataUpdate, Sex, SourceKind, VersionStatus
from reglab.statistics.selectors import (
    ORIGIN_COMPUTED,
    ORIGIN_PUBLISHED,
    PAGE_SIZE,
    SCB_NOISE_FROM_YEAR,
    ObservationFilter,
    filter_options,
    kommun_sums,
    observations_filtered,
    origin_label,
    version_frame,
)
from reglab.statistics.updates import UpdateRefused, update_request_sync, update_request_upload
from reglab.writers.spreadsheet import frame_to_csv


def _update_context(request, *, sync_form=None, upload_form=None) -> dict[str, Any]:
    if not request.user.has_perm("statistics.update_data"):
        return {}
    return {
        "can_update": True,
        "sync_form": sync_form or SyncForm(),
        "upload_form": upload_form or UploadForm(max_bytes=settings.REGLAB_MAX_UPLOAD_BYTES),
        "updates": DataUpdate.objects.select_related("dataset", "requested_by")[:10],
        "max_upload_mb": settings.REGLAB_MAX_UPLOAD_BYTES // (1024 * 1024),
    }


def dataset_list(request):
    datasets = Dataset.objects.select_related("source").with_current().order_by("source__kind", "external_id")
    return render(request, "statistics/dataset_list.html", {"datasets": datasets, **_update_context(request)})


def dataset_detail(request, pk: int):
    dataset = get_object_or_404(Dataset.objects.select_related("source"), pk=pk)
    current = dataset.current_version
    outside: dict[str, str] = (current.outside_regions or {}) if current is not None else {}
    others = [d["code"] for d in dataset.structure if d.get("role") == "other"]
    chosen = ObservationFilter.from_query(request.GET, others)
    preview: list[dict[str, Any]] = []
    page = None
    options: dict[str, Any] = {}
    if current is not None:
        rows = observations_filtered(current, chosen).values(
            "id",
            "measure",
            "region_code",
            "region__name",
            "region__kind",
            "period",
            "sex",
            "dimensions",
            "value",
            "status",
        )
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        options = filter_options(current, others)
        page_rows = list(page.object_list)
        sums = kommun_sums(current, page_rows) if dataset.source.kind == SourceKind.SCB else {}
        sex_labels = dict(Sex.choices)
        for row in page_rows:
            dims = row["dimensions"] or {}
            item: dict[str, Any] = {key: value for key, value in row.items() if key != "dimensions"}
            item["sex_label"] = sex_labels.get(row["sex"], row["sex"])
            item["others"] = [dims.get(code, "") for code in others]
            item["outside_label"] = outside.get(row["region_code"]) if row["region__name"] is None else None
            item["computed_sum"] = sums.get(row["id"])
            preview.append(item)
    kept = request.GET.copy()
    kept.pop("page", None)
    context = {
        "dataset": dataset,
        "current": current,
        "versions": dataset.versions.order_by("-number")[:20],
        "failures": dataset.failures.all()[:5],
        "preview": preview,
        "page": page,
        "filter": chosen,
        "options": options,
        "filter_query": kept.urlencode(),
        "other_dimensions": others,
        "row_total": current.row_count if current else 0,
        "outside_regions": sorted(outside.items()),
        "series_parts": (dataset.query or {}).get("parts", []) if isinstance(dataset.query, dict) else [],
        "published_label": origin_label(ORIGIN_PUBLISHED, dataset.source.kind),
        "computed_label": origin_label(ORIGIN_COMPUTED),
        "has_sums": any(item["computed_sum"] is not None for item in preview),
        "noise_from": SCB_NOISE_FROM_YEAR if dataset.source.kind == SourceKind.SCB else None,
        "updates": dataset.updates.select_related("requested_by")[:5],
        "can_update": request.user.has_perm("statistics.update_data"),
    }
    return render(request, "statistics/dataset_detail.html", context)


def dataset_export_csv(request, pk: int):
    dataset = get_object_or_404(Dataset, pk=pk)
    current = dataset.versions.filter(status=VersionStatus.CURRENT).first()
    if current is None:
        raise Http404("Ingen gällande version.")
    frame = version_frame(current)
    response = HttpResponse(frame_to_csv(frame), content_type="text/csv; charset=utf-8")
    name = slugify(f"{dataset.external_id}-v{current.number}") or "dataset"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


# --- data updates from the web -----------------------------------------------------------------


def _refused(request, form_context: dict[str, Any], status: int = 400):
    datasets = Dataset.objects.select_related("source").with_current().order_by("source__kind", "external_id")
    return render(
        request,
        "statistics/dataset_list.html",
        {"datasets": datasets, **_update_context(request, **form_context)},
        status=status,
    )


@require_POST
def update_sync(request):
    require(request, "statistics.update_data")
    form = SyncForm(request.POST)
    if not form.is_valid():
        return _refused(request, {"sync_form": form})
    try:
        update = update_request_sync(entry_id=form.cleaned_data["entry"], user=request.user)
    except UpdateRefused as exc:
        form.add_error("entry", str(exc))
        return _refused(request, {"sync_form": form})
    messages.success(request, _("Hämtningen av %(id)s är köad.") % {"id": update.target})
    return redirect(update.get_absolute_url())


@require_POST
def update_upload(request):
    require(request, "statistics.update_data")
    form = UploadForm(request.POST, request.FILES, max_bytes=settings.REGLAB_MAX_UPLOAD_BYTES)
    if not form.is_valid():
        return _refused(request, {"upload_form": form})
    try:
        update = update_request_upload(
            upload=form.cleaned_data["file"], user=request.user, external_id=form.cleaned_data["dataset_id"]
        )
    except UpdateRefused as exc:
        form.add_error("file", str(exc))
        return _refused(request, {"upload_form": form})
    messages.success(request, _("Filen %(name)s är uppladdad och köad för import.") % {"name": update.target})
    return redirect(update.get_absolute_url())


def _status(update: DataUpdate) -> dict[str, Any]:
    return {
        "id": update.pk,
        "status": update.status,
        "label": update.get_status_display(),
        "finished": update.finished,
        "message": update.message,
        "dataset_url": update.dataset.get_absolute_url() if update.dataset is not None else "",
        "version": update.version_number,
    }


@never_cache
def update_detail(request, pk: int):
    require(request, "statistics.update_data")
    update = get_object_or_404(DataUpdate.objects.select_related("dataset", "requested_by"), pk=pk)
    return render(request, "statistics/update_detail.html", {"update": update, "state": _status(update)})


@never_cache
def update_status(request, pk: int):
    require(request, "statistics.update_data")
    update = get_object_or_404(DataUpdate.objects.select_related("dataset"), pk=pk)
    return JsonResponse(_status(update))
