"""Programme models, one module per stage of the yearly cycle.

- rounds:     IdeaRound (the autumn idea workshop) and its phases
- proposals:  Proposal
- history:    ProposalRevision (history of edits), ProposalAttachment
- imports:    ImportBatch (a confirmed deck import; re-import is keyed by file hash + slide)
- clusters:   TopicCluster, ProposalMerge (merge log)
- discussion: ProposalComment (one level of replies, moderated), ProposalAnswer (official answer + state)
- embeddings: TextEmbedding (stored vectors per model version)
- ballots, activities, meetings, follow-up: the prioritisation and the year's programme
"""

from reglab.programme.models.activities import *  # noqa: F403
from reglab.programme.models.audit import *  # noqa: F403
from reglab.programme.models.ballots import *  # noqa: F403
from reglab.programme.models.clusters import *  # noqa: F403
from reglab.programme.models.discussion import *  # noqa: F403
from reglab.programme.models.embeddings import *  # noqa: F403
from reglab.programme.models.followup import *  # noqa: F403
from reglab.programme.models.history import *  # noqa: F403
from reglab.programme.models.imports import *  # noqa: F403
from reglab.programme.models.meetings import *  # noqa: F403
from reglab.programme.models.proposals import *  # noqa: F403
from reglab.programme.models.rounds import *  # noqa: F403
