import pytest

from reglab.reference.region_codes import kind_of, kolada_to_scb, pad, scb_to_kolada


@pytest.mark.parametrize(
    ("scb", "kolada"), [("00", "0000"), ("01", "0001"), ("25", "0025"), ("0114", "0114"), ("2580", "2580")]
)
def test_kolada_round_trip(scb, kolada):
    assert scb_to_kolada(scb) == kolada
    assert kolada_to_scb(kolada) == scb


def test_fa_and_groups_have_no_kolada_id():
    assert scb_to_kolada("FA01") is None
    assert scb_to_kolada("G-sydsverige") is None


def test_pad_restores_leading_zeros():
    assert pad(114) == "0114" and pad("1") == "01" and pad("2580") == "2580" and pad("FA01") == "FA01"


def test_unknown_codes_are_rejected():
    with pytest.raises(ValueError, match="Okänd regionkod"):
        kind_of("123")
    with pytest.raises(ValueError, match="Okänt Kolada-id"):
        kolada_to_scb("12345")
