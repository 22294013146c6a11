"""Login lock-out: the message on the login page, and lifting a lock (django-axes underneath)."""

from __future__ import annotations

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _


def lockout_message() -> str:
    contact = settings.REGLAB_SECRETARIAT_CONTACT
    message = _(
        "Kontot är låst efter %(limit)s misslyckade inloggningar. Vänta %(minutes)s minuter och "
        "försök igen, eller be Reglabs sekretariat att låsa upp det."
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": settings.REGLAB_LOGIN_LOCKOUT_MINUTES}
    if contact:
        message += " " + _("Kontakt: %(contact)s.") % {"contact": contact}
    return message


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with the lock-out message instead of the password error (HTTP 429)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {
        "form": form,
        "locked_message": lockout_message(),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "accounts/login.html", context, status=429)


def locked_usernames() -> list[dict]:
    """User names with at least the failure limit of recorded failures (locked now or until cool-off)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("username")
    )
    return [{"username": r["username"], "failures": r["failures"]} for r in rows if r["username"]]


def lockout_lift(username: str) -> int:
    """Remove the recorded failures for ``username`` (the lock goes with them); returns how many."""
    return reset(username=username)
