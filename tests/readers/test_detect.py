"""Captions, credits, bylines and datelines split off the body (all texts fictional)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.readers.detect import split, split_credit


@pytest.mark.parametrize(
    ("text", "place", "outlet", "body"),
    [
        ("WASHINGTON (AP) — The Senate voted on Friday.", "Washington", "AP", "The Senate voted on Friday."),
        ("PHOENIX, Ariz. (AP) — A dust storm closed roads.", "Phoenix, Ariz.", "AP", "A dust storm closed roads."),
        ("(NewsNation) — Talks resumed on Monday.", None, "NewsNation", "Talks resumed on Monday."),
        ("Washington CNN \u00a0—\u00a0\n\nTalks resumed on Monday.", "Washington", "CNN", "Talks resumed on Monday."),
        ("MEXICO CITY (Reuters) - Officials met on Sunday.", "Mexico City", "Reuters", "Officials met on Sunday."),
        ("WASHINGTON — The House adjourned.", "Washington", None, "The House adjourned."),
        ("ST. LOUIS (AP) — A bridge reopened.", "St. Louis", "AP", "A bridge reopened."),
        ("PORT ELLIS, Carrow Province — Crews arrived.", "Port Ellis, Carrow Province", None, "Crews arrived."),
        ("KESSELBY, Nordland (Harbor Wire) — Talks ended.", "Kesselby, Nordland", "Harbor Wire", "Talks ended."),
        ("NORTH HAVEN (The Valley Ledger) — Rates held.", "North Haven", "The Valley Ledger", "Rates held."),
    ],
)
def test_dateline_lead_in_goes_to_dateline_and_outlet(text: str, place: str | None, outlet: str, body: str) -> None:
    parts = split(text)
    assert (parts.dateline, parts.outlet, parts.body) == (place, outlet, body)


@pytest.mark.parametrize(
    "text",
    [
        "Washington-based groups said the plan would fail.",
        "NATO — the alliance, that is — said little.",
        "The mayor said — again — that the pier stays closed.",
        "It was late (very late) — nobody came.",
    ],
)
def test_sentence_that_only_looks_like_a_dateline_is_kept(text: str) -> None:
    parts = split(text)
    assert (parts.dateline, parts.outlet, parts.body) == (None, None, text)


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        ("Boats wait at the pier. (AP Photo/Jane Roe)", "Boats wait at the pier.", "AP Photo/Jane Roe"),
        ("Boats wait. (AP Photo/Jane Roe, File)", "Boats wait.", "AP Photo/Jane Roe, File"),
        ("A crowd gathers in Gullport. REUTERS/Ana Reyes", "A crowd gathers in Gullport.", "REUTERS/Ana Reyes"),
        ("A crowd. REUTERS/Ana Reyes/File Photo", "A crowd.", "REUTERS/Ana Reyes/File Photo"),
        ("A man waves. Tom Bell/AFP via Getty Images", "A man waves.", "Tom Bell/AFP via Getty Images"),
        ("Cars queue. (Photo by Tom Bell/Getty Images)", "Cars queue.", "Photo by Tom Bell/Getty Images"),
        ("Photo: Tom Bell", "", "Tom Bell"),
        ("Crews at work, May 2, 2020. HARBOR WIRE/Tom Bell", "Crews at work, May 2, 2020.", "HARBOR WIRE/Tom Bell"),
        ("Beds in a gym. (Islands Radio/Sam Lee)", "Beds in a gym.", "Islands Radio/Sam Lee"),
        ("The council met on Tuesday.", "The council met on Tuesday.", None),
    ],
)
def test_photo_credit_is_split_from_its_caption(line: str, caption: str, credit: str | None) -> None:
    assert split_credit(line) == (caption, credit)


def test_caption_credit_is_not_part_of_body() -> None:
    text = (
        "Boats wait at the pier on Monday, March 3, 2019, in Pelican Point. (Gazette Photo/Ana Reyes)\n\n"
        "GULLPORT (Gazette) — The council approved a ferry line on Tuesday.\n\n"
        "A storm hit the pier last winter. REUTERS/Tom Bell\n\n"
        "The line opens in June."
    )
    parts = split(text)
    assert parts.body == "The council approved a ferry line on Tuesday.\n\nThe line opens in June."
    assert parts.captions == (
        "Boats wait at the pier on Monday, March 3, 2019, in Pelican Point.",
        "A storm hit the pier last winter.",
    )
    assert parts.credits == ("Gazette Photo/Ana Reyes", "REUTERS/Tom Bell")
    assert (parts.dateline, parts.outlet) == ("Gullport", "Gazette")


def test_credit_on_its_own_line_takes_the_line_above_as_caption() -> None:
    parts = split("Boats wait at the pier.\n(AP Photo/Jane Roe)\n\nThe council met on Tuesday.")
    assert (parts.captions, parts.credits, parts.body) == (
        ("Boats wait at the pier.",),
        ("AP Photo/Jane Roe",),
        "The council met on Tuesday.",
    )


def test_hard_wrapped_caption_goes_whole_to_captions() -> None:
    text = (
        "Boats wait at the pier on Monday, March 3, 2019, in Pelican Point, where the\n"
        "ferry line is to start in June. (Gazette Photo/Ana Reyes)\n\nThe council met on Tuesday."
    )
    parts = split(text)
    assert parts.captions == (
        "Boats wait at the pier on Monday, March 3, 2019, in Pelican Point, where the ferry line is to start in June.",
    )
    assert (parts.credits, parts.body) == (("Gazette Photo/Ana Reyes",), "The council met on Tuesday.")


def test_byline_goes_to_author() -> None:
    parts = split("By Mira Tolland\n\nGULLPORT — The council met on Tuesday.")
    assert (parts.author, parts.dateline, parts.body) == ("Mira Tolland", "Gullport", "The council met on Tuesday.")


def test_unicode_spaces_become_plain_spaces_and_zero_width_marks_go() -> None:
    assert split("The\u00a0council\u202fmet\u200b on  Tuesday.").body == "The council met on Tuesday."


def test_hard_wrapped_block_becomes_one_paragraph() -> None:
    text = (
        "The harbor council voted on Tuesday to approve a new ferry line between\n"
        "Gullport and the outer islands, officials said after a long meeting that\n"
        "ran past midnight.\n\nThe line opens in June."
    )
    assert split(text).body == (
        "The harbor council voted on Tuesday to approve a new ferry line between Gullport and the outer islands, "
        "officials said after a long meeting that ran past midnight.\n\nThe line opens in June."
    )


def test_one_paragraph_per_line_when_lines_are_not_wrapped() -> None:
    second = "It approved the ferry line after a debate that ran well past midnight, members said."
    assert split(f"The council met on Tuesday.\n{second}").body == f"The council met on Tuesday.\n\n{second}"


def test_split_is_deterministic() -> None:
    text = "Boats wait. (AP Photo/Jane Roe)\nWASHINGTON (AP) — The council met.\n\nIt voted."
    assert split(text) == split(text)


@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(
                [
                    "WASHINGTON (AP) — ",
                    "(AP Photo/Jane Roe)",
                    "REUTERS/Tom Bell",
                    "By Jane Roe",
                    "\u00a0—\u00a0",
                    "\n\n",
                    "\n",
                    "The council met.",
                ]
            ),
        ),
        max_size=12,
    )
)
def test_split_never_fails_and_gives_a_tidy_body(pieces: list[str]) -> None:
    parts = split("".join(pieces))
    assert parts.body == parts.body.strip()
    assert "\n\n\n" not in parts.body
    assert all(line == " ".join(line.split()) for line in parts.body.split("\n\n"))
    if parts.body:
        assert "" not in parts.body.split("\n\n")
    assert split("".join(pieces)) == parts
