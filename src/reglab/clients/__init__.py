"""HTTP clients for SCB PxWeb and Kolada (pure: no Django). Errors derive from `ClientError`."""

from reglab.clients.errors import (
    BadResponse,
    ClientError,
    RateLimited,
    RequestTimeout,
    TooManyCells,
    UpstreamError,
)

__all__ = ["BadResponse", "ClientError", "RateLimited", "RequestTimeout", "TooManyCells", "UpstreamError"]
