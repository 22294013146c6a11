"""Caching keyed by data version: a new dataset version or BRP+ run makes every old entry unreachable.

    from reglab.core.cache import data_version, cached_by_data_version
    key = f"something:{data_version()}:..."
    urlpatterns = [path("region/<str:code>/", cached_by_data_version(views.region_profile), ...)]

Nothing is ever deleted by hand: entries carry the version in their key and expire by timeout.
"""

from __future__ import annotations

import functools
import hashlib
import re

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

PAGE_TIMEOUT = 6 * 3600
_CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_PLACEHOLDER = b"\x00reglab-csrf\x00"


def _version_sources() -> list[tuple[str, str]]:
    """(table, optional WHERE) whose max id and row count change whenever the data behind a page does."""
    version = apps.get_model("statistics", "DatasetVersion")._meta.db_table
    region = apps.get_model("geography", "Region")
    return [
        (version, "status = 'current'"),
        (apps.get_model("indicators", "BrpRun")._meta.db_table, ""),
        (apps.get_model("indicators", "BrpConfigVersion")._meta.db_table, ""),
        (apps.get_model("indicators", "IndicatorDefinition")._meta.db_table, ""),
        (region._meta.db_table, ""),
        (region.members.through._meta.db_table, ""),
    ]


def data_version() -> str:
    """A short fingerprint of the current statistics, BRP+ runs, indicators and regions (one query)."""
    parts = []
    for table, where in _version_sources():
        clause = f" WHERE {where}" if where else ""
        # Table names come from model metadata, never from input.
        parts.append(f"(SELECT MAX(id) FROM {table}{clause})")  # noqa: S608
        parts.append(f"(SELECT COUNT(*) FROM {table}{clause})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:16]


def cached_by_data_version(view, timeout: int = PAGE_TIMEOUT):
    """Serve a GET page for anonymous visitors from the cache, keyed by path, query, language and data.

    Logged-in users (their name is in the header) and requests carrying flash messages always get a
    fresh page. The CSRF token of the language form is replaced per request, so a cached page never
    hands one visitor's token to another.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            not settings.REGLAB_PAGE_CACHE
            or request.method not in {"GET", "HEAD"}
            or request.user.is_authenticated
            or "messages" in request.COOKIES
        ):
            return view(request, *args, **kwargs)
        raw = f"{request.get_full_path()}|{get_language()}|{data_version()}"
        key = "reglab:page:" + hashlib.sha256(raw.encode()).hexdigest()
        cached = cache.get(key)
        if cached is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            content = _CSRF_FIELD.sub(rb"\1" + _CSRF_PLACEHOLDER + rb"\2", response.content)
            cache.set(key, (content, response["Content-Type"]), timeout)
            return response
        content, content_type = cached
        token = get_token(request).encode()
        response = HttpResponse(content.replace(_CSRF_PLACEHOLDER, token), content_type=content_type)
        response["X-Reglab-Cache"] = "hit"
        return response

    return wrapper
