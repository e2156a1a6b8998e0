"""Matching over a real index built from the labelled set: relevance, explanations, filters."""

from datetime import date

import pytest

from benchmarks.matching import labelled, labelled_load, precision_at
from zhichan.assets.models import Patent
from zhichan.market import matching, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    search.forget()
    relevant = labelled_load()
    search.index_build(workers=1)
    yield relevant
    search.forget()


def test_labelled_demands_find_their_patents(index):
    found = precision_at(index)
    # Ten relevant patents per demand among 120: a broker's judgement, not the engine's output.
    assert found["mean"] >= 0.8, found
    assert min(v for k, v in found.items() if k != "mean") >= 0.6, found


def test_every_hit_says_which_words_matched_and_where(index):
    topic = labelled()["topics"][0]
    result = matching.match(topic["demand"]["text"])
    first = result.hits[0]
    assert first.reasons and all(r.score > 0 for r in first.reasons)
    assert sum(r.score for r in first.reasons) == pytest.approx(first.score, rel=1e-3)
    assert any("名称" in r.fields or "摘要" in r.fields for r in first.reasons)
    assert result.hits == sorted(result.hits, key=lambda h: -h.score)


def test_filters_narrow_the_results(index):
    text = "电池 散热 液冷板 热失控"
    by_ipc = matching.match(text, matching.Filters(ipc="H01M 10/65"))
    assert by_ipc.hits and all("H01M 10/65" in h.patent.ipc_codes for h in by_ipc.hits)
    lapsed = Patent.objects.get(pk=by_ipc.hits[0].patent.pk)
    Patent.objects.filter(pk=lapsed.pk).update(ended_on=date(2024, 1, 1))
    search.index_build(workers=1)
    ids = [h.patent.pk for h in matching.match(text, matching.Filters(ipc="H01M 10/65")).hits]
    assert lapsed.pk not in ids
    assert lapsed.pk in [
        h.patent.pk for h in matching.match(text, matching.Filters(status=matching.ANY), k=50).hits
    ]


def test_unknown_words_and_unbuilt_index(index, settings, tmp_path_factory):
    result = matching.match("量子纠缠通信卫星")
    assert result.hits == [] or all(r.word not in ("量子",) for h in result.hits for r in h.reasons)
    settings.VAR_DIR = tmp_path_factory.mktemp("empty")
    search.forget()
    assert matching.match("电池") is None
