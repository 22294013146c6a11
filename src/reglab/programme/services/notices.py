"""What the programme tells people (reglab.notifications): one function per kind of event.

Services call these inside their transaction; the on-site notifications are written with the change
and the e-mails are queued for the worker when it commits (nothing is sent when it rolls back).
Texts are lazy translations, rendered in each recipient's language.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reglab.notifications.models import Kind
from reglab.notifications.services import notify
from reglab.programme.models import (
    Ballot,
    BallotState,
    Meeting,
    Proposal,
    Registration,
    RegistrationStatus,
    VoterPolicy,
)
from reglab.programme.selectors.audience import (
    ballot_pending_voters,
    ballot_voters,
    meeting_audience,
    proposal_audience,
)

__all__ = [
    "ballots_remind_closing",
    "notify_ballot_opened",
    "notify_meeting_cancelled",
    "notify_meeting_changed",
    "notify_promoted",
    "notify_proposal_answered",
    "notify_registration",
]


def _where(meeting: Meeting) -> str:
    return meeting.place or meeting.online_url or "–"


def _meeting_params(meeting: Meeting) -> dict:
    return {
        "meeting": meeting.title,
        "activity": meeting.activity.title,
        "when": meeting.starts_at,
        "place": _where(meeting),
    }


def notify_ballot_opened(ballot: Ballot) -> int:
    """Tell everyone who may vote that the ballot is open (and when it is planned to close)."""
    if ballot.closes_at:
        body = _(
            "Omröstningen ”%(ballot)s” (%(round)s) är öppen. Den stänger %(closes)s. "
            "Resultatet visas först när den har stängts."
        )
    else:
        body = _(
            "Omröstningen ”%(ballot)s” (%(round)s) är öppen. Resultatet visas först när den har stängts."
        )
    sent = notify(
        ballot_voters(ballot),
        kind=Kind.BALLOT_OPENED,
        subject=_("Omröstningen ”%(ballot)s” är öppen"),
        body=body,
        params={"ballot": ballot.title, "round": ballot.round.title, "closes": ballot.closes_at or ""},
        url=ballot.get_absolute_url(),
        key=f"ballot-opened:{ballot.pk}",
    )
    return len(sent)


def notify_ballot_closing(ballot: Ballot) -> int:
    """Remind those whose vote is missing that the ballot closes soon (once per ballot and person)."""
    if ballot.voter_policy == VoterPolicy.PERSON:
        body = _("Omröstningen ”%(ballot)s” stänger %(closes)s och du har inte röstat än.")
    else:
        body = _("Omröstningen ”%(ballot)s” stänger %(closes)s och din organisation har inte röstat än.")
    sent = notify(
        ballot_pending_voters(ballot),
        kind=Kind.BALLOT_CLOSING,
        subject=_("Omröstningen ”%(ballot)s” stänger snart"),
        body=body,
        params={"ballot": ballot.title, "closes": ballot.closes_at or ""},
        url=ballot.get_absolute_url(),
        key=f"ballot-closing:{ballot.pk}",
    )
    return len(sent)


def ballots_remind_closing(now: dt.datetime | None = None) -> dict:
    """The daily reminder: every open ballot planned to close within REGLAB_BALLOT_REMINDER_HOURS."""
    now = now or timezone.now()
    soon = now + dt.timedelta(hours=settings.REGLAB_BALLOT_REMINDER_HOURS)
    ballots = Ballot.objects.filter(state=BallotState.OPEN, closes_at__gt=now, closes_at__lte=soon)
    told = {ballot.pk: notify_ballot_closing(ballot) for ballot in ballots}
    return {"ballots": len(told), "notified": sum(told.values())}


def notify_registration(registration: Registration) -> int:
    """Confirm a registration, or say that the person is on the waiting list."""
    meeting = registration.meeting
    if registration.status == RegistrationStatus.WAITING:
        subject = _("Väntelista: %(meeting)s")
        body = _(
            "Mötet %(meeting)s (%(activity)s) %(when)s är fullt. Du står på väntelistan och får ett "
            "meddelande om en plats blir ledig."
        )
    else:
        subject = _("Du är anmäld: %(meeting)s")
        body = _("Du är anmäld till %(meeting)s (%(activity)s).\nTid: %(when)s\nPlats: %(place)s")
    sent = notify(
        [registration.user],
        kind=Kind.REGISTRATION_CONFIRMED,
        subject=subject,
        body=body,
        params=_meeting_params(meeting),
        url=meeting.get_absolute_url(),
    )
    return len(sent)


def notify_promoted(registration: Registration) -> int:
    meeting = registration.meeting
    sent = notify(
        [registration.user],
        kind=Kind.PROMOTED,
        subject=_("Du har fått en plats: %(meeting)s"),
        body=_(
            "En plats blev ledig och du är nu anmäld till %(meeting)s (%(activity)s).\nTid: %(when)s\n"
            "Plats: %(place)s\nKan du inte komma, avanmäl dig så att nästa på väntelistan får platsen."
        ),
        params=_meeting_params(meeting),
        url=meeting.get_absolute_url(),
    )
    return len(sent)


def notify_meeting_cancelled(meeting: Meeting) -> int:
    """Tell the registered and those on the waiting list (they were waiting for a seat that will not
    come) that the meeting is cancelled."""
    audience = meeting_audience(meeting)
    sent = notify(
        audience["registered"] + audience["waiting"],
        kind=Kind.MEETING_CANCELLED,
        subject=_("Inställt: %(meeting)s"),
        body=_("Mötet %(meeting)s (%(activity)s) %(when)s är inställt."),
        params=_meeting_params(meeting),
        url=meeting.get_absolute_url(),
        key=f"meeting-cancelled:{meeting.pk}",
    )
    return len(sent)


def notify_meeting_changed(meeting: Meeting, *, old_when: dt.datetime, old_place: str) -> int:
    audience = meeting_audience(meeting)
    sent = notify(
        audience["registered"] + audience["waiting"],
        kind=Kind.MEETING_CHANGED,
        subject=_("Ändrat möte: %(meeting)s"),
        body=_(
            "Mötet %(meeting)s (%(activity)s) har ändrats.\nNu: %(when)s, %(place)s\n"
            "Tidigare: %(old_when)s, %(old_place)s"
        ),
        params={**_meeting_params(meeting), "old_when": old_when, "old_place": old_place or "–"},
        url=meeting.get_absolute_url(),
    )
    return len(sent)


def notify_proposal_answered(proposal: Proposal, answer_text: str) -> int:
    """Tell the proposal's author and its organisations' members that the secretariat has answered.

    Public: the discussion feature's answer hook calls this with the official answer's text.
    """
    sent = notify(
        proposal_audience(proposal),
        kind=Kind.PROPOSAL_ANSWERED,
        subject=_("Svar på förslaget ”%(proposal)s”"),
        body=_("Reglabs sekretariat har svarat på förslaget ”%(proposal)s”:\n\n%(answer)s"),
        params={"proposal": proposal.title, "answer": answer_text},
        url=proposal.get_absolute_url(),
    )
    return len(sent)
