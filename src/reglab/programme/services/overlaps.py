"""Overlaps between a round's proposals and suggested topic clusters."""

from __future__ import annotations

from django.db import transaction

from reglab.engine.similarity import Match, cluster_items, most_similar, thresholds_for
from reglab.programme.audit import log_change
from reglab.programme.models import IdeaRound, Proposal, TopicCluster
from reglab.programme.selectors.proposals import active_proposals, proposal_item


def round_overlaps(
    round_: IdeaRound, *, k: int = 3, embedder=None
) -> tuple[list[Proposal], dict[str, list[Match]]]:
    from reglab.programme.embeddings import stored_embedder

    proposals = list(active_proposals(round_))
    items = [proposal_item(p) for p in proposals]
    return proposals, most_similar(items, embedder=embedder or stored_embedder(), k=k)


@transaction.atomic
def round_clusters_save(*, round_: IdeaRound, user, embedder=None) -> list[TopicCluster]:
    """Recompute the round's topic clusters (replacing the previous suggestion, not proposals)."""
    from reglab.programme.embeddings import stored_embedder

    embedder = embedder or stored_embedder()
    proposals = list(active_proposals(round_))
    items = [proposal_item(p) for p in proposals]
    by_key = {f"p{p.pk}": p for p in proposals}
    threshold = thresholds_for(embedder.model_version).cluster
    clusters = cluster_items(items, embedder=embedder)
    round_.clusters.all().delete()  # suggestions only; proposals are untouched
    saved = []
    for cluster in clusters:
        topic = TopicCluster.objects.create(
            round=round_,
            label=cluster.label[:200],
            terms=cluster.terms,
            model_version=embedder.model_version,
            threshold=threshold,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        topic.proposals.set([by_key[k] for k in cluster.keys])
        saved.append(topic)
    log_change(
        user=user,
        action="round_clusters_save",
        obj=round_,
        changes={"clusters": [t.label for t in saved], "model_version": embedder.model_version},
    )
    return saved
