from __future__ import annotations

import numpy as np
import pytest

from reglab.readers.errors import EmptyFileError, EncodingError, FormatError, ReaderError, TruncatedError
from reglab.readers.px import parse_px, px_to_table, read_px

SMALL = """CHARSET="ANSI";
MATRIX="TEST01";
TITLE="Småland test";
CONTENTS="Folkmängd";
UNITS="antal";
STUB="region","kön";
HEADING="år";
VALUES("region")="00 Riket","0680 Jönköping";
VALUES("kön")="män","kvinnor";
VALUES("år")="2020","2021";
CODES("region")="00","0680";
CODES("kön")="1","2";
TIMEVAL("år")=TLIST(A1),"2020","2021";
NOTE("region")="Lång not som "
"fortsätter här.";
DATA=
1 2
3 ".."
5 "-" 7 8;
"""


def test_small_px_long_form_order_and_dot_codes():
    table = px_to_table(parse_px(SMALL.encode("cp1252")))
    assert table.table_id == "TEST01"
    assert [d.role for d in table.dimensions] == ["region", "sex", "time"]
    assert table.dimension("region").labels == ("Riket", "Jönköping")
    frame = table.to_frame()
    # Last HEADING variable fastest: (00, 1, 2020), (00, 1, 2021), (00, 2, 2020), ...
    assert frame.iloc[1][["region", "kön", "år"]].tolist() == ["00", "1", "2021"]
    assert frame.iloc[3]["value"] != frame.iloc[3]["value"]  # NaN
    assert table.status[3] == ".." and table.status[5] == "-"
    assert frame["value"].sum() == 1 + 2 + 3 + 5 + 7 + 8
    assert "region: Lång not som fortsätter här." in table.notes


def test_codepage_utf8_is_honoured():
    text = SMALL.replace('CHARSET="ANSI";', 'CODEPAGE="utf-8";')
    table = px_to_table(parse_px(text.encode("utf-8")))
    assert table.title == "Småland test"


def test_wrong_codepage_is_an_encoding_error():
    text = SMALL.replace('CHARSET="ANSI";', 'CODEPAGE="utf-8";')
    with pytest.raises(EncodingError, match="UTF-8"):
        parse_px(text.encode("cp1252"))
    with pytest.raises(EncodingError, match="UTF-8"):
        parse_px(SMALL.encode("utf-8"))  # declared ANSI but saved as UTF-8


def test_truncated_empty_and_garbage(tmp_path):
    data = SMALL.encode("cp1252")
    with pytest.raises(TruncatedError, match="6 values but the variables give 8"):
        parse_px(data[: data.index(b"7 8")])
    with pytest.raises(EmptyFileError):
        parse_px(b"  \n")
    with pytest.raises(FormatError, match="Not a PX file"):
        parse_px(b"\x89PNG\r\n" + bytes(range(256)) * 10)


def test_hierarchy_and_cellnote(px_dir):
    table = read_px(px_dir / "BE0101A1hierreg.px")
    assert len(table) == 9984
    pairs = table.extra["hierarchies"]["region"]
    assert ("00", "01") in pairs and ("01", "0114") in pairs
    assert any("Knivsta" in note for note in table.notes)


@pytest.mark.parametrize(
    ("name", "cells"), [("BE0101A1", 33936), ("BE0101D1", 46176), ("BE0101A1hierreg", 9984)]
)
def test_real_fixtures_cell_counts(px_dir, name, cells):
    table = read_px(px_dir / f"{name}.px")
    assert len(table) == cells
    assert np.prod([len(d) for d in table.dimensions]) == cells
    assert not np.isnan(table.values).any()


def test_births_file_decodes_windows_1252(px_dir):
    table = read_px(px_dir / "BE0101D1.px")
    region = table.dimension("region")
    assert len(region) == 312
    assert "Upplands Väsby" in region.labels
    assert table.dimension("maternal age").labels[-1] == "total"


def test_reader_error_messages_are_one_line(tmp_path):
    bad = tmp_path / "bad.px"
    bad.write_bytes(SMALL.encode("cp1252")[:-20])
    with pytest.raises(ReaderError) as info:
        read_px(bad)
    assert "\n" not in str(info.value) and str(info.value).startswith("bad.px:")
