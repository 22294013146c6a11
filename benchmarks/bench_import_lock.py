"""How long a small write waits for SQLite's write lock while `reglab data import` runs.

    python benchmarks/bench_import_lock.py                  # this checkout
    python benchmarks/bench_import_lock.py --src ../main/src  # another checkout, for before/after

Imports a synthetic 10⁶-cell PX (see bench_import_memory.py) in a fresh data directory and, while
it runs, writes one row (a session, as a login does) every 50 ms from another connection with
`BEGIN IMMEDIATE`. Prints the longest and the median wait. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import_memory import write_px

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the checkout's src folder to measure")
    parser.add_argument("--cells", type=int, default=1_000_000)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="reglab-benchlock-"))
    px = data / "benchlock.px"
    cells = write_px(px, args.cells, matrix="BENCHLOCK")
    env = {
        **os.environ,
        "REGLAB_DATA_DIR": str(data),
        "REGLAB_DEBUG": "1",
        "PYTHONPATH": str(args.src.resolve()),
    }
    env.pop("DATABASE_URL", None)
    run = [sys.executable, "-c", "import sys; from reglab.cli import main; sys.exit(main(sys.argv[1:]))"]
    subprocess.run([*run, "setup"], env=env, check=True, capture_output=True)
    importer = subprocess.Popen(
        [*run, "data", "import", str(px), "--no-progress"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    db = sqlite3.connect(data / "reglab.sqlite3", timeout=60, isolation_level=None)
    waits: list[float] = []
    failures = 0
    number = 0
    while importer.poll() is None:
        number += 1
        start = time.perf_counter()
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute(
                "INSERT INTO django_session (session_key, session_data, expire_date) "
                "VALUES (?, '', '2999-01-01')",
                (f"bench{number:08d}",),
            )
            db.execute("COMMIT")
            waits.append(time.perf_counter() - start)
        except sqlite3.OperationalError:
            failures += 1
            if db.in_transaction:
                db.execute("ROLLBACK")
        time.sleep(0.05)
    out, err = importer.communicate()
    print(f"source: {args.src.resolve()}")
    print(f"import of {cells:,} cells: exit {importer.returncode}; {(out or err).strip()[-200:]}")
    if waits:
        print(
            f"{len(waits)} writes during the import: longest wait {max(waits):.2f} s, "
            f"median {statistics.median(waits) * 1000:.0f} ms, {failures} failed after 60 s"
        )


if __name__ == "__main__":
    main()
