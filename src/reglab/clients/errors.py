"""Client errors: one base, four kinds. Each carries the URL and, when there was one, the status."""

from __future__ import annotations


class ClientError(Exception):
    def __init__(self, message: str, *, url: str = "", status: int | None = None) -> None:
        self.url = url
        self.status = status
        super().__init__(" ".join(message.split()))


class RequestTimeout(ClientError):
    """No (complete) answer in time, after the retries."""


class RateLimited(ClientError):
    """429 after the bounded number of retries (each waiting Retry-After)."""


class UpstreamError(ClientError):
    """The provider answered with an error: 4xx (not retried) or 5xx (after retries)."""


class TooManyCells(UpstreamError):
    """The selection exceeds maxDataCells: HTTP 400 from SCB's v2 (403 in the PxWeb 2 spec and in v1).
    The splitter should prevent it; when it happens anyway the PxWeb client splits the part again."""


class BadResponse(ClientError):
    """The body is not what the protocol promises (truncated, not JSON, inconsistent)."""
