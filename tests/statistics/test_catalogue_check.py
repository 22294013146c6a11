"""`reglab data catalogue check`: online against the local SCB-shaped server, offline against the
responses recorded from SCB; one line per entry, a non-zero exit code when something is wrong."""

from __future__ import annotations

import pytest

from reglab.cli import main
from reglab.statistics.catalogue import catalogue_load

pytestmark = pytest.mark.django_db(transaction=True)


def _catalogue(tmp_path, text: str):
    path = tmp_path / "catalogue.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


ONLINE = """
[[scb]]
id = "M2"
table = "TAB6366"
selection = { Kon = ["1", "2"], ContentsCode = ["000007I3"] }

[[scb]]
id = "GONE"
table = "TAB9999"

[[scb]]
id = "OLD"
table = "TAB1111"

[[scb]]
id = "ENDED"
table = "TAB2222"

[[scb]]
id = "BADCODE"
table = "TAB6366"
selection = { ContentsCode = ["BE0101N1"] }

[[scb]]
id = "RegionInd19U3N1"
v1_path = "AM/AM9906/AM9906B/RegionInd19U3N1"

[[kolada]]
kpi = "N02904"

[[kolada]]
kpi = "N99999"
"""


def test_online_check_reports_gone_renamed_discontinued_and_bad_codes(
    tmp_path, scb_settings, scb_server, settings, fake_server, capsys
):
    settings.REGLAB_KOLADA_API_URL = fake_server.kolada_url
    scb_server.add_table("TAB3333", scb_server.tables["TAB6366"].table)
    scb_server.renamed["TAB1111"] = "TAB3333"
    scb_server.add_table("TAB2222", scb_server.tables["TAB6366"].table)
    scb_server.discontinued.add("TAB2222")

    code = main(["data", "catalogue", "check", "--catalogue", _catalogue(tmp_path, ONLINE)])

    captured = capsys.readouterr()
    lines = dict(
        line.split(": ", 1) for line in captured.out.splitlines() if line.startswith(("scb:", "kolada:"))
    )
    assert code == 1
    assert lines["scb:M2"].startswith("OK: TAB6366 finns, uppdaterad 2025-03-20")
    assert lines["scb:GONE"].startswith("FEL: TAB9999 finns inte längre hos SCB (404)")
    assert lines["scb:OLD"].startswith("FEL: TAB1111 heter nu TAB3333")
    assert lines["scb:ENDED"].startswith("FEL: TAB2222 är avslutad hos SCB")
    assert "koden 'BE0101N1' finns inte i ContentsCode" in lines["scb:BADCODE"]
    assert lines["scb:RegionInd19U3N1"].startswith("VARNING: har bara en v1-sökväg")
    assert lines["kolada:N02904"].startswith("OK")
    assert lines["kolada:N99999"].startswith("FEL: KPI:n finns inte längre i Kolada")
    assert "8 poster: 2 ok, 1 varningar, 5 fel" in captured.err


def test_online_check_all_good_exits_zero(tmp_path, scb_settings, scb_server, capsys):
    catalogue = _catalogue(tmp_path, '[[scb]]\nid = "M2"\ntable = "TAB6366"\n')
    assert main(["data", "catalogue", "check", "--catalogue", catalogue]) == 0
    out = capsys.readouterr().out
    assert "scb:M2: OK" in out and "1 poster: 1 ok, 0 varningar, 0 fel." in out


OFFLINE = """
[[scb]]
id = "MONTHLY"
table = "TAB6471"
selection = { Region = ["00", "20"], Kon = ["1", "2"] }

[[scb]]
id = "JOBS"
table = "TAB4707"

[[scb]]
id = "WRONG"
table = "TAB6471"
selection = { Region = ["FA99"] }

[[scb]]
id = "UNRECORDED"
table = "TAB638"
"""


def test_offline_check_against_recorded_responses(tmp_path, shared_data, capsys):
    recorded = shared_data / "scb-pxweb-v2-recorded"
    catalogue = _catalogue(tmp_path, OFFLINE)

    code = main(
        ["data", "catalogue", "check", "--offline", "--recorded", str(recorded), "--catalogue", catalogue]
    )

    captured = capsys.readouterr()
    assert code == 1
    assert "scb:MONTHLY: OK: TAB6471 finns, uppdaterad 2026-06-08T06:00:00Z" in captured.out
    assert (
        "scb:JOBS: OK: TAB4707 finns (uppdaterad 2026-05-29T06:00:00Z); metadata ej inspelad" in captured.out
    )
    assert "scb:WRONG: FEL: TAB6471: urvalet stämmer inte: koden 'FA99' finns inte i Region" in captured.out
    assert "scb:UNRECORDED: VARNING: TAB638 finns inte bland de inspelade svaren" in captured.out
    assert "1 fel (WRONG)" in captured.err


def test_offline_check_of_the_packaged_catalogue_runs_and_names_every_entry(shared_data, capsys):
    recorded = shared_data / "scb-pxweb-v2-recorded"
    code = main(["data", "catalogue", "check", "--offline", "--recorded", str(recorded), "--source", "scb"])
    out = capsys.readouterr().out
    entries = catalogue_load().entries(source="scb")
    assert all(f"scb:{e.id}: " in out for e in entries)
    # None of the catalogue's tables is among the recorded responses: warnings, nothing wrong.
    assert code == 0 and "RegionInd19E3N2: VARNING" in out and "RegionInd19E3CKMNy" in out


def test_offline_without_recorded_files_says_what_to_do(tmp_path, capsys):
    code = main(["data", "catalogue", "check", "--offline", "--recorded", str(tmp_path / "nowhere")])
    assert code == 1 and "Ange mappen med --recorded" in capsys.readouterr().err
