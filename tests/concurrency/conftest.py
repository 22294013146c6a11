"""Fixtures for the crowd tests: one real server per module and twenty members logged in to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.concurrency.crowd import Member, Outcome, Server, all_at_once, running_server


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("crowd-data")) as running:
        yield running


@pytest.fixture(scope="module")
def crowd(server) -> Iterator[tuple[list[Member], list[Outcome]]]:
    """Twenty members who logged in at the same instant; yields them and their login outcomes."""
    members = [Member(server, m["username"], m["organisation"]) for m in server.world["members"]]
    for member in members:
        member.open_login()
    outcomes = all_at_once(members, Member.log_in)
    yield members, outcomes
    for member in members:
        member.close()
