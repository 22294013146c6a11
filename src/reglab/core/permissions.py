"""The one way a view checks a permission.

    from reglab.core.permissions import require
    require(request, "programme.change_proposal", proposal)

Permissions are django-rules rules (``app.verb_model``). ``require`` returns when the user has the
permission; otherwise an anonymous user is sent to the login page (and back) and a logged-in user gets
403. The redirect is done by ``PermissionMiddleware`` so views need no decorator and no try/except.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


class NeedsLogin(PermissionDenied):
    """Raised for an anonymous user; the middleware turns it into a redirect to the login page."""


def require(request, perm: str, obj=None) -> None:
    """Return if ``request.user`` has ``perm`` (on ``obj``); else NeedsLogin (anonymous) or 403."""
    if request.user.has_perm(perm, obj):
        return
    if not request.user.is_authenticated:
        raise NeedsLogin
    raise PermissionDenied


class PermissionMiddleware:
    """Turn ``NeedsLogin`` into a redirect to the login page with ``next`` set to this page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NeedsLogin):
            return redirect_to_login(request.get_full_path())
        return None
