"""What a destructive action will do, in sentences for its confirmation page ("12 anmälda deltagare
får ett meddelande"). Counted from the same reads the notifications use, so the page tells the truth."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reglab.programme.models import Activity, Ballot, Meeting, VoterPolicy
from reglab.programme.selectors.audience import (
    ballot_missing_organisations,
    ballot_pending_voters,
    meeting_audience,
)


def _people_told(registered: int, waiting: int) -> list[str]:
    if not registered and not waiting:
        return [_("Ingen är anmäld, så ingen behöver få ett meddelande.")]
    sentences = [
        ngettext(
            "%(n)s anmäld deltagare får ett meddelande.",
            "%(n)s anmälda deltagare får ett meddelande.",
            registered,
        )
        % {"n": registered}
    ]
    if waiting:
        sentences.append(
            ngettext(
                "%(n)s person på väntelistan får också ett meddelande.",
                "%(n)s personer på väntelistan får också ett meddelande.",
                waiting,
            )
            % {"n": waiting}
        )
    return sentences


def meeting_cancel_consequences(meeting: Meeting) -> list[str]:
    audience = meeting_audience(meeting)
    return [
        *_people_told(len(audience["registered"]), len(audience["waiting"])),
        _(
            "Mötet visas som inställt, ligger kvar i kalenderflödena som inställt och tar inte emot "
            "anmälningar."
        ),
        _("Det går inte att ångra."),
    ]


def ballot_close_consequences(ballot: Ballot) -> list[str]:
    casts = ballot.casts.count()
    sentences = [ngettext("%(n)s röst har lagts.", "%(n)s röster har lagts.", casts) % {"n": casts}]
    if ballot.voter_policy == VoterPolicy.PERSON:
        pending = len(ballot_pending_voters(ballot))
        if pending:
            sentences.append(
                ngettext(
                    "%(n)s person som får rösta har inte röstat.",
                    "%(n)s personer som får rösta har inte röstat.",
                    pending,
                )
                % {"n": pending}
            )
    else:
        missing = ballot_missing_organisations(ballot)
        if missing:
            sentences.append(
                ngettext(
                    "%(n)s organisation har inte röstat: %(names)s.",
                    "%(n)s organisationer har inte röstat: %(names)s.",
                    len(missing),
                )
                % {"n": len(missing), "names": ", ".join(org.name for org in missing)}
            )
        else:
            sentences.append(_("Alla organisationer som kan rösta har röstat."))
    sentences.append(
        _(
            "Ingen kan rösta efter stängningen, och resultatet visas för alla med medlemskap. Det går inte "
            "att ångra."
        )
    )
    return sentences


def activity_cancel_consequences(activity: Activity) -> list[str]:
    from reglab.programme.services.activities import upcoming_meetings

    meetings = list(upcoming_meetings(activity))
    sentences = []
    if meetings:
        sentences.append(
            ngettext(
                "%(n)s kommande möte ställs in: %(names)s.",
                "%(n)s kommande möten ställs in: %(names)s.",
                len(meetings),
            )
            % {"n": len(meetings), "names": ", ".join(m.title for m in meetings)}
        )
        registered = waiting = 0
        for meeting in meetings:
            audience = meeting_audience(meeting)
            registered += len(audience["registered"])
            waiting += len(audience["waiting"])
        sentences.extend(_people_told(registered, waiting))
    else:
        sentences.append(_("Aktiviteten har inga kommande möten."))
    sentences.append(_("Inställd är en slutstatus: aktiviteten kan inte planeras eller startas igen."))
    return sentences
