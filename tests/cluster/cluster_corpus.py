"""Short FICTIONAL reports written for these tests (no real outlet text): distractors, a wire
report and its copy, two earthquakes of the same kind a year apart."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from storyline.records import Article, Facts
from storyline.store import Store

Ingest = Callable[..., dict[str, str]]  # the `add` fixture: ingest named texts, get their ids

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

BORDER_CANADA = """date 2024-03-14
title Canada and US agree new truck inspection rules at Detroit crossing
outlet Lakeside Ledger
Canadian and American customs officials agreed on Thursday to share truck inspection data at the
Ambassador Bridge between Windsor and Detroit, Transport Minister Claire Dubois said.
The pilot program begins in May and covers 4,000 trucks a day, Dubois told reporters in Ottawa.
Trucking groups in Ontario welcomed the plan, which they said would cut waiting times at the bridge.
"""

ECONOMY = """date 2024-02-02
title Central bank of Norland holds rates at 4.5 percent
outlet Harbor Business Daily
The Bank of Norland kept its benchmark interest rate at 4.5 percent on Friday, saying inflation
had slowed to 3.1 percent in January but wage growth remained strong.
Governor Ilse Varga said the bank would cut rates only when price growth approached its 2 percent
target. Bond yields fell after the decision and the krona weakened against the euro.
"""

WIRE = """date 2024-04-09
title Ferry strike halts crossings to Velmar islands
outlet Coastal Wire Service
Ferry workers on the Velmar islands walked off the job on Tuesday, halting all crossings to the
mainland for the first time in twelve years, the Velmar Seafarers Union said.
The union is demanding a 9 percent pay rise and new safety rules after a crew member was injured
in February. Ferry operator BlueTide Lines called the strike illegal and said it would seek a court
order to end it. Around 6,000 islanders commute to the mainland each day, local officials said.
Shops on the largest island, Oster, reported shortages of fresh milk by Tuesday afternoon.
Talks between the union and BlueTide are due to resume on Thursday in Port Andel.
"""

WIRE_COPY = """date 2024-04-09
title Islands cut off as ferry crews strike
outlet Island Evening Post
Ferry workers on the Velmar islands walked off the job on Tuesday, halting all crossings to the
mainland for the first time in twelve years, the Velmar Seafarers Union said.
The union is demanding a 9 percent pay increase and new safety rules after a crew member was hurt
in February. Ferry operator BlueTide Lines called the strike illegal and said it would seek a court
order to end it. Around 6,000 islanders commute to the mainland each day, local officials said.
Shops on the largest island, Oster, reported shortages of fresh milk by Tuesday afternoon.
Talks between the union and BlueTide are due to resume on Thursday in Port Andel.
Our reporter at the Oster harbour saw long queues of stranded travellers.
"""

QUAKE_A = """date 2023-02-10
title Magnitude 6.1 earthquake strikes Corvala province
outlet Mountain Times
A magnitude 6.1 earthquake struck Corvala province early on Friday, killing at least 14 people and
damaging hundreds of homes in the town of San Telmo, the national seismology institute said.
Rescue teams searched collapsed buildings in San Telmo through the night. Governor Raul Medina
declared three days of mourning and asked the army for tents and water.
"""

QUAKE_A2 = """date 2023-02-11
title Death toll rises to 19 after Corvala quake
outlet Valley Herald
The death toll from Friday's magnitude 6.1 earthquake in Corvala province rose to 19 on Saturday,
Governor Raul Medina said, as rescue teams in San Telmo pulled two survivors from the rubble.
Aftershocks shook the town overnight and many families slept outdoors in tents sent by the army.
"""

QUAKE_B = """date 2024-06-03
title Magnitude 5.8 earthquake hits Ardenne valley
outlet Mountain Times
A magnitude 5.8 earthquake hit the Ardenne valley on Monday, killing 6 people in the village of
Lorsbach and cutting power to 20,000 homes, emergency services said.
Rescue teams searched collapsed farm buildings near Lorsbach. Mayor Anke Hollweg asked residents to
stay outdoors because of aftershocks.
"""


def write(folder: Path, texts: dict[str, str]) -> list[str]:
    """Write each text as ``<name>.txt`` in ``folder``; the paths, in the given order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in texts.items():
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def groups(store: Store) -> set[frozenset[str]]:
    return {frozenset(row.articles) for row in store.stories(limit=10_000)}


def assign_then_regroup(store: Store, stored: Mapping[str, tuple[Article, Facts]], keys: Sequence[str]) -> None:
    """Store each of ``keys``'s article and facts and ``assign`` it, one by one, then regroup them
    as ingest does after a batch."""
    from storyline.cluster.regroup import regroup
    from storyline.cluster.stories import assign
    from storyline.options import Options

    for key in keys:
        article, facts = stored[key]
        store.add_article(article)
        store.put_facts(facts, "test")
        assign(store, store.article(key), Options())
    regroup(store, list(keys), Options())
