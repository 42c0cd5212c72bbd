"""Days between publication weigh against one event (``pairs.in_time``, issue #14).

The reports are FICTIONAL, written for this test: one city's transit levy, its council vote told
twice, and three weeks later a court challenge to it, told with the same people and places."""

from __future__ import annotations

import pytest
from cluster_corpus import Ingest

from storyline.cluster import pairs
from storyline.cluster.corpus import Doc, Names
from storyline.cluster.features import features
from storyline.records import Article
from storyline.store import Store

VOTE = """date 2025-05-06
title Brennock council approves transit levy of 0.4 percent
outlet Brennock Standard
Brennock city council approved a transit levy of 0.4 percent on Tuesday by a vote of 9 to 4,
Mayor Oona Feld said. The levy will pay for the Harrow Line tram extension to Quarry Gate and
36 new buses. Councillor Dev Amsel, who led the opposition, said shop owners on Mill Street would
carry most of the cost.
"""

VOTE_AGAIN = """date {day}
title Tram extension funded as Brennock backs 0.4 percent levy
outlet Harrow Valley News
The Harrow Line will reach Quarry Gate after Brennock's council voted 9 to 4 for a 0.4 percent
transit levy, Mayor Oona Feld told reporters. The money also buys 36 buses. Dev Amsel, the
councillor who fought the levy, warned that Mill Street shop owners would pay most of it.
"""

CHALLENGE = """date {day}
title Shop owners take Brennock transit levy to court
outlet Harrow Valley News
Councillor Dev Amsel and a group of Mill Street shop owners asked the Brennock district court on
Tuesday to strike down the city's transit levy, saying the council broke its own rules on notice
before the vote. Judge Maren Tolle set a first hearing for July. Mayor Oona Feld said the city
would defend the levy.
"""


def _features(day: str | None) -> pairs.Features:
    return features(Article(id=f"a-{day}", body="Mayor Oona Feld spoke in Brennock.", published=day))


def test_days_apart_needs_both_publication_days() -> None:
    a, b = _features("2025-05-06"), _features("2025-05-27")
    assert pairs.days_apart(a, b) == pairs.days_apart(b, a) == 21
    assert pairs.days_apart(a, _features(None)) is None
    # a date read from the text (a dateline) is no publication day
    dated = features(Article(id="d", body="BRENNOCK, May 27, 2025 - Mayor Oona Feld spoke."))
    assert dated.date == "2025-05-27" and not dated.published
    assert pairs.days_apart(a, dated) is None


def test_in_time_only_lowers_and_only_beyond_a_few_days() -> None:
    after, weight = pairs.time_prior()
    assert weight > 0 and after >= 1
    for p in (0.3, 0.7, 0.95, 0.999):
        assert pairs.in_time(p, None) == p
        assert pairs.in_time(p, 0) == p
        assert pairs.in_time(p, after) == p
        lowered = [pairs.in_time(p, after + d) for d in (1, 7, 30, 300)]
        assert all(q < p for q in lowered)
        assert lowered == sorted(lowered, reverse=True)
    assert pairs.in_time(0.95, after + 18) < 0.5  # weeks apart: not one event on the text alone


def test_publication_flag_survives_the_recluster_record() -> None:
    f = _features("2025-05-06")
    assert f.published
    article = Article(id=f.article, body="Mayor Oona Feld spoke in Brennock.", published="2025-05-06")
    names = Names()
    doc = Doc.of(article, f, names)
    assert doc.counts().published and doc.features(names).published
    assert not Doc.of(article, _features(None), names).counts().published


def test_spark_rows_carry_the_publication_flag() -> None:
    storywork = pytest.importorskip("storyline.spark.storywork")
    article = Article(id="s", body=VOTE, published="2025-05-06")
    row = storywork.article_row(article)
    assert row["published"] is True
    assert storywork.features_of(row).published
    assert not storywork.features_of(storywork.article_row(article.replace(published=None))).published


