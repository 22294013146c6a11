from __future__ import annotations

import io

import pandas as pd
import pytest
from django.core.management import call_command
from django.urls import reverse

from reglab.statistics.models import Dataset

pytestmark = pytest.mark.django_db


def test_pages_list_detail_and_csv_download(client, geography, px_dir):
    empty = client.get(reverse("statistics:dataset-list"))
    assert empty.status_code == 200 and "Inga datamängder ännu" in empty.content.decode()
    call_command("data_import", str(px_dir / "BE0101D1.px"), "--no-progress", stdout=io.StringIO())
    dataset = Dataset.objects.get(external_id="BE0101D1")

    listing = client.get(reverse("statistics:dataset-list")).content.decode()
    assert "BE0101D1" in listing and "Källa: Statistiska centralbyrån (SCB)" in listing and "46176" in listing

    detail = client.get(dataset.get_absolute_url()).content.decode()
    assert "Live births by region" in detail and "v1" in detail
    assert "maternal age" in detail and "Nykvarn" in detail  # dimension column and footnote
    assert detail.count("<tr>") >= 50

    response = client.get(reverse("statistics:dataset-export", args=[dataset.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="be0101d1-v1.csv"' in response["Content-Disposition"]
    frame = pd.read_csv(io.BytesIO(response.content), dtype={"region_code": str})
    assert len(frame) == 46176 and frame["value"].sum() > 0


def test_unknown_dataset_is_404(client):
    assert client.get(reverse("statistics:dataset-detail", args=[999])).status_code == 404
    assert client.get(reverse("statistics:dataset-export", args=[999])).status_code == 404
