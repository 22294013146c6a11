"""Request count for N cells vs ceil(N / maxDataCells), against the local PxWeb server.

    python benchmarks/bench_requests.py

Serves BE0101D1.px (46 176 cells) and a synthetic 1 000 000-cell table from tests/support/fakeserver.py,
fetches each whole table with the production PxWebClient at several maxDataCells limits, and prints
data calls made, the ideal ceil(N / max), and the other calls (config, table, metadata).
"""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def synthetic(cells_per_region: int = 3200):
    import numpy as np

    from reglab.readers.table import Dimension, StatTable

    regions = tuple(f"{i:04d}" for i in range(1, 313))
    dims = [
        Dimension("Region", "region", regions, regions, "region"),
        Dimension("Alder", "ålder", tuple(map(str, range(100))), tuple(map(str, range(100))), "other"),
        Dimension("Kon", "kön", ("1", "2"), ("män", "kvinnor"), "sex"),
        Dimension(
            "Tid", "år", tuple(map(str, range(2008, 2024))), tuple(map(str, range(2008, 2024))), "time"
        ),
    ]
    n = math.prod(len(d) for d in dims)
    return StatTable.from_cube(
        table_id="SYNTH1M", title="Synthetic", dimensions=dims, values=np.arange(n, dtype=np.float64)
    )


def main() -> None:
    from reglab.clients._http import RetryPolicy
    from reglab.clients.pxweb import PxWebClient
    from tests.support.fakeserver import FakeStatServer, births_table

    shared = Path(os.environ.get("REGLAB_SHARED_DIR", ROOT.parent / "shared")) / "data"
    header = f"{'table':10} {'cells':>9} {'maxDataCells':>12} {'data calls':>10} {'ceil(N/max)':>11}"
    print(f"{header} {'other calls':>11} {'s':>6}")
    tables = [("SYNTH1M", synthetic())]
    if shared.exists():
        tables.insert(0, ("BE0101D1", births_table(shared)))
    for table_id, table in tables:
        for limit in (10_000, 46_176, 100_000, 150_000):
            with FakeStatServer(max_cells=limit, max_calls=10_000) as server:
                server.add_table(table_id, table)
                client = PxWebClient(server.scb_url, retry=RetryPolicy(max_retries=1, backoff_base=0.01))
                start = time.perf_counter()
                fetched = client.fetch(table_id)
                elapsed = time.perf_counter() - start
                assert len(fetched) == len(table)
                data = server.count("/data", "POST")
                other = len(server.requests) - data
                ideal = math.ceil(len(table) / limit)
                row = f"{table_id:10} {len(table):>9,} {limit:>12,} {data:>10} {ideal:>11}"
                print(f"{row} {other:>11} {elapsed:6.2f}")
                client.close()


if __name__ == "__main__":
    main()