def test_one_vote_told_twice_joins_the_next_day_and_weeks_later(store: Store, add: Ingest) -> None:
    ids = add({"vote": VOTE, "again": VOTE_AGAIN.format(day="2025-05-07")})
    assert store.story_of(ids["vote"]) == store.story_of(ids["again"])
    # a retelling of the same vote weeks on: its words alone are decisive (p is lowered, not zeroed)
    retold = VOTE_AGAIN.format(day="2025-05-27") + "The council's vote was reported here first in May.\n"
    late = add({"late": retold.replace("Harrow Valley News", "Mill Street Weekly")})
    assert store.story_of(late["late"]) == store.story_of(ids["vote"])


def test_another_step_of_the_matter_weeks_later_stays_apart(store: Store, add: Ingest) -> None:
    ids = add({"vote": VOTE, "court": CHALLENGE.format(day="2025-05-27")})
    assert store.story_of(ids["vote"]) != store.story_of(ids["court"])
    # the text alone holds them as one event: only the days between them kept them apart
    (fa, va), (fb, vb) = _vectors(store, ids["vote"]), _vectors(store, ids["court"])
    assert pairs.text_probability(fa, fb, va, vb) >= 0.7
    assert pairs.probability(fa, fb, va, vb) < 0.3
    # linked as the same matter, and the link says what kept them apart
    from storyline.cluster.doubt import Members, doubt
    from storyline.cluster.related import related

    vote, court = store.story_of(ids["vote"]), store.story_of(ids["court"])
    assert vote and court and court in dict(related(store, vote))
    said = doubt(Members(store), vote, court)
    assert said is not None and said.differs[0] == "published 21 days apart" and "published 21 days apart" in said.why


def _vectors(store: Store, article: str) -> tuple[pairs.Features, pairs.Vector]:
    from storyline.cluster.state import member_features, vector

    _, f = member_features(store, article)
    return f, vector(store, f)


def _season(day: str | None, also: str = "") -> pairs.Features:
    body = f"Mayor Oona Feld said the 2025 budget of Brennock was settled{also}."
    return features(Article(id=f"s-{day}-{also}", body=body, published=day))


def test_the_year_both_were_published_in_is_no_shared_year() -> None:
    years_shared = pairs.FEATURES.index("years_shared")

    def shared(a: pairs.Features, b: pairs.Features) -> float:
        return pairs.pair_features(a, b, {}, {})[years_shared]

    # two reports of one season both name its year: nothing shared but the calendar
    assert shared(_season("2025-05-06"), _season("2025-05-07")) == 0.0
    # a year read in undated reports (ECB+, a pasted text) still counts, as the model learnt it
    assert shared(_season(None), _season(None)) == 1.0
    assert shared(_season("2025-05-06"), _season(None)) == 1.0
    # another year both name counts whatever their days
    also = ", as in 2019"
    assert shared(_season("2025-05-06", also), _season("2025-05-07", also)) == 1.0


TOWN_HALL = """date 2026-03-02
title Marrow courts farm vote at Ellery town hall
outlet Plains Courier
Governor candidate Ilse Marrow told a town hall in Ellery on Monday that she would cut the state fuel
tax for farms by half if elected in 2026. Marrow, a Liberal, took questions for two hours; her rival
Tobin Vask of the Union Party has called the cut unaffordable. About 300 people came.
"""

DEBATE = """date 2026-03-03
title Vask and Marrow clash over schools in first debate
outlet Capital Ledger
Tobin Vask and Ilse Marrow met on Tuesday night in Halden for the first debate of the 2026 race for
governor. Vask, of the Union Party, said Marrow's school plan would raise property taxes; Marrow, a
Liberal, said Vask had cut teacher pay as a senator. The two meet again in April.
"""


@pytest.mark.xfail(
    strict=True,
    reason="known (stories-24): two events of one campaign a day apart, the same two candidates and "
    "parties named in both, are held at p ~0.9 by the pair model (other places, other weekdays, "
    "other actions weigh too little); a store of the two alone makes them one story",
)
def test_two_events_of_one_campaign_a_day_apart_stay_apart(store: Store, add: Ingest) -> None:
    # FICTIONAL: a candidate's town hall on a Monday and the first debate of the same two candidates
    # the next evening in another town
    ids = add({"hall": TOWN_HALL, "debate": DEBATE})
    assert store.story_of(ids["hall"]) != store.story_of(ids["debate"])
