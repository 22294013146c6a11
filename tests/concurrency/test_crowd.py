"""Twenty people doing the same thing at the same instant against a real server (issue 9).

A workshop of twenty registering after a presentation is the normal case. Each write path a crowd
hits (login, meeting registration, ballot casts, saves of one proposal) must queue its writers, not
fail: no 5xx, and the stored result is what the rules say. Runs on SQLite, and on PostgreSQL when
DATABASE_URL points there.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.concurrency.crowd import SCENARIO, Member, all_at_once, statuses

pytestmark = pytest.mark.slow

CONFLICT = "ändrades av någon annan"


def _no_server_errors(outcomes, server) -> None:
    failed = [o for o in outcomes if o.status is None or o.status >= 500]
    if failed:
        # The whole picture in the message: answers by status, what got stored, the first error.
        title = re.search(r"<title>(.*?)</title>", failed[0].text, re.S)
        first = failed[0].error or (title.group(1).strip() if title else failed[0].text[:300])
        pytest.fail(
            f"{statuses(outcomes)}; stored: {server.stored()}; first failure: {first}\n{server.log_tail()}"
        )


def test_twenty_logins_at_once_all_succeed(server, crowd):
    members, outcomes = crowd
    _no_server_errors(outcomes, server)
    assert statuses(outcomes) == {302: len(members)}
    assert all("sessionid" in member.client.cookies for member in members)


def test_twenty_register_for_a_meeting_of_five_at_once(server, crowd):
    members, _ = crowd
    world = server.world
    outcomes = all_at_once(members, lambda m: m.post(world["register_url"], {}))

    _no_server_errors(outcomes, server)
    assert statuses(outcomes) == {302: len(members)}
    stored = server.stored()
    # Capacity held, everyone else on the waiting list, nobody lost or counted twice.
    assert stored["registered"] == world["capacity"]
    assert stored["waiting"] == len(members) - world["capacity"]
    assert stored["registered_users"] == len(members)


def test_the_registered_cancel_at_once_and_each_seat_goes_to_the_next_waiting(server, crowd):
    members, _ = crowd
    world = server.world
    _no_server_errors(all_at_once(members, lambda m: m.post(world["second_register_url"], {})), server)
    before = server.stored("second_meeting")["status_of"]
    leaving = [m for m in members if before[m.username] == "registered"]
    assert len(leaving) == world["capacity"]

    outcomes = all_at_once(leaving, lambda m: m.post(world["second_cancel_url"], {}))

    _no_server_errors(outcomes, server)
    assert statuses(outcomes) == {302: len(leaving)}
    after = server.stored("second_meeting")
    # Every freed seat went to a different person from the waiting list: capacity held again.
    assert after["registered"] == world["capacity"]
    assert after["waiting"] == len(members) - 2 * world["capacity"]
    assert all(after["status_of"][m.username] == "cancelled" for m in leaving)


def test_twenty_organisations_cast_their_ballots_at_once(server, crowd):
    members, _ = crowd
    world = server.world
    first, second = world["options"]

    def cast(member: Member):
        data = {"organisation": member.organisation, f"dots_{first}": 5, f"dots_{second}": 3}
        return member.post(world["cast_url"], data)

    outcomes = all_at_once(members, cast)

    _no_server_errors(outcomes, server)
    assert statuses(outcomes) == {302: len(members)}
    stored = server.stored()
    assert stored["casts"] == stored["cast_organisations"] == len(members)
    assert stored["votes"] == 2 * len(members)


def test_twenty_saves_of_one_proposal_from_the_same_version_keep_exactly_one(server, crowd):
    members, _ = crowd
    world = server.world

    def save(member: Member):
        data = {
            "title": f"Förslaget enligt {member.username}",
            "organisations": member.organisation,
            "description": "Ändrad text",
            "loaded_version": world["loaded_version"],
        }
        return member.post(world["edit_url"], data)

    outcomes = all_at_once(members, save)

    _no_server_errors(outcomes, server)
    counts = statuses(outcomes)
    assert counts == {302: 1, 200: len(members) - 1}, counts
    refused = [o for o in outcomes if o.status == 200]
    assert all(CONFLICT in o.text for o in refused)
    winner = members[next(i for i, o in enumerate(outcomes) if o.status == 302)]
    stored = server.stored()
    assert stored["proposal_title"] == f"Förslaget enligt {winner.username}"
    assert stored["proposal_revisions"] == 1


def test_login_while_another_process_holds_a_write_transaction(server):
    world = server.world
    member = Member(server, world["late"])
    member.open_login()
    holder = subprocess.Popen(
        [sys.executable, str(SCENARIO), "hold", world["late"], "3"],
        env=server.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked", holder.stderr.read()
        response = member.log_in()  # its session and last_login writes queue behind the holder
        out, err = holder.communicate(timeout=120)
    finally:
        if holder.poll() is None:
            holder.kill()
        member.close()
    assert response.status_code == 302, f"{response.status_code}\n{server.log_tail()}"
    assert "sessionid" in member.client.cookies
    assert holder.returncode == 0 and "committed" in out, err
