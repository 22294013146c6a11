"""Load on the production server over loopback: requests/s, p50/p95/p99 and errors per page.

    python benchmarks/bench_load.py [--duration 8] [--users 10,50] [--workers N] [--data-dir DIR]

Prepares a data directory (geography and organisations, the published BRP+ files from
../shared/data/brp-plus-2025 via `reglab brp import-official`, the SCB file BE0101D1.px, collectstatic),
then starts the production server on 127.0.0.1 with debug off and a secret key from the environment:
`reglab serve --production` when this checkout has it, otherwise gunicorn directly. A small asyncio
httpx client keeps N users busy (each sends its next request when the previous answer arrives) on the
region profile, the map, the programme page and a trivial view (/halsa/: one `SELECT 1`) for the ratio.
Every page is measured with the data-version page cache off and on (REGLAB_PAGE_CACHE=0/1).
Also prints, in-process, the SQL queries and time of one uncached and one cached region profile.
Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("REGLAB_SHARED_DIR", ROOT.parent / "shared")).resolve()
if not SHARED.exists():
    SHARED = Path("/work/shared")
VENV_BIN = Path(sys.executable).parent
PAGES = [
    ("trivial /halsa/", "/halsa/"),
    ("region profile 0780", "/analys/region/0780/"),
    ("map (kommuner)", "/analys/karta/"),
    ("programme /program/", "/program/"),
]
SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def _env(data_dir: Path, *, page_cache: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGLAB_")}
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "REGLAB_DATA_DIR": str(data_dir),
            "REGLAB_SECRET_KEY": SECRET,
            "REGLAB_DEBUG": "0",
            "REGLAB_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "REGLAB_SECURE_SSL_REDIRECT": "0",
            "REGLAB_HSTS_SECONDS": "0",
            "REGLAB_PAGE_CACHE": "1" if page_cache else "0",
            "REGLAB_CACHE": "file",
            "REGLAB_API_ANON_RATE": "100000/min",
            "DJANGO_SETTINGS_MODULE": "reglab.settings",
        }
    )
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return env


def _reglab(data_dir: Path, *args: str, production: bool = False) -> None:
    env = _env(data_dir, page_cache=True)
    if not production:
        env["REGLAB_DEBUG"] = "1"
        env.pop("REGLAB_SECRET_KEY")
    subprocess.run([str(VENV_BIN / "reglab"), *args], env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(data_dir: Path) -> None:
    marker = data_dir / ".bench-ready"
    if marker.exists():
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    _reglab(data_dir, "setup")
    _reglab(data_dir, "brp", "import-official", str(SHARED / "data" / "brp-plus-2025"))
    _reglab(
        data_dir, "data", "import", str(SHARED / "data" / "pxweb-example-px" / "BE0101D1.px"), "--no-progress"
    )
    # With debug off, so the hashed-name manifest the production storage needs is written.
    _reglab(data_dir, "manage", "collectstatic", "--noinput", "-v", "0", production=True)
    marker.write_text("ok")
    print(f"prepared {data_dir} in {time.perf_counter() - started:.0f} s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _has_production_serve() -> bool:
    out = subprocess.run([str(VENV_BIN / "reglab"), "--help"], capture_output=True, text=True, check=False)
    return "--production" in out.stdout


def start_server(data_dir: Path, *, workers: int, page_cache: bool) -> tuple[subprocess.Popen, str, str]:
    port = _free_port()
    env = _env(data_dir, page_cache=page_cache)
    if _has_production_serve():
        env["REGLAB_WORKERS"] = str(workers)
        cmd = [str(VENV_BIN / "reglab"), "serve", "--production", f"127.0.0.1:{port}"]
        how = "reglab serve --production"
    else:
        cmd = [
            str(VENV_BIN / "gunicorn"),
            "reglab.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ]
        how = f"gunicorn ({workers} sync workers)"
    proc = subprocess.Popen(
        cmd, env=env, cwd=str(data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    import httpx

    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(url + "/halsa/", timeout=2).status_code == 200:
                return proc, url, how
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"server exited; see {data_dir / 'server.log'}")
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit("server did not answer within 60 s")


async def _run(url: str, users: int, duration: float) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        stop = time.perf_counter() + duration

        async def user() -> None:
            nonlocal errors
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                try:
                    response = await client.get(url)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append(time.perf_counter() - t0)
                else:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(user() for _ in range(users)))
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies) or [float("nan")]

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    return {
        "n": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "errors": errors,
    }


def in_process(data_dir: Path) -> None:
    """SQL queries and time for one region profile, uncached and cached (Django test client)."""
    os.environ.update(_env(data_dir, page_cache=True))
    os.environ["REGLAB_CACHE"] = "locmem"
    sys.path[:0] = [str(ROOT / "src")]
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    for label in ("uncached (first visit)", "cached (next visitor)"):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            response = client.get("/analys/region/0780/")
            ms = (time.perf_counter() - t0) * 1000
        status = response.status_code
        print(f"  region profile {label:24s} {ms:7.1f} ms  {len(queries):3d} SQL queries  HTTP {status}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per page and user count")
    parser.add_argument("--users", default="10,50")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--data-dir", type=Path, default=None, help="reuse a prepared data directory")
    args = parser.parse_args()
    if not (SHARED / "data" / "brp-plus-2025").exists():
        raise SystemExit(f"needs {SHARED}/data/brp-plus-2025 (the project's ../shared folder)")
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="reglab-bench-load-"))
    prepare(data_dir)
    users_list = [int(u) for u in args.users.split(",")]
    print(f"CPUs: {os.cpu_count()}, database: {'PostgreSQL' if os.environ.get('DATABASE_URL') else 'SQLite'}")
    rows = []
    for page_cache in (False, True):
        shutil.rmtree(data_dir / "cache", ignore_errors=True)
        proc, url, how = start_server(data_dir, workers=args.workers, page_cache=page_cache)
        try:
            for _, path in PAGES:  # warm-up: imports, connections and (when on) the cache
                asyncio.run(_run(url + path, 2, 0.5))
            for label, path in PAGES:
                for users in users_list:
                    result = asyncio.run(_run(url + path, users, args.duration))
                    rows.append((page_cache, label, users, result))
                    print(
                        f"cache {'on ' if page_cache else 'off'} {label:22s} {users:3d} users "
                        f"{result['rps']:7.1f} req/s  p50 {result['p50']:7.1f}  p95 {result['p95']:7.1f}  "
                        f"p99 {result['p99']:7.1f} ms  errors {result['errors']}",
                        flush=True,
                    )
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"\nserver: {how}, {args.duration:.0f} s per row")
    print("| page cache | page | users | req/s | p50 ms | p95 ms | p99 ms | errors | req/s vs trivial |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    trivial = {(c, u): r["rps"] for c, label, u, r in rows if label.startswith("trivial")}
    for page_cache, label, users, r in rows:
        ratio = r["rps"] / trivial[(page_cache, users)] if trivial.get((page_cache, users)) else float("nan")
        print(
            f"| {'on' if page_cache else 'off'} | {label} | {users} | {r['rps']:.1f} | {r['p50']:.1f} | "
            f"{r['p95']:.1f} | {r['p99']:.1f} | {r['errors']} | 1/{1 / ratio:.1f} |"
        )
    print("\nin-process, one request:")
    in_process(data_dir)
    if args.data_dir is None:
        print(f"(data directory kept for reuse: --data-dir {data_dir})")


if __name__ == "__main__":
    main()
