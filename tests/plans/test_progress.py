import pytest

from reglab.plans.progress import goal_progress


def test_halfway_in_time_and_more_than_halfway_in_value_is_on_track():
    p = goal_progress(
        baseline_year=2020, baseline_value=100.0, target_year=2030, target_value=50.0, values={2025: 70.0}
    )
    assert p.share_of_way == pytest.approx(0.6)
    assert p.on_track is True
    assert "60 %" in p.message


def test_moving_the_wrong_way_is_negative_progress_and_behind_plan():
    p = goal_progress(
        baseline_year=2020,
        baseline_value=100.0,
        target_year=2030,
        target_value=50.0,
        values={2021: 90.0, 2024: 110.0},
    )
    assert p.latest_year == 2024 and p.latest_value == 110.0
    assert p.share_of_way == pytest.approx(-0.2)
    assert p.on_track is False


def test_no_values_or_no_target_is_said_plainly():
    assert goal_progress(
        baseline_year=None, baseline_value=None, target_year=None, target_value=None, values={}
    ).message
    p = goal_progress(
        baseline_year=2020, baseline_value=1.0, target_year=None, target_value=None, values={2021: 2.0}
    )
    assert p.share_of_way is None and p.latest_value == 2.0
