"""Must show (issue 12): `reglab data sync --source scb TAB6366` against a server that answers like
SCB (recorded /config, 400 above maxDataCells, one 429) whose table carries FA00 stores every value
for Riket, FA01–FA60 and the 21 län exactly, keeps FA00 outside the geography, and exits 0."""

from __future__ import annotations

import math

import pytest

from reglab.cli import main
from reglab.readers.table import normalise_sex
from reglab.reference.region_codes import LAN_CODES
from reglab.statistics.models import Dataset, Observation

# Transactional: the front door runs the command through Django's `run_from_argv`, which closes the
# database connections at the end (on PostgreSQL that would end a test transaction).
pytestmark = pytest.mark.django_db(transaction=True)


def test_reglab_data_sync_scb_table_with_fa00(geography, scb_settings, scb_server, capsys):
    scb_server.inject("/tables/TAB6366/data", method="POST", nth=2, status=429, retry_after="1")

    code = main(["data", "sync", "--source", "scb", "TAB6366", "--no-progress"])

    out = capsys.readouterr().out
    assert code == 0, out
    assert "scb:TAB6366: ny version 1 (1245 värden)" in out
    assert "1 regionkoder utanför geografin: FA00" in out

    # The limits were SCB's: no data request above 400 cells, the 429 was waited out once.
    posts = [e for e in scb_server.log if e["method"] == "POST"]
    sizes = [math.prod(len(s["valueCodes"]) for s in e["body"]["selection"]) for e in posts]
    assert max(sizes) <= 400 and len(posts) == math.ceil(1245 / 400) + 1  # one part sent twice (429)

    # Every served value for Riket, FA01–FA60 and the 21 län is stored exactly, cell by cell.
    served = scb_server.tables["TAB6366"].table
    region, kon, contents, tid = (served.dimension(c) for c in ("Region", "Kon", "ContentsCode", "Tid"))
    sex_of = {v: normalise_sex(v, lbl) for v, lbl in zip(kon.values, kon.labels, strict=True)}
    dataset = Dataset.objects.get(source__kind="scb", external_id="TAB6366")
    version = dataset.current_version
    stored = {
        (r, p, s, m): (v, rid)
        for r, p, s, m, v, rid in Observation.objects.filter(version=version).values_list(
            "region_code", "period", "sex", "measure", "value", "region__code"
        )
    }
    wanted = {"00", *LAN_CODES, *(f"FA{n:02d}" for n in range(1, 61))}
    assert len(wanted) == 82
    compared = 0
    for i in range(len(served)):
        r = region.values[served.index["Region"][i]]
        key = (
            r,
            tid.values[served.index["Tid"][i]],
            sex_of[kon.values[served.index["Kon"][i]]],
            contents.values[served.index["ContentsCode"][i]],
        )
        value, region_code = stored[key]
        assert value == served.values[i], key
        if r in wanted:
            assert region_code == r, key  # linked to the geography's region
            compared += 1
        else:
            assert r == "FA00" and region_code is None  # kept, outside the geography
    assert compared == 82 * 3 * 5 and len(stored) == len(served) == 1245
    assert version.outside_regions == {"FA00": "FA00"}

    # `reglab data status` reports the outside code once for the dataset.
    assert main(["data", "status"]) == 0
    status = capsys.readouterr().out
    assert status.count("regionkoder utanför geografin: FA00") == 1
