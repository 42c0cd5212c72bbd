"""Event evidence in a week of news (issue #14): two games of one team days apart stay two stories;
one development told over several days stays one; a large story keeps every member; a roundup that
names two events does not chain them into one story. Checked after ingest and after ``recluster``.

The reports are FICTIONAL, written for these tests (invented teams, towns and people)."""

from __future__ import annotations

from itertools import combinations

import pytest
from cluster_corpus import Ingest

from storyline.cluster.stories import recluster
from storyline.options import Options
from storyline.store import Store

# one team, two games three days apart: same names, same arena, other opponent, other score
GAMES = {
    "game_one-1": """date 2025-10-04
title Rovers beat Kessing 2-0 at Lantern Park
outlet Fenwick Gazette
The Fenwick Rovers beat Kessing United 2-0 at Lantern Park on Saturday. Striker Mara Oduya scored
both goals, a header after twenty minutes and a penalty late in the second half, and goalkeeper
Tobin Hale kept a clean sheet. Kessing finished with ten men after a red card for their captain.
""",
    "game_one-2": """date 2025-10-05
title Oduya double sinks ten-man Kessing
outlet Kessing Chronicle
Mara Oduya scored twice as Fenwick Rovers won 2-0 against Kessing United, whose captain was sent
off before the penalty that sealed it. Kessing manager Ilan Brisk said the red card decided the
afternoon at Lantern Park and that his side would appeal the ban.
""",
    "game_two-1": """date 2025-10-07
title Rovers held 1-1 by Arlow Town at Lantern Park
outlet Fenwick Gazette
The Fenwick Rovers drew 1-1 with Arlow Town at Lantern Park on Tuesday night. Mara Oduya put the
Rovers ahead from a corner, but Arlow's Seb Grantham levelled with a free kick in the last minute,
and goalkeeper Tobin Hale could only watch it curl in. The Rovers stay second in the table.
""",
}

# one development over a week: a storm forecast, its landfall, the clean-up
STORM = {
    "storm-1": """date 2025-09-15
title Storm Hesper expected to reach Calder coast on Wednesday
outlet Calder Coast Radio
Forecasters at the Calder Weather Office said Storm Hesper would make landfall near Port Wensley
on Wednesday with gusts of up to 140 kilometres an hour. Schools in Port Wensley and Aldmouth
will close, and the coastguard told fishing crews to stay in harbour until Thursday.
""",
    "storm-2": """date 2025-09-17
title Storm Hesper floods Port Wensley harbour front
outlet Aldmouth Echo
Storm Hesper came ashore near Port Wensley on Wednesday, flooding the harbour front and cutting
power to 30,000 homes across the Calder coast. Gusts reached 138 kilometres an hour at Aldmouth,
the Calder Weather Office said. Two fishing boats broke their moorings; nobody was hurt.
""",
    "storm-3": """date 2025-09-19
title Clean-up begins after Storm Hesper
outlet Calder Coast Radio
Volunteers cleared mud from the harbour front in Port Wensley on Friday, two days after Storm
Hesper flooded it. Power has returned to most of the 30,000 homes cut off on the Calder coast,
and the council of Aldmouth asked for emergency funds to repair the sea wall.
""",
}

# a roundup that names two events, each with reports of its own: the roundup may join either
# event, but the two events never end up in one story through it
CHAIN = {
    "mine_rescue-1": """date 2025-06-02
title Twelve miners freed after two days underground at Brenholt
outlet Northfield Post
Rescuers freed twelve miners trapped by a rock fall at the Brenholt copper mine on Monday, after
two days underground. All twelve were taken to the hospital in Saltery with minor injuries, the
mine's operator Greystone Metals said. A collapsed ventilation shaft had blocked the exit.
""",
    "mine_rescue-2": """date 2025-06-02
title Brenholt miners rescued as shaft is cleared
outlet Saltery Herald
The twelve copper miners trapped at Brenholt walked out on Monday when rescue teams cleared the
collapsed ventilation shaft that had blocked them in since Saturday. Greystone Metals said the men
were treated in Saltery for bruises and dehydration.
""",
    "rail_vote-1": """date 2025-06-03
title Saltery council votes to reopen Brenholt rail line
outlet Saltery Herald
Saltery's council voted 14 to 3 on Tuesday to reopen the disused rail line to Brenholt, closed
since 1998, with passenger trains due from 2027. Mayor Ines Corvel said the 40 million crown
plan would bring commuters back to the valley towns.
""",
    "rail_vote-2": """date 2025-06-03
title Brenholt line to carry passengers again from 2027
outlet Northfield Post
Passenger trains will run to Brenholt again from 2027 after Saltery councillors backed the
reopening of the line by 14 votes to 3. Mayor Ines Corvel called the 40 million crown plan the
valley's best news since the line closed in 1998.
""",
    "roundup-1": """date 2025-06-04
title Valley week: miners freed, trains to return
outlet Valley Weekly
A week of news in the valley: twelve miners trapped at the Brenholt copper mine were freed on
Monday after rescuers cleared a collapsed shaft, and on Tuesday Saltery's council voted to reopen
the rail line to Brenholt, closed since 1998, for passenger trains from 2027.
""",
}

