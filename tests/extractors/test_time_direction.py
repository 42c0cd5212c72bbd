"""Which way a bare weekday or month points, read from tense and modality (issue #15, item 5).

Reports are dated Tuesday 12 March 2024. Sentences are our own and fictional. A present-tense
schedule ("resume Friday", "is due Friday", "opens Monday"), "will", "is set to" and "plans to"
point forward; the past tense points back.
"""

from __future__ import annotations

from typing import Any

import pytest

from storyline.extractors.dates import dates
from storyline.records import Article

REF = "2024-03-12"  # a Tuesday


def _values(nlp: Any, text: str) -> dict[str, str]:
    article = Article(id="t", body=text)
    return {t.text: t.value for t in dates(nlp(text), article, REF) if t.value}


@pytest.mark.parametrize(
    ("sentence", "day", "value"),
    [
        # present-tense schedules
        ("Talks on the Velm canal resume Friday.", "Friday", "2024-03-15"),
        ("Negotiations with the Brask union resume Thursday.", "Thursday", "2024-03-14"),
        ("The new Halden bridge opens Monday.", "Monday", "2024-03-18"),
        ("The trial of the Corvel mayor begins Thursday.", "Thursday", "2024-03-14"),
        ("The first payment is due Friday.", "Friday", "2024-03-15"),
        ("The Tarn ferry leaves for Ostrel on Sunday.", "Sunday", "2024-03-17"),
        ("Officials expect a ruling Thursday.", "Thursday", "2024-03-14"),
        # modality
        ("The Lunor council will vote Thursday.", "Thursday", "2024-03-14"),
        ("The Pellan union is set to strike Saturday.", "Saturday", "2024-03-16"),
        ("Marl Mining plans to reopen the pit Wednesday.", "Wednesday", "2024-03-13"),
        ("The minister is scheduled to visit Varn on Friday.", "Friday", "2024-03-15"),
        ("The Kessa board is expected to decide Monday.", "Monday", "2024-03-18"),
        ("The ministers are to meet again Thursday.", "Thursday", "2024-03-14"),
        # past tense
        ("The Lunor council voted Thursday.", "Thursday", "2024-03-07"),
        ("Talks on the Velm canal resumed Friday.", "Friday", "2024-03-08"),
        ("The Halden bridge opened Monday.", "Monday", "2024-03-11"),
        ("The ferry sank off Ostrel on Sunday.", "Sunday", "2024-03-10"),
        ("The first payment was made Friday.", "Friday", "2024-03-08"),
        ("Police said Saturday that the road had reopened.", "Saturday", "2024-03-09"),
        # months
        ("The Brask election is scheduled for November.", "November", "2024-11"),
        ("The Brask mill closed in November.", "November", "2023-11"),
        ("The Corvel festival returns in August.", "August", "2024-08"),
    ],
)
def test_tense_and_modality_set_the_direction(nlp: Any, sentence: str, day: str, value: str) -> None:
    assert _values(nlp, sentence).get(day) == value


def test_a_past_report_of_a_coming_schedule_keeps_both_directions(nlp: Any) -> None:
    got = _values(nlp, "The Tarn mayor said Monday that talks resume Friday.")
    assert got.get("Monday") == "2024-03-11"
    assert got.get("Friday") == "2024-03-15"
