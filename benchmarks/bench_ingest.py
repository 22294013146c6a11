"""Ingest benchmark: a 1 000 000-cell table into a fresh database through `dataset_ingest`.

    python benchmarks/bench_ingest.py            # SQLite in a temporary folder
    DATABASE_URL=postgres://… python benchmarks/bench_ingest.py   # PostgreSQL (tables are created by migrate)

The table is synthetic but shaped like SCB's population tables: 312 regions (Riket, län, kommuner)
× 100 ages × 2 sexes × 16 years = 998 400 cells, plus a few dot-coded cells. Prints the phases and
observations per second for the insert and for the whole ingest (reading excluded).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("REGLAB_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reglab.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["REGLAB_DATA_DIR"] = tempfile.mkdtemp(prefix="reglab-bench-")


def main() -> None:
    import django

    django.setup()
    import numpy as np
    from django.core.management import call_command
    from django.db import connection

    from reglab.geography.models import Region
    from reglab.geography.services import geography_load
    from reglab.readers.table import Dimension, StatTable
    from reglab.statistics import services
    from reglab.statistics.models import Dataset

    call_command("migrate", verbosity=0)
    if Region.objects.filter(kind="kommun").count() != 290:
        geography_load(with_geometry=False)
    Dataset.objects.filter(external_id="BENCH1M").delete()

    codes = Region.objects.filter(kind__in=["lan", "kommun"]).values_list("code", flat=True)
    regions = ["00", *sorted(codes)]
    dims = [
        Dimension("Region", "region", tuple(regions), tuple(regions), "region"),
        Dimension(
            "Alder", "ålder", tuple(str(a) for a in range(100)), tuple(str(a) for a in range(100)), "other"
        ),
        Dimension("Kon", "kön", ("1", "2"), ("män", "kvinnor"), "sex"),
        Dimension(
            "Tid",
            "år",
            tuple(str(y) for y in range(2008, 2024)),
            tuple(str(y) for y in range(2008, 2024)),
            "time",
        ),
    ]
    cells = int(np.prod([len(d) for d in dims]))
    rng = np.random.default_rng(1)
    values = rng.integers(0, 5000, size=cells).astype(np.float64)
    status = np.full(cells, None, dtype=object)
    values[::997] = np.nan
    status[::997] = ".."
    table = StatTable.from_cube(
        table_id="BENCH1M", title="Benchmark", dimensions=dims, values=values, status=status
    )

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"cells: {cells:,}")
    t0 = time.perf_counter()
    digest = table.content_hash()
    t1 = time.perf_counter()
    columns = services.observation_columns(table, default_measure="BENCH1M")
    t2 = time.perf_counter()
    print(f"content hash:        {t1 - t0:6.2f} s")
    print(f"column preparation:  {t2 - t1:6.2f} s")
    assert digest

    # The same call the commands make (hash + columns + insert + atomic flip).
    timings = {}

    def progress(done, total):
        timings.setdefault("first", time.perf_counter())

    start = time.perf_counter()
    cpu = time.process_time()
    result = services.dataset_ingest(
        source_kind="file", table=table, external_id="BENCH1M", progress=progress
    )
    total = time.perf_counter() - start
    cpu = time.process_time() - cpu
    assert result.rows == cells
    # Insert only (a second dataset, columns precomputed).
    version = result.version
    from django.db import transaction

    from reglab.statistics.models import DatasetVersion

    other = DatasetVersion.objects.create(
        dataset=result.dataset, number=version.number + 1, status="building"
    )
    start = time.perf_counter()
    with transaction.atomic():
        services.observations_insert(version_id=other.pk, columns=columns)
    insert = time.perf_counter() - start
    other.delete()
    print(f"insert only:         {insert:6.2f} s  = {cells / insert:10,.0f} observations/s")
    print(
        f"dataset_ingest:      {total:6.2f} s  = {cells / total:10,.0f} observations/s "
        "(hash, columns, insert, flip)"
    )
    print(f"dataset_ingest CPU:  {cpu:6.2f} s  = {cells / cpu:10,.0f} observations/CPU-s (this process only)")
    print(
        f"load average:        {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (wall times vary with load)"
    )
    Dataset.objects.filter(external_id="BENCH1M").delete()


if __name__ == "__main__":
    main()
