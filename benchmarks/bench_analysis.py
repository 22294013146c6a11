"""Analysis page and export timings against a database that has the geography and the official BRP+ run.

    REGLAB_DATA_DIR=/tmp/somewhere python benchmarks/bench_analysis.py [--repeat 3]

The script prepares the database itself (migrations, geography; the official BRP+ files from
../shared/data/brp-plus-2025 when they are not imported yet). It creates (or reuses) a custom group
of three län (27 kommuner) and prints the median wall time per request through Django's test client
(no network, no server): kommun profile, group profile (BRP+ approximation), compare with 9 regions of
which 7 are approximated, the kommun map, the XLSX and PPTX exports, the region-formation explorer
and the urban/rural split.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reglab.settings")
    os.environ.setdefault("REGLAB_DEBUG", "1")
    import django

    django.setup()
    from django.test import Client

    from reglab.core.services import platform_prepare
    from reglab.geography.models import Region
    from reglab.geography.services import region_group_create
    from reglab.indicators.selectors import brp_official_run
    from reglab.indicators.services import brp_official_import

    platform_prepare()  # migrations, geography, organisations (no-op when done)
    if brp_official_run() is None:
        published = ROOT.parent / "shared" / "data" / "brp-plus-2025"
        if not published.is_dir():
            sys.exit("needs `reglab brp import-official DIR` (the published BRP+ files) in this database")
        brp_official_import(directory=published)
    assert Region.objects.filter(kind="kommun").count() == 290
    group = region_group_create(name="Bench Mälardalen", member_codes=["03", "04", "19"])
    client = Client(HTTP_HOST="localhost")
    urls = {
        "profile kommun": "/analys/region/2080/",
        "profile group (27 kommuner)": f"/analys/region/{group.code}/",
        "compare 9 regions": "/analys/jamfor/?m=brp:Livskvalitet&r=01&r=03&r=04&r=19&r=FA01&r=FA02"
        f"&r={group.code}&r=0180&r=00",
        "map kommuner": "/analys/karta/?m=brp:T6&niva=kommun",
        "export xlsx (profile)": "/analys/region/2080/export.xlsx",
        "export pptx (profile)": "/analys/region/2080/export.pptx",
        "export pptx (compare)": "/analys/jamfor/export.pptx?m=brp:T6&r=01&r=03&r=2080",
        "region formation (3 län, BRP+)": "/analys/regionbildning/?m=brp:T6&r=03&r=04&r=19",
        "urban/rural 6 classes (Sweden)": "/analys/stad-och-land/?m=brp:Livskvalitet&schema=6",
        "urban/rural 3 classes (one län)": "/analys/stad-och-land/?m=brp:Livskvalitet&schema=3&lan=20",
    }
    for label, url in urls.items():
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{label:32s} {statistics.median(times) * 1000:8.1f} ms  ({len(response.content):,} bytes)")


if __name__ == "__main__":
    main()