_FACTS = [
    "The Varnholm dam on the Keld river gave way before dawn on {day}, flooding the lower town of Essry.",
    "Mayor Odile Prasser said {n} families had been moved to the Essry sports hall overnight.",
    "Engineers of the Keld Water Board had warned in spring that the Varnholm dam wall was cracking.",
    "Army boats carried elderly residents of Essry from their roofs, the regional governor said.",
    "The Keld river rose three metres in an hour after the Varnholm dam failed, witnesses told {outlet}.",
    "Rail traffic between Essry and Morrow was halted because the Keld bridge was under water.",
    "Water Board chief Lucan Dray said the Varnholm reservoir had been at its highest level in years.",
    "Farmers below the Varnholm dam lost livestock as the Keld flood spread across the valley.",
    "The Essry hospital moved its patients to Morrow as water reached its ground floor.",
    "Insurers in Essry said the damage from the Varnholm flood would run to hundreds of millions.",
]


def _dam_report(k: int) -> str:
    """One of the dam-failure reports: five of the ten facts, in an order of its own."""
    outlet = f"Keld Valley Outlet {k}"
    picks = [_FACTS[(k + 3 * j) % len(_FACTS)] for j in range(5)]
    body = " ".join(p.format(day="Sunday", n=140 + k, outlet=outlet) for p in picks)
    return f"date 2025-04-{13 + k % 3:02d}\ntitle Varnholm dam failure floods Essry ({k})\noutlet {outlet}\n{body}\n"


DAM = {f"dam-{k}": _dam_report(k) for k in range(len(_FACTS))}


def _gold(key: str) -> str:
    return key.rsplit("-", 1)[0]


def _wrong_and_missed(store: Store, ids: dict[str, str], lenient: frozenset[str] = frozenset()) -> tuple[set, set]:
    """(pairs of different stories put together, pairs of one story left apart); pairs with a
    ``lenient`` member (a roundup, which may join either event) are not scored."""
    wrong, missed = set(), set()
    for a, b in combinations(sorted(ids), 2):
        if a in lenient or b in lenient:
            continue
        together = store.story_of(ids[a]) == store.story_of(ids[b])
        if together and _gold(a) != _gold(b):
            wrong.add((a, b))
        if not together and _gold(a) == _gold(b):
            missed.add((a, b))
    return wrong, missed


def _check(store: Store, ids: dict[str, str], options: Options, lenient: frozenset[str] = frozenset()) -> None:
    assert _wrong_and_missed(store, ids, lenient) == (set(), set())
    recluster(store, options)
    assert _wrong_and_missed(store, ids, lenient) == (set(), set())


# kept apart by the stated final scores (occurrence, stories-13) and the lede numbers in the pair model (stories-14)
@pytest.mark.parametrize("batch_size", [1, 32])
def test_two_games_of_one_team_days_apart_stay_apart(
    store: Store, add: Ingest, options: Options, batch_size: int
) -> None:
    _check(store, add(GAMES, batch_size=batch_size), options)


@pytest.mark.parametrize("batch_size", [1, 32])
def test_one_development_over_several_days_stays_one_story(
    store: Store, add: Ingest, options: Options, batch_size: int
) -> None:
    _check(store, add(STORM, batch_size=batch_size), options)


def test_a_large_story_keeps_every_member(store: Store, add: Ingest, options: Options) -> None:
    ids = add(DAM | STORM)
    assert len({store.story_of(ids[k]) for k in DAM}) == 1
    _check(store, ids, options)


@pytest.mark.parametrize("batch_size", [1, 32])
def test_a_roundup_of_two_events_does_not_chain_them(
    store: Store, add: Ingest, options: Options, batch_size: int
) -> None:
    _check(store, add(CHAIN, batch_size=batch_size), options, lenient=frozenset({"roundup-1"}))
