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
    """403 from PxWeb: the selection exceeds maxDataCells (the splitter should prevent this)."""


class BadResponse(ClientError):
    """The body is not what the protocol promises (truncated, not JSON, inconsistent)."""
