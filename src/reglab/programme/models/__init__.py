"""Programme models, one module per stage of the yearly cycle.

- rounds:     IdeaRound (the autumn idea workshop) and its phases
- proposals:  Proposal, its revisions, attachments, and clusters/merges (issue: idea workshop)
- ballots, activities, meetings, follow-up: the prioritisation and the year's programme
"""

from reglab.programme.models.activities import *  # noqa: F403
from reglab.programme.models.audit import *  # noqa: F403
from reglab.programme.models.ballots import *  # noqa: F403
from reglab.programme.models.followup import *  # noqa: F403
from reglab.programme.models.meetings import *  # noqa: F403
from reglab.programme.models.proposals import *  # noqa: F403
from reglab.programme.models.rounds import *  # noqa: F403
