"""Checks made on the raw bytes before any parser library sees them."""

from __future__ import annotations

import io
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
