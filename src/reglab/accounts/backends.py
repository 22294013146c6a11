"""The lock-out check as the first authentication backend (django-axes)."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out account before any password is checked.

    Axes needs the request to know who is asking; code that authenticates without one (the test
    client's ``login``, a shell) is not an HTTP login attempt, so it is neither counted nor refused
    here. Every login form (ours and the admin's) passes the request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
