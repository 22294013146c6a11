"""The dataset page: filters (region, period, sex, other dimensions), paging, escaped output, the
source line of a file of one's own, and SCB's published value beside a computed sum of kommuner."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from django.core.management import call_command

from reglab.geography.models import Region
from reglab.readers.table import Dimension, StatTable
from reglab.statistics.models import Dataset, Observation
from reglab.statistics.services import dataset_ingest

pytestmark = pytest.mark.django_db


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)


@pytest.fixture
def births(geography, px_dir):
    call_command("data_import", str(px_dir / "BE0101D1.px"), "--no-progress", stdout=io.StringIO())
    return Dataset.objects.get(external_id="BE0101D1")


def test_filters_narrow_the_rows_and_paging_walks_them(client, births):
    url = births.get_absolute_url()
    first = client.get(url).content.decode()
    assert len(_rows(first)) == 50 and "Värden 1–50 av 46176" in first
    assert 'name="region"' in first and 'name="period"' in first and 'name="d.maternal age"' in first

    version = births.current_version
    wanted = Observation.objects.filter(version=version, region_code="0114", period="2003").count()
    assert 0 < wanted < 50 * 3
    page = client.get(url, {"region": "0114", "period": "2003"}).content.decode()
    rows = _rows(page)
    assert len(rows) == min(wanted, 50) and all("0114" in r and "2003" in r for r in rows)
    assert f"av {wanted}" in page and "filtrerat ur 46176" in page

    # Another dimension, by its code (with a space in it), and the next page keeps the filter.
    age = (
        Observation.objects.filter(version=version)
        .values_list("dimensions", flat=True)
        .first()["maternal age"]
    )
    expected = sum(
        d.get("maternal age") == age
        for d in Observation.objects.filter(version=version, region_code="0114").values_list(
            "dimensions", flat=True
        )
    )
    one_age = client.get(url, {"region": "0114", "d.maternal age": age}).content.decode()
    assert f"av {expected}" in one_age

    second = client.get(url, {"page": 2}).content.decode()
    assert "Värden 51–100 av 46176" in second and 'rel="prev"' in second
    assert client.get(url, {"region": "0114", "period": "2003", "page": "99"}).status_code == 200

    none = client.get(url, {"region": "9999"}).content.decode()
    assert "Inga värden matchar filtret." in none


def test_filter_values_and_labels_are_escaped(client, geography):
    label = '<script>alert("x")</script>'
    table = StatTable.from_records(
        table_id="ESC",
        title="Escaping",
        dimension_specs=[("region", "region", "region"), ("år", "år", "time"), ("typ", "typ", "other")],
        rows=[(("0114", "2023", label), 1.0, None), (("0114", "2023", "vanlig"), 2.0, None)],
    )
    result = dataset_ingest(
        source_kind="file", table=table, external_id="ESC", query={"file": "<b>x.csv</b>"}
    )
    html = client.get(result.dataset.get_absolute_url(), {"d.typ": label, "region": '"><i>'}).content.decode()
    assert label not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<b>x.csv</b>" not in html and "&lt;b&gt;x.csv&lt;/b&gt;" in html
    assert '"><i>' not in html


def _noisy_lan_table(lan: str, kommuner: list[str]) -> StatTable:
    """A county and its kommuner for 2024 and 2025; from 2025 the county's value carries noise."""
    regions = [lan, *kommuner]
    dims = [
        Dimension("Region", "region", tuple(regions), tuple(regions), "region"),
        Dimension("ContentsCode", "tabellinnehåll", ("BE0101N1",), ("Folkmängd",), "measure"),
        Dimension("Tid", "år", ("2024", "2025"), ("2024", "2025"), "time"),
    ]
    values = np.zeros((len(regions), 1, 2))
    values[1:, 0, :] = 100.0
    values[0, 0, 0] = 100.0 * len(kommuner)  # before 2025: the parts add up
    values[0, 0, 1] = 100.0 * len(kommuner) + 3  # 2025: SCB's published total, with its noise
    return StatTable.from_cube(table_id="NOISE", title="Brus", dimensions=dims, values=values.ravel())


def test_scb_total_is_shown_as_published_and_the_kommun_sum_as_computed(client, geography):
    lan = Region.objects.get(code="25")
    kommuner = lan.kommun_codes()
    dataset_ingest(source_kind="scb", table=_noisy_lan_table("25", kommuner), external_id="NOISE")
    dataset = Dataset.objects.get(external_id="NOISE")
    html = client.get(dataset.get_absolute_url(), {"region": "25"}).content.decode()
    rows = _rows(html)
    assert len(rows) == 2
    total = 100.0 * len(kommuner)
    row_2025 = next(r for r in rows if "2025" in r)
    published, computed = (f"{v:.1f}".replace(".", ",") for v in (total + 3, total))  # Swedish decimals
    assert f">{published}<" in row_2025 and f'title="beräknad summa">{computed}<' in row_2025
    assert 'title="SCB:s publicerade värde"' in row_2025
    assert "Beräknad summa (kommunerna)" in html and "från referensår 2025" in html.lower()
    # A kommun row has no sum column value; a file's values are not called SCB's.
    kommun = _rows(client.get(dataset.get_absolute_url(), {"region": kommuner[0]}).content.decode())
    assert "computed-sum" not in "".join(kommun)
