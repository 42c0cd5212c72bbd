"""Cue-verb lexicon for attribution: verbs of saying, and of stating a belief or finding.

Lemmas, as spaCy's lemmatizer gives them. A verb from SPEECH attributes a direct quote next to it;
a verb from SPEECH or BELIEF attributes a clause it governs (``X said (that) …``, ``X thinks …``).
Verbs whose precision on PolNeAR train was below a quarter (support, want, believe, know, …) are
left out on purpose.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SPEECH = _words(
    """
    accuse acknowledge add admit advise agree allege announce answer argue ask assert assure begin
    blame boast brag call caution chant charge claim clarify complain concede conclude concur
    confirm contend continue counter criticise criticize cry declare decry demand deny describe
    disagree dispute e-mail elaborate email emphasise emphasize estimate exclaim explain finish
    forecast guarantee hail hint imply indicate inform insist interject joke lament laugh maintain
    mention muse note notify object observe pitch plead pledge point post praise predict proclaim
    project promise propose protest question quip reassure rebut recall recommend recount reiterate
    remark repeat reply report respond retort retweet reveal say scream shout sigh signal specify
    speculate state stress suggest summarise summarize tell testify text threaten tout tweet urge
    vow warn whisper wonder write yell
    """
)

BELIEF = _words(
    """
    assume bet conclude consider decide demonstrate determine discover doubt expect fear feel figure
    find guess hope imagine learn presume prove realise realize reckon recognise recognize show
    suppose suspect think trust understand wish worry
    """
)

CUES = SPEECH | BELIEF

# Verbs that take a clause only through "to": "urged Congress to act", "vowed to fight".
XCOMP_CUES = _words(
    """
    ask call demand plan pledge promise threaten urge vow want warn
    """
)

# Verbs whose object (and "of"/"for" phrase) is what is attributed: "accused X of Y", "called for X".
OBJECT_CUES = _words(
    """
    accuse acknowledge admit announce applaud attack blame challenge cite claim complain concede
    condemn confirm criticise criticize decry defend demand denounce deny describe dismiss dispute
    endorse mention oppose point praise predict propose question recommend recount refer reject
    reveal slam tout urge warn welcome
    """
)
OBJECT_PREPS = frozenset({"of", "for", "about", "to"})

# "called the trip “productive”": content is the object and its predicate.
CALL_CUES = _words(
    """
    brand call describe dub label term
    """
)

# Pronoun → the entity type it may refer back to ("" : not resolved).
PRONOUNS = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON", "it": "ORG"}
