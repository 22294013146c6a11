"""The status page (/drift/), its "run now" buttons, the schedule editor and /healthz."""

from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from reglab.core.permissions import require
from reglab.operations import tasks
from reglab.operations.forms import ScheduleForm
from reglab.operations.health import health_report
from reglab.operations.jobs import enqueue
from reglab.operations.models import ScheduledJob
from reglab.operations.schedule import schedule_update
from reglab.operations.selectors import status_overview

# The jobs the status page may start by hand: button name -> task.
RUN_NOW = {"backup": tasks.backup_job, "sync": tasks.catalogue_sync_job}


@never_cache
def status(request):
    require(request, "operations.view_status")
    return render(request, "operations/status.html", status_overview())


@require_POST
def run_now(request, what: str):
    require(request, "operations.run_job")
    job_task = RUN_NOW.get(what)
    if job_task is None:
        messages.error(request, _("Okänt jobb."))
        return redirect("operations:status")
    result = enqueue(job_task)
    messages.success(
        request,
        _("Jobbet är köat (%(id)s) och körs av bakgrundsarbetaren (reglab worker).") % {"id": result.id},
    )
    return redirect("operations:status")


def schedule_edit(request, pk: int):
    require(request, "operations.change_schedule")
    scheduled = get_object_or_404(ScheduledJob, pk=pk)
    form = ScheduleForm(request.POST or None, instance=scheduled)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        schedule_update(
            scheduled,
            enabled=data["enabled"],
            cadence=data["cadence"],
            at=data["time_of_day"],
            weekday=data["weekday"],
        )
        messages.success(request, _("Schemat för %(title)s är sparat.") % {"title": scheduled.title})
        return redirect("operations:status")
    return render(request, "operations/schedule_form.html", {"form": form, "scheduled": scheduled})


@never_cache
def healthz(request):
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
