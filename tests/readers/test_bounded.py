"""Bounded parsing: hostile decks are refused by name or read within 1 GB for the whole process
tree, the child process's limits hold, and the text parser is linear in a very long line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reglab.readers.bounded import LimitExceeded, Limits, run_bounded
from reglab.readers.decks import DeckError, read_deck
from reglab.readers.decks.read import Slide
from tests.readers import hostile

SRC = Path(__file__).resolve().parents[2] / "src"
MB = 1024 * 1024

# Reads a deck through the public API in a fresh interpreter and reports the peak memory of that
# process and of the largest child it waited for (the bounded parser): the whole process tree.
MEASURE = """
import json, resource, sys
from reglab.readers.decks import DeckError, parse_proposals, read_deck
try:
    deck = read_deck(open(sys.argv[1], "rb").read(), sys.argv[1])
    outcome = {"slides": len(deck.slides), "drafts": len(parse_proposals(deck.slides))}
except DeckError as exc:
    outcome = {"code": exc.code, "message": str(exc)}
# VmHWM is this process's own peak since exec; ru_maxrss of RUSAGE_SELF would also count the pytest
# process this one was forked from (Linux carries maxrss across fork and exec).
with open("/proc/self/status") as status:
    outcome["self_mb"] = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024
outcome["child_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps(outcome))
"""


def _import_in_subprocess(path: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        timeout=120,  # generous: the child's own limit is 20 s of CPU and wall-clock time
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = json.loads(result.stdout)
    print(path.name, outcome)
    # Peaks of the two processes added: an upper bound of the tree's peak.
    assert outcome["self_mb"] + outcome["child_mb"] < 1024, outcome
    return outcome


def test_inflating_pdf_page_is_refused_by_number(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(hostile.inflating_pdf(300 * MB))
    assert path.stat().st_size < MB
    outcome = _import_in_subprocess(path)
    assert outcome["code"] == "page_too_large"
    assert outcome["message"].startswith("Sida 1 är för stor (300 MB")


def test_slides_of_ten_megabytes_of_xml_are_refused_by_number(tmp_path):
    path = tmp_path / "large-slides.pptx"
    path.write_bytes(hostile.pptx_with_large_slides(slides=29, slide_xml=10 * MB))
    outcome = _import_in_subprocess(path)
    assert outcome["code"] == "slide_too_large"
    assert outcome["message"] == (
        "Bild 1 är för stor (10 MB XML; högst 2 MB). Dela upp bilden eller spara den som PDF."
    )


def test_slides_just_under_the_limit_are_read(tmp_path):
    path = tmp_path / "many-megabytes.pptx"
    path.write_bytes(hostile.pptx_with_large_slides(slides=29, slide_xml=1900 * 1024))
    outcome = _import_in_subprocess(path)
    assert outcome["slides"] == 29
    assert outcome["drafts"] >= 28


def test_one_very_long_line_is_refused_by_line_number(tmp_path):
    path = tmp_path / "line.txt"
    path.write_bytes(hostile.one_long_line(200 * 1024))
    outcome = _import_in_subprocess(path)
    assert outcome["code"] == "line_too_long"
    assert outcome["message"].startswith("Rad 1 är för lång (204800 tecken; högst 20000).")


def test_parser_is_linear_in_a_200_kb_line():
    # Past the line limit on purpose: the parser itself, with the e-mail pattern that used to
    # rescan the line from every position (61 s). The child's 30 s limit is the generous bound.
    line = hostile.one_long_line(200 * 1024).decode() + " anna.berg@regionjh.se"
    slides = [Slide(number=1, paragraphs=[line])]
    drafts = run_bounded(
        "reglab.readers.decks.parse:parse_proposals",
        slides,
        limits=Limits(memory_bytes=1024 * MB, seconds=30),
    )
    assert "anna.berg@regionjh.se" in drafts[0].emails


def test_pdf_with_too_many_pages_says_pages():
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(501):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(DeckError) as caught:
        read_deck(buffer.getvalue(), "long.pdf")
    assert caught.value.code == "too_many_pages"
    assert str(caught.value) == "Dokumentet har för många sidor (501; högst 500). Dela upp det i flera filer."


def test_child_out_of_memory_is_reported_as_memory():
    with pytest.raises(LimitExceeded) as caught:
        run_bounded("builtins:bytearray", 2048 * MB, limits=Limits(memory_bytes=512 * MB, seconds=30))
    assert caught.value.kind == "memory"


def test_child_over_time_is_stopped():
    with pytest.raises(LimitExceeded) as caught:
        run_bounded("time:sleep", 600, limits=Limits(memory_bytes=512 * MB, seconds=1))
    assert caught.value.kind == "time"


def test_child_over_cpu_time_is_stopped():
    with pytest.raises(LimitExceeded) as caught:
        run_bounded("math:factorial", 10**8, limits=Limits(memory_bytes=512 * MB, seconds=1))
    assert caught.value.kind == "time"


def test_deck_errors_cross_the_process_boundary_with_their_code():
    with pytest.raises(DeckError) as caught:
        run_bounded(
            "reglab.readers.decks.read:read_deck_unbounded",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old",
            "old.ppt",
            limits=Limits(memory_bytes=512 * MB, seconds=30),
        )
    assert caught.value.code == "old_format"
    assert "spara som PPTX/DOCX" in str(caught.value)


def test_memory_limit_of_a_deck_is_a_clear_message(monkeypatch):
    monkeypatch.setenv("REGLAB_DECK_MEMORY_MB", "8")  # below what the interpreter already uses
    from tests.readers.decks_factory import build_pptx

    with pytest.raises(DeckError) as caught:
        read_deck(build_pptx(), "deck.pptx")
    assert caught.value.code in {"too_much_memory", "crashed"}
    assert str(caught.value).startswith(("Filen kräver för mycket minne", "Filen kunde inte läsas"))
