"""Memory of a statistics import: bytes per cell and peak RSS of the whole process tree.

    python benchmarks/bench_import_memory.py                  # this checkout
    python benchmarks/bench_import_memory.py --src ../main/src  # another checkout, for before/after
    python benchmarks/bench_import_memory.py --cells 2000000

Two measurements on a synthetic PX shaped like SCB's population tables (regions × ages × sexes ×
years, a few dot-coded cells):

1. `dataset_ingest` in this process on a table already in memory: the peak RSS it adds, per cell.
2. `reglab data import FILE` in a fresh data directory (SQLite): the peak RSS of the command and
   of any child it starts (the bounded reader), per cell, and the wall time.

Prints numbers; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ["00", "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19"]
REGIONS += ["20", "21", "22", "23", "24", "25"]


def _mb(kilobytes: float) -> str:
    return f"{kilobytes / 1024:7.0f} MB"


def write_px(path: Path, cells: int, *, matrix: str = "BENCHMEM", years: int = 16) -> int:
    """A PX of about `cells` cells: 22 regions × 2 sexes × ages × `years` (also used by tests)."""
    ages = max(1, cells // (len(REGIONS) * 2 * years))
    total = len(REGIONS) * 2 * ages * years

    def values(items):
        return ",".join(f'"{v}"' for v in items)

    head = [
        'CHARSET="ANSI";',
        f'MATRIX="{matrix}";',
        'TITLE="Minnesmätning";',
        'STUB="region","kön","ålder";',
        'HEADING="år";',
        f'VALUES("region")={values(REGIONS)};',
        'VALUES("kön")="män","kvinnor";',
        'CODES("kön")="1","2";',
        f'VALUES("ålder")={values(range(ages))};',
        f'VALUES("år")={values(range(2008, 2008 + years))};',
        f'TIMEVAL("år")=TLIST(A1),{values(range(2008, 2008 + years))};',
        "DATA=",
    ]
    with path.open("w", encoding="cp1252") as fh:
        fh.write("\n".join(head) + "\n")
        for start in range(0, total, 100_000):
            stop = min(total, start + 100_000)
            fh.write(" ".join('".."' if i % 997 == 0 else str(i % 5000) for i in range(start, stop)) + "\n")
        fh.write(";\n")
    return total


def _status(field: str) -> int:
    """A /proc/self/status field in kB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> int:
    """Reset the peak RSS (VmHWM) to the current RSS (Linux: clear_refs 5) and return it."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def reading(src: Path, px: Path, cells: int) -> None:
    """Peak RSS of reading the file with read_any, in a fresh process (and its children)."""
    code = (
        "import resource, sys; from reglab.readers import read_any; t = read_any(sys.argv[1]); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(px)], env=env, capture_output=True, text=True, check=True
    )
    own, child = (int(x) for x in done.stdout.split())
    print(f"read_any: peak RSS of the caller {_mb(own)}, of its child (the bounded reader) {_mb(child)}")
    print(f"  per cell: caller {own * 1024 / cells:5.0f} bytes, child {child * 1024 / cells:5.0f} bytes")


def in_process(src: Path, px: Path, cells: int) -> None:
    """Peak RSS that dataset_ingest adds on top of the table it is given."""
    os.environ.setdefault("REGLAB_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reglab.settings")
    os.environ["REGLAB_DATA_DIR"] = tempfile.mkdtemp(prefix="reglab-benchmem-")
    sys.path.insert(0, str(src))
    import django

    django.setup()
    from django.core.management import call_command

    from reglab.geography.services import geography_load
    from reglab.readers.px import read_px
    from reglab.statistics import services

    call_command("migrate", verbosity=0)
    geography_load(with_geometry=False)
    table = read_px(px)
    import gc

    gc.collect()
    before = _reset_peak()
    start = time.perf_counter()
    result = services.dataset_ingest(source_kind="file", table=table, external_id="BENCHMEM")
    seconds = time.perf_counter() - start
    peak = _status("VmHWM")
    print(f"dataset_ingest, {result.rows:,} cells, table already in memory:")
    print(f"  RSS before {_mb(before)}, peak during the ingest {_mb(peak)}, added {_mb(peak - before)}")
    print(f"  added per cell  {(peak - before) * 1024 / cells:7.0f} bytes;  {seconds:.1f} s")


def command(src: Path, px: Path, cells: int) -> None:
    """Peak RSS of `reglab data import` and its children, in a fresh data directory."""
    env = {
        **os.environ,
        "REGLAB_DATA_DIR": tempfile.mkdtemp(prefix="reglab-benchmem-"),
        "REGLAB_DEBUG": "1",
        "PYTHONPATH": str(src),
    }
    env.pop("DATABASE_URL", None)
    run = [sys.executable, "-c", "import sys; from reglab.cli import main; sys.exit(main(sys.argv[1:]))"]
    subprocess.run([*run, "setup"], env=env, check=True, capture_output=True)
    # RUSAGE_CHILDREN's peak is the largest of the children waited for so far: setup is smaller.
    start = time.perf_counter()
    done = subprocess.run(
        [*run, "data", "import", str(px), "--no-progress"], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        f"reglab data import, {cells:,} cells ({px.stat().st_size / 2**20:.1f} MB PX), "
        f"exit {done.returncode}:"
    )
    print((done.stdout or done.stderr).strip()[-300:])
    print(
        f"  peak RSS of the process tree {_mb(peak)} = {peak * 1024 / cells:5.0f} bytes per cell; "
        f" {seconds:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the checkout's src folder to measure")
    parser.add_argument("--cells", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["ingest", "command"], help="one of the measurements")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="reglab-benchmem-"))
    px = folder / "benchmem.px"
    cells = write_px(px, args.cells)
    print(f"source: {args.src.resolve()}")
    if args.only != "ingest":
        command(args.src.resolve(), px, cells)
        reading(args.src.resolve(), px, cells)
    if args.only != "command":
        in_process(args.src.resolve(), px, cells)


if __name__ == "__main__":
    main()
