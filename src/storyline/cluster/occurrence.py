"""Hard evidence that two reports tell of different occurrences (issue #14): final scores.

Two games of one team or league share the arena, the players and the league's words, so the
similarity and the pair model join them. A final score is a plain fact of one game: two reports
that each state final scores and share none are of different games. A score counts only in the
opening lines (the game a report is about; later scores are earlier games, other results), next
to a result word ("won 4-2", "beat Kessing 2-0", "a 3-1 victory", "drew 1-1"), not next to a vote
or ruling word ("won the 2-1 vote", "a 5-4 ruling"), not as a season's record ("the Colts (11-4)",
"are 7-7") and not as part of a date, a phone number or a range ("5-10 years"). A half-time score
("led 1-0 at the break") has no result word: not read. On ECB+ train topics (measured with
``benchmarks/bench_scorelines.py``) reading every score in the text vetoed 22 pairs of one gold
story (injury reports naming past games, roundups, records); the lede and the record rule: 0.
"""

from __future__ import annotations

import re

_SCORE = re.compile(r"(?<![\w.,:/–—-])(\d{1,3}) ?[-–—] ?(\d{1,3})(?![\w.,:/–—-]?\d)(?!\s*[-–—])")
_TOKEN = re.compile(r"[^\W\d_]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# a result word: a verb of winning, losing or drawing a game, or the noun of its outcome
_RESULT = _words(
    "won win wins beat beats beaten beating lost lose loses losing drew draw draws drawn defeated "
    "defeat defeats defeating victory victories triumph thrashed thrashing routed rout edged edging "
    "downed hammered crushed stunned upset eliminated loss losses"
)
# ...but next to these words the numbers are a count of votes, judges or seats, not a score
_NOT_GAME = _words(
    "vote votes voted voting ballot ballots ruling ruled rule decision decisions verdict majority "
    "margin jury court justices judges judge senate senators council councillors committee panel "
    "board seats poll polls election referendum split"
)
# ...and followed by a unit they are a range ("5-10 years")
_UNIT = re.compile(
    r"\s*(?:%|per ?cent|percent|years?|months?|weeks?|days?|hours?|minutes?|mins?|seconds?|times|"
    r"people|points?|kg|km|miles?|metres?|meters?|feet|inches|degrees?|million|billion|[ap]\.?m\b)",
    re.I,
)
# ...and after "(", "is", "to" a season's record: "the Colts (11-4)", "are 7-7", "moved to 9-0"
_RECORD = re.compile(r"(?:\([^()]*|\b(?:is|are|was|were|to|at|record|of)\s*)$", re.I)
LEDE = 500  # the game a report is about is scored in its opening lines; later ones are other games
BEFORE = 6  # words back from the score a result verb may stand ("beat the Fenwick Rovers 2-0")
AFTER = 2  # words on ("a 3-1 victory", "2-0 win over")


def final_scores(text: str) -> frozenset[str]:
    """The final scores ``text`` states, each as "high-low" ("2-0" for "lost 0-2" too)."""
    out: set[str] = set()
    for m in _SCORE.finditer(text, 0, LEDE):
        if _UNIT.match(text, m.end()) or _RECORD.search(text, max(0, m.start() - 30), m.start()):
            continue
        before = _TOKEN.findall(text[max(0, m.start() - 80) : m.start()].lower())[-BEFORE:]
        after = _TOKEN.findall(text[m.end() : m.end() + 40].lower())[:AFTER]
        near = set(before) | set(after)
        if near & _RESULT and not near & _NOT_GAME:
            a, b = int(m.group(1)), int(m.group(2))
            out.add(f"{max(a, b)}-{min(a, b)}")
    return frozenset(out)


def conflict(a: frozenset[str], b: frozenset[str]) -> str | None:
    """Why reports stating final scores ``a`` and ``b`` are of different games, or None (when
    either states none, or they share one)."""
    if not a or not b or a & b:
        return None
    return f"different final scores: {', '.join(sorted(a))} vs {', '.join(sorted(b))}"
