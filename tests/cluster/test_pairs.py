"""The same-event pair model's lede-number and lede-weekday features (``cluster.pairs``) and how ``Features.lead``
travels through ``recluster``'s records and Spark's rows.

The reports are FICTIONAL, written for these tests (invented teams, towns and people)."""

from __future__ import annotations

from collections import Counter

from storyline.cluster.corpus import Doc, Names
from storyline.cluster.features import LEAD_CHARS, features, term_hash
from storyline.cluster.pairs import FEATURES, _lead, model, pair_features
from storyline.cluster.vectors import weigh
from storyline.records import Article
from storyline.spark.storywork import article_row, features_of


def _article(key: str, body: str, title: str = "") -> Article:
    return Article(id=key, body=body, title=title or None, content_hash=key)


WIN = _article(
    "win",
    "The Fenwick Rovers beat Kessing United 3-1 at Lantern Park on Saturday in front of 12,400 fans. "
    "Striker Mara Oduya scored twice and the visitors finished with ten men.",
)
DRAW = _article(
    "draw",
    "The Fenwick Rovers drew 2-2 with Arlow Town at Lantern Park on Tuesday in front of 9,800 fans. "
    "Striker Mara Oduya scored once and the visitors held on late.",
)
WIN_AGAIN = _article(
    "win-again",
    "Mara Oduya scored twice as the Fenwick Rovers won 3-1 against Kessing United at Lantern Park, "
    "where the visitors finished with ten men.",
)
NO_NUMBERS = _article(
    "no-numbers",
    "The Fenwick Rovers beat Kessing United at Lantern Park on Saturday. Striker Mara Oduya scored "
    "twice and the visitors finished with ten men.",
)


def _vector(a: Article, b: Article) -> list[float]:
    """The pair model's input for two articles, weighed with their own document frequencies."""
    fa, fb = features(a), features(b)
    df: Counter[int] = Counter()
    for f in (fa, fb):
        df.update(set(f.words) | set(f.specifics))
    return pair_features(fa, fb, weigh(fa, df, 2), weigh(fb, df, 2))


def _pair(a: Article, b: Article) -> dict[str, float]:
    return dict(zip(FEATURES, _vector(a, b), strict=True))


def test_lead_holds_the_ledes_numbers_single_digits_too_years_and_words() -> None:
    body = "Rovers won 3-1 in 2025 before 12,400 fans at Lantern Park. " + "More words follow here. " * 30
    body += "Late figure 77 in 2019 at Arlow."
    assert len(body) > LEAD_CHARS
    numbers, years, words = _lead(features(_article("a", body)))
    assert numbers == {term_hash("n:3"), term_hash("n:1"), term_hash("n:12400")}
    assert years == {term_hash("y:2025")}
    assert {term_hash("w:won"), term_hash("w:fans"), term_hash("w:lantern")} <= words
    assert term_hash("w:late") not in words
    assert term_hash("p:lantern") not in features(_article("a", body)).lead


def test_other_scores_in_both_ledes_are_a_conflict() -> None:
    x = _pair(WIN, DRAW)
    assert x["lead_numbers_conflict"] == 1.0
    assert x["lead_numbers_shared"] == 0.0


def test_one_score_in_both_ledes_is_shared_and_no_conflict() -> None:
    x = _pair(WIN, WIN_AGAIN)
    assert x["lead_numbers_conflict"] == 0.0
    assert x["lead_numbers_shared"] == 1.0


def test_a_lede_without_numbers_is_no_conflict() -> None:
    x = _pair(WIN, NO_NUMBERS)
    assert x["lead_numbers_conflict"] == 0.0
    assert x["lead_numbers_shared"] == 0.0


def test_the_model_reads_other_lede_numbers_as_evidence_against_one_event() -> None:
    x = _vector(WIN, DRAW)
    k = FEATURES.index("lead_numbers_conflict")
    without = [*x[:k], 0.0, *x[k + 1 :]]
    assert model().probability(x) < model().probability(without)


# FICTIONAL arrests of two players of one club: the ledes name other days, or the same day
SUNDAY = _article(
    "sunday",
    "Harts winger Edda Sorvik was arrested early on Sunday on suspicion of drunk driving on the "
    "Corran ring road, Tallon police said.",
)
SUNDAY_AGAIN = _article(
    "sunday-again",
    "Police in Tallon charged Edda Sorvik with driving under the influence after a stop on the ring "
    "road in the early hours of Sunday.",
)
THURSDAY = _article(
    "thursday",
    "Harts goaltender Pell Anand was arrested late on Thursday on suspicion of drunk driving on the "
    "Corran ring road, Tallon police said.",
)
NO_DAY = _article(
    "no-day",
    "Harts goaltender Pell Anand was arrested on suspicion of drunk driving on the Corran ring road, "
    "Tallon police said.",
)


def test_ledes_naming_other_weekdays_are_a_conflict() -> None:
    assert _pair(SUNDAY, THURSDAY)["lead_weekday_conflict"] == 1.0


def test_one_weekday_or_a_lede_without_one_is_no_conflict() -> None:
    assert _pair(SUNDAY, SUNDAY_AGAIN)["lead_weekday_conflict"] == 0.0
    assert _pair(SUNDAY, NO_DAY)["lead_weekday_conflict"] == 0.0


def test_a_weekday_past_the_lede_is_no_conflict() -> None:
    later = _article("later", NO_DAY.body + " More words follow here." * 20 + " He is due in court on Friday.")
    assert _pair(SUNDAY, later)["lead_weekday_conflict"] == 0.0


def test_the_model_reads_other_lede_weekdays_as_evidence_against_one_event() -> None:
    x = _vector(SUNDAY, THURSDAY)
    k = FEATURES.index("lead_weekday_conflict")
    assert x[k] == 1.0
    assert model().probability(x) < model().probability([*x[:k], 0.0, *x[k + 1 :]])


def test_lead_survives_recluster_records_and_spark_rows() -> None:
    f = features(WIN)
    assert f.lead
    names = Names()
    doc = Doc.of(WIN, f, names)
    assert doc.features(names).lead == f.lead
    assert doc.counts().lead == f.lead
    assert features_of(article_row(WIN)).lead == f.lead
