import csv

import pytest

from reglab.reference.urban_rural import KommunClass, class_labels, kommun_classes, kommun_names
from tests.conftest import need_shared


def test_every_kommun_has_both_classes_from_the_labels():
    classes = kommun_classes()
    assert len(classes) == 290
    assert all(len(code) == 4 and code.isdigit() for code in classes)
    assert {c.class3 for c in classes.values()} == set(class_labels(3))
    assert {c.class6 for c in classes.values()} == set(class_labels(6))
    assert classes["0180"] == KommunClass("0180", "Storstadskommuner", "Storstadskommuner")


def test_labels_follow_the_source_class_codes():
    assert class_labels(3) == ["Landsbygdskommuner", "Täta kommuner", "Storstadskommuner"]
    assert len(class_labels(6)) == 6
    assert class_labels(6)[0] == "Landsbygdskommuner mycket avlägset belägna"
    with pytest.raises(ValueError, match="3 eller 6"):
        class_labels(4)


def test_six_classes_nest_in_the_three():
    for c in kommun_classes().values():
        assert c.class6.startswith(c.class3.split()[0]), c


def test_matches_the_shared_code_key():
    path = need_shared("data/brp-plus-2025/start_kommun_kodnyckel_tbl.csv")
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    expected = {
        r["Kommun_kod_S"]: KommunClass(r["Kommun_kod_S"], r["LandsbKom_3_Namn"], r["LandsbKom_6_Namn"])
        for r in rows
    }
    assert kommun_classes() == expected
    assert kommun_names() == {r["Kommun_kod_S"]: r["Kommun_namn"] for r in rows}
