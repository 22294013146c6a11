"""Request limits and the response headers Django has no setting for."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


class RequestSizeLimitMiddleware:
    """Refuse a body whose declared size is over REGLAB_MAX_REQUEST_BYTES with 413, before it is read.

    Django parses a body only when a view touches ``request.POST``/``FILES``; this answers first, so an
    oversized request costs neither memory nor a temporary file. (Bodies without Content-Length are
    bounded by DATA_UPLOAD_MAX_MEMORY_SIZE for fields and by the upload handlers for files.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = settings.REGLAB_MAX_REQUEST_BYTES
        if declared > limit:
            context = {"limit_mb": limit // (1024 * 1024), "size_mb": round(declared / (1024 * 1024), 1)}
            response = render(request, "core/request_too_large.html", context, status=413)
            # The client may still be sending; close instead of reading the rest.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy (no Django setting exists); the other headers come from SecurityMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.REGLAB_PERMISSIONS_POLICY)
        return response
