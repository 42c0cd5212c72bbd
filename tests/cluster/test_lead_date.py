"""The date a report is about, read from its opening lines (fictional datelines)."""

import pytest

from storyline.cluster.features import lead_date


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("BRAMLEY, March 8, 2013 - The ferry left late.", "2013-03-08"),
        ("BRAMLEY, 8 March 2013 - The ferry left late.", "2013-03-08"),
        ("Posted 2013-03-08 by the desk. The ferry left late.", "2013-03-08"),
        ("Posted 23/08/2013. The ferry left late.", "2013-08-23"),  # only a day can be 23: day first
        ("Posted 08/23/2013. The ferry left late.", "2013-08-23"),  # month first
        ("Posted 03/08/2013. The ferry left late.", None),  # March 8 or 3 August: no date
        ("Posted 13/13/2013. The ferry left late.", None),
    ],
)
def test_a_dateline_is_read_and_an_ambiguous_one_is_not(text: str, want: str | None) -> None:
    assert lead_date(text) == want


def test_an_ambiguous_slash_date_leaves_the_next_date_to_be_read() -> None:
    text = "Updated 03/08/2013. BRAMLEY, March 8, 2013 - The ferry left late."
    assert lead_date(text) == "2013-03-08"
