"""A fixed-window counter in Django's cache (password-reset mails per address and per client IP)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _key(scope: str, subject: str) -> str:
    # Hashed: e-mail addresses never appear in cache keys or cache files.
    digest = hashlib.sha256(subject.strip().lower().encode()).hexdigest()[:32]
    return f"reglab:rate:{scope}:{digest}"


def rate_hit(scope: str, subject: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; False once more than ``limit`` attempts fell in the current window."""
    key = _key(scope, subject)
    if cache.add(key, 1, timeout=window_seconds):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def client_ip(request) -> str:
    """The caller's address: REMOTE_ADDR (behind a proxy, the proxy must pass the client's address)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
