from __future__ import annotations

import pytest


@pytest.fixture
def px_dir(shared_data):
    return shared_data / "pxweb-example-px"
