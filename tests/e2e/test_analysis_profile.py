"""The region profile in a real browser: open it and download the workshop deck."""

from __future__ import annotations

import io

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_region_profile_and_pptx_download(page, live_server, shared_data, tmp_path):
    from pptx import Presentation

    from reglab.geography.models import Region
    from reglab.geography.services import geography_load
    from reglab.indicators.services import brp_official_import

    # A transactional test may start after another one flushed the database: load what it needs.
    if Region.objects.filter(kind="kommun").count() != 290:
        geography_load(with_geometry=False)
    brp_official_import(directory=shared_data / "brp-plus-2025")

    page.goto(live_server.url + "/analys/region/2080/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Falun")
    assert page.get_by_role("img", name="Livskvalitet T1–T12: Falun och Riket").is_visible()
    assert page.get_by_text("0 = svagast, 100 = starkast kommun/region i Sverige").first.is_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="PowerPoint för workshop").click()
    download = info.value
    assert download.suggested_filename == "workshop-falun-2080.pptx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    prs = Presentation(io.BytesIO(path.read_bytes()))
    titles = [s.shapes.title.text for s in prs.slides if s.shapes.title is not None]
    assert "Falun" in titles
    assert any(shape.has_chart for s in prs.slides for shape in s.shapes)
