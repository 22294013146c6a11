"""Public statistics pages: dataset list, dataset detail, CSV download (read-only, no login)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from reglab.statistics.models import Dataset, Observation, Sex, VersionStatus
from reglab.statistics.selectors import version_frame
from reglab.writers.spreadsheet import frame_to_csv

PREVIEW_ROWS = 50


def dataset_list(request):
    datasets = Dataset.objects.select_related("source").with_current().order_by("source__kind", "external_id")
    return render(request, "statistics/dataset_list.html", {"datasets": datasets})


def dataset_detail(request, pk: int):
    dataset = get_object_or_404(Dataset.objects.select_related("source"), pk=pk)
    current = dataset.current_version
    preview: list[dict[str, Any]] = []
    outside: dict[str, str] = (current.outside_regions or {}) if current is not None else {}
    others = [d["code"] for d in dataset.structure if d.get("role") == "other"]
    if current is not None:
        rows = (
            Observation.objects.filter(version=current)
            .order_by("id")
            .values(
                "measure", "region_code", "region__name", "period", "sex", "dimensions", "value", "status"
            )[:PREVIEW_ROWS]
        )
        sex_labels = dict(Sex.choices)
        for row in rows:
            dims = row["dimensions"] or {}
            item: dict[str, Any] = {key: value for key, value in row.items() if key != "dimensions"}
            item["sex_label"] = sex_labels.get(row["sex"], row["sex"])
            item["others"] = [dims.get(code, "") for code in others]
            item["outside_label"] = outside.get(row["region_code"]) if row["region__name"] is None else None
            preview.append(item)
    context = {
        "dataset": dataset,
        "current": current,
        "versions": dataset.versions.order_by("-number")[:20],
        "failures": dataset.failures.all()[:5],
        "preview": preview,
        "other_dimensions": others,
        "row_total": current.row_count if current else 0,
        "outside_regions": sorted(outside.items()),
        "series_parts": (dataset.query or {}).get("parts", []) if isinstance(dataset.query, dict) else [],
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
