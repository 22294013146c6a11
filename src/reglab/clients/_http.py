"""The one HTTP layer under the SCB and Kolada clients (httpx, sync).

- A timeout is always on (connect/read/write/pool), never optional.
- No I/O in constructors: the `httpx.Client` is created on first use.
- Throttling: a sliding window (max calls per time window) shared by threads, set from the API's
  own `/config` by the caller.
- Retries: 429 waits `Retry-After` (bounded by `max_retry_after`), 502/503/504, timeouts and broken
  connections (incl. truncated bodies) back off exponentially with a cap; after `max_retries` the
  last problem is raised as a `ClientError` subclass, translated with `raise … from exc`.
"""

from __future__ import annotations

import json
import logging
import random
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from reglab.clients.errors import BadResponse, ClientError, RateLimited, RequestTimeout, UpstreamError

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

RETRY_STATUS = {502, 503, 504}
USER_AGENT = "reglab-statistics/0.1 (+https://github.com/reglab)"


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 4
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    max_retry_after: float = 60.0

    def backoff(self, attempt: int) -> float:
        delay: float = min(self.backoff_cap, self.backoff_base * (2**attempt))
        return delay * (0.75 + random.random() / 2)  # jitter


class Throttle:
    """At most `max_calls` request starts in any `window` seconds (thread-safe)."""

    def __init__(
        self,
        max_calls: int,
        window: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.max_calls = max(1, int(max_calls))
        self.window = float(window)
        self._starts: deque[float] = deque()
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep

    def acquire(self) -> float:
        """Block until a call may start; returns the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                while self._starts and now - self._starts[0] >= self.window:
                    self._starts.popleft()
                if len(self._starts) < self.max_calls:
                    self._starts.append(now)
                    return waited
                pause = self.window - (now - self._starts[0])
            self._sleep(max(pause, 0.001))
            waited += max(pause, 0.001)


def _retry_after(response: httpx.Response, default: float) -> float:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return default


class HttpClient:
    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        throttle: Throttle | None = None,
        headers: dict[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not timeout or timeout <= 0:
            raise ValueError("A positive timeout is required.")
        self.base_url = base_url.rstrip("/")
        self.timeout = httpx.Timeout(timeout)
        self.retry = retry or RetryPolicy()
        self.throttle = throttle
        self.headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}
        self.sleep = sleep
        self.calls = 0  # requests actually sent (including retries)
        self._client: httpx.Client | None = None

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(timeout=self.timeout, headers=self.headers, follow_redirects=True)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else f"{self.base_url}/{path.lstrip('/')}"

    def request(
        self, method: str, path: str, *, params: dict[str, Any] | None = None, json_body: Any = None
    ) -> httpx.Response:
        url = self.url(path)
        attempt = 0
        while True:
            if self.throttle is not None:
                self.throttle.acquire()
            self.calls += 1
            try:
                response = self._http().request(
                    method, url, params=params, json=json_body, timeout=self.timeout
                )
                response.read()
            except httpx.TimeoutException as exc:
                problem: ClientError = RequestTimeout(f"Timeout efter {self.timeout.read} s: {url}", url=url)
                cause: Exception = exc
            except httpx.TransportError as exc:
                problem = UpstreamError(f"Förbindelsen bröts ({exc.__class__.__name__}): {url}", url=url)
                cause = exc
            else:
                status = response.status_code
                if status < 400:
                    return response
                if status == 429:
                    wait = _retry_after(response, self.retry.backoff(attempt))
                    if attempt >= self.retry.max_retries or wait > self.retry.max_retry_after:
                        raise RateLimited(
                            f"För många anrop (429) efter {attempt + 1} försök: {url}", url=url, status=status
                        )
                    logger.info("429 from %s, waiting %.1f s", url, wait)
                    self.sleep(wait)
                    attempt += 1
                    continue
                detail = _problem_detail(response)
                if status in RETRY_STATUS and attempt < self.retry.max_retries:
                    self.sleep(self.retry.backoff(attempt))
                    attempt += 1
                    continue
                raise _status_error(status, f"HTTP {status} från {url}{detail}", url=url, detail=detail)
            if attempt >= self.retry.max_retries:
                raise problem from cause
            self.sleep(self.retry.backoff(attempt))
            attempt += 1

    def get_json(self, path: str, *, params: dict[str, Any] | None = None) -> Any:
        return self._json("GET", path, params=params)

    def post_json(self, path: str, body: Any, *, params: dict[str, Any] | None = None) -> Any:
        return self._json("POST", path, params=params, json_body=body)

    def _json(
        self, method: str, path: str, *, params: dict[str, Any] | None = None, json_body: Any = None
    ) -> Any:
        response = self.request(method, path, params=params, json_body=json_body)
        try:
            return json.loads(response.content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BadResponse(
                f"Svaret från {response.url} är inte giltig JSON ({len(response.content)} byte, avkortat?).",
                url=str(response.url),
                status=response.status_code,
            ) from exc


def _problem_detail(response: httpx.Response) -> str:
    """The `title`/`detail` of an RFC 7807 problem body, if any."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if isinstance(body, dict):
        text = body.get("detail") or body.get("title") or body.get("message") or ""
        return f": {str(text)[:200]}" if text else ""
    return ""


def _status_error(status: int, message: str, *, url: str, detail: str = "") -> ClientError:
    """403 (PxWeb 2 spec, v1) or a 400 that speaks of cells (what SCB's v2 answers) is `TooManyCells`,
    which the PxWeb client answers by splitting the query; any other 4xx/5xx is an `UpstreamError`."""
    from reglab.clients.errors import TooManyCells

    if status == 403 or (status == 400 and _CELLS.search(detail)):
        return TooManyCells(message, url=url, status=status)
    return UpstreamError(message, url=url, status=status)


# "Too many cells", "exceeds maxDataCells", "för många celler": the words SCB's problem texts use.
_CELLS = re.compile(r"cell|celler|maxdatacells|too many values|för många värden", re.IGNORECASE)
