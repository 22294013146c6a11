"""Checks made on the raw bytes before any parser library sees them."""

from __future__ import annotations

import io
import re
import zipfile

from reglab.readers.decks.errors import DeckError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .ppt/.doc, and encrypted OOXML files
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF"

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
# A real workshop deck with photos unpacks to well under this; a zip bomb does not.
DEFAULT_MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200  # uncompressed/compressed size per member; XML compresses ~10-20x
MAX_MEMBERS = 5000
MAX_SLIDES = 500  # slides or pages; a workshop deck has 10-60
# A slide's XML is 5-200 KB even with tables; 2 MB is text nobody presents on one slide. Parsers
# hold XML as a tree of ~20× its size, so this bound is what keeps a deck's parse small.
MAX_SLIDE_XML_BYTES = 2 * 1024 * 1024
MAX_PART_XML_BYTES = 10 * 1024 * 1024  # any other XML part (a DOCX body, masters, notes)
# A slide page's content stream is 10-500 KB; pdfminer keeps every operator of it as objects.
MAX_PAGE_CONTENT_BYTES = 10 * 1024 * 1024
MAX_LINE_CHARS = 20_000  # a paragraph of a text export is at most a few thousand characters
MAX_TEXT_CHARS = 500_000  # all text of a deck; 60 full slides are ~100 000
_SLIDE_NAME = re.compile(r"^ppt/slides/slide(\d+)\.xml$")


def sniff(data: bytes, filename: str = "") -> str:
    """'pptx' | 'docx' | 'pdf' | 'txt' from the bytes (the file name only breaks ties)."""
    if not data:
        raise DeckError("empty")
    if data.startswith(OLE_MAGIC):
        raise DeckError("old_format")
    if data.startswith(PDF_MAGIC) or data[:1024].lstrip().startswith(PDF_MAGIC):
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        names = check_zip(data)
        if any(n.startswith("ppt/") for n in names):
            return "pptx"
        if any(n.startswith("word/") for n in names):
            return "docx"
        raise DeckError("unknown_type")
    if b"\x00" in data[:4096]:
        raise DeckError("unknown_type")
    return "txt"


def check_zip(
    data: bytes,
    *,
    max_unpacked: int = DEFAULT_MAX_UNPACKED_BYTES,
    max_ratio: int = MAX_RATIO,
) -> list[str]:
    """Member names of a zip after checking it is sane; never decompresses anything.

    The sizes come from the central directory, which an attacker controls; python-pptx and
    python-docx read members with zipfile, which stops at the declared size, so a lying header
    cannot make them unpack more than was checked here.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise DeckError("corrupt", detail="ogiltig zip") from exc
    if len(infos) > MAX_MEMBERS:
        raise DeckError("zip_bomb", size=len(infos))
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise DeckError("encrypted")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > max_ratio and info.file_size > 10 * 1024 * 1024:
            raise DeckError("zip_bomb", size=info.file_size)
    if total > max_unpacked:
        raise DeckError("zip_bomb", size=total)
    return [i.filename for i in infos]


def _mb(size: int) -> str:
    """Megabytes for a message: whole numbers from 1 MB up, one decimal below."""
    return f"{size / (1024 * 1024):.0f}" if size >= 1024 * 1024 else f"{size / (1024 * 1024):.1f}"


def _slide_order(archive: zipfile.ZipFile, names: set[str]) -> dict[str, int]:
    """Slide part name -> number as shown (presentation.xml's order), best effort."""
    try:
        if any(
            archive.getinfo(n).file_size > MAX_PART_XML_BYTES
            for n in ("ppt/presentation.xml", "ppt/_rels/presentation.xml.rels")
        ):
            return {}
        presentation = archive.read("ppt/presentation.xml").decode("utf-8", "replace")
        rels = archive.read("ppt/_rels/presentation.xml.rels").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return {}
    targets = {}
    for element in re.findall(r"<Relationship\b[^>]*>", rels):
        rid = re.search(r'\bId="([^"]*)"', element)
        target = re.search(r'\bTarget="([^"]*)"', element)
        if rid and target:
            targets[rid.group(1)] = "ppt/" + target.group(1).lstrip("/").removeprefix("ppt/")
    order: dict[str, int] = {}
    for element in re.findall(r"<p:sldId\b[^>]*>", presentation):
        rid = re.search(r'\br:id="([^"]*)"', element)
        name = targets.get(rid.group(1)) if rid else None
        if name in names and name not in order:
            order[name] = len(order) + 1
    return order


def check_parts(data: bytes, kind: str) -> None:
    """Refuse, by name, a slide or XML part whose declared unpacked size is too large.

    Declared sizes are an upper bound: zipfile stops at the declared size (and fails the CRC)
    when a member holds more, so nothing larger than checked here reaches the XML parser.
    """
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    slide_names = {i.filename for i in infos if _SLIDE_NAME.match(i.filename)}
    if kind == "pptx" and len(slide_names) > MAX_SLIDES:
        raise DeckError("too_many_slides", count=len(slide_names), limit=MAX_SLIDES)
    order: dict[str, int] | None = None
    for info in infos:
        name = info.filename
        if name in slide_names and info.file_size > MAX_SLIDE_XML_BYTES:
            if order is None:
                order = _slide_order(archive, slide_names)
            match = _SLIDE_NAME.match(name)
            number = order.get(name) or (int(match.group(1)) if match else 0)
            raise DeckError(
                "slide_too_large", number=number, size=_mb(info.file_size), limit=_mb(MAX_SLIDE_XML_BYTES)
            )
        if name.endswith((".xml", ".rels")) and info.file_size > MAX_PART_XML_BYTES:
            raise DeckError(
                "part_too_large", name=name, size=_mb(info.file_size), limit=_mb(MAX_PART_XML_BYTES)
            )


def check_text(text: str) -> None:
    """Refuse a text with a line or a total too long, before any regular expression sees it."""
    if len(text) > MAX_TEXT_CHARS:
        raise DeckError("text_too_long", size=len(text), limit=MAX_TEXT_CHARS)
    start, number = 0, 1
    while True:
        end = text.find("\n", start)
        stop = len(text) if end < 0 else end
        if stop - start > MAX_LINE_CHARS:
            raise DeckError("line_too_long", number=number, size=stop - start, limit=MAX_LINE_CHARS)
        if end < 0:
            return
        start, number = end + 1, number + 1
