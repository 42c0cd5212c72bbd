"""Entity mentions from spaCy NER plus rules, linked within an article and merged across articles.

Within an article a mention's ``key`` is the folded full name it refers to: surname-only and
partial person mentions take the key of the longest name that contains them ("López Obrador" →
"andres manuel lopez obrador"), acronyms take the key of their expansion when both appear or when
the curated table knows them (NSC ↔ National Security Council). Titles in front of a person's name
become the mention's ``role`` ("Secretary of State" for "Secretary of State Antony Blinken").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from ..compare.places import place_key
from ..records import Article, Entity, Mention, entity_id
from ..text import name_key
from .aliases import (
    CAPS_ONLY,
    FOLDED_ALIASES,
    HONORIFICS,
    OFFICE_WORDS,
    PLACE_ALIASES,
    PREFIXES,
    ROLE_NOUNS,
    TITLE_HEADS,
)

__all__ = ["VERSION", "entity_index", "mentions", "merge_entities"]

VERSION = "entities-3"  # apposition aliases join their entity; places are never persons; Washington = D.C.
KEEP = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_CONNECT = {"of", "for", "and", "the", "&"}
# Titles strong enough to make the capitalized words after them a person's name.
STRONG_TITLES = {
    "president",
    "secretary",
    "minister",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "mayor",
    "ambassador",
    "mr",
    "mrs",
    "ms",
    "dr",
    "chancellor",
    "premier",
    "congressman",
    "congresswoman",
}


def _low(tok: Any) -> str:
    return str(tok.text).lower().rstrip(".")


def _is_name_token(tok: Any) -> bool:
    text = tok.text
    return bool(text[:1].isupper()) and tok.pos_ in {"PROPN", "NOUN", "ADJ", "X"} and _low(tok) not in TITLE_HEADS


def _title_spans(doc: Any) -> list[tuple[int, int, int, int]]:
    """(role_start, role_end, name_start, name_end) token indices for "Title [of Office] Name"."""
    person_tokens = {t.i for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    found = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if not (tok.text[:1].isupper() and _low(tok) in TITLE_HEADS):
            i += 1
            continue
        start = i  # extend left over "Mexico's", "Homeland Security", "U.S.", "Mexican"
        while start > 0:
            prev = doc[start - 1]
            if prev.text in _POSSESSIVE and start > 1 and doc[start - 2].ent_type_ in {"GPE", "ORG", "NORP"}:
                start -= 2
            elif prev.text[:1].isupper() and (_low(prev) in OFFICE_WORDS or prev.ent_type_ in {"NORP", "GPE"}):
                start -= 1
            else:
                break
        j = i + 1
        while j < n and doc[j].text[:1].isupper() and _low(doc[j]) in TITLE_HEADS:
            j += 1
        if j < n and doc[j].lower_ == "of":  # "Secretary of Foreign Affairs"
            k = j + 1
            while k < n and _low(doc[k]) in OFFICE_WORDS and (doc[k].text[:1].isupper() or doc[k].lower_ in _CONNECT):
                k += 1
            j = k if k > j + 1 else j
        k = j
        while k < n and k - j < 5 and _is_name_token(doc[k]):
            k += 1
        heads = {_low(t) for t in doc[start:j]}
        named = any(t in person_tokens for t in range(j, k))
        strong = bool(heads & STRONG_TITLES) and all(doc[t].pos_ == "PROPN" for t in range(j, k))
        if k > j and (named or strong):
            found.append((start, j, j, k))
        i = max(k, i + 1)
    return found


def _clean(doc: Any, start: int, end: int, label: str) -> tuple[int, int]:
    """Trim determiners, possessives, punctuation and (for ORG) trailing role nouns."""
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct or doc[start].is_space):
        start += 1
    for k in range(start, end):  # "Biden’s Cabinet" → "Biden"
        if doc[k].text in _POSSESSIVE and label == "PERSON":
            end = k
            break
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if label == "ORG":
        start, end = _joined_name(doc, start, end)
    if label in {"ORG", "PERSON"}:
        while end - start > 1 and doc[end - 1].lower_ in ROLE_NOUNS:
            end -= 1
    if label == "PERSON":
        while start < end - 1 and _low(doc[start]) in HONORIFICS | TITLE_HEADS:
            start += 1
        while end - start >= 2 and end < len(doc) and end - start < 5 and doc[end].pos_ == "PROPN":
            if not _is_name_token(doc[end]) or doc[end].ent_type_ not in {"", "PERSON"}:
                break
            end += 1  # "Andrés Manuel López" + "Obrador"
    return start, end


def _untagged_name(tok: Any) -> bool:
    return bool(tok.pos_ == "PROPN" and tok.is_title and not tok.ent_type_)


def _joined_name(doc: Any, start: int, end: int) -> tuple[int, int]:
    """One name with "and" inside that NER cut in two: "[Customs] and Border Patrol",
    "Immigration and [Customs Enforcement]". Only untagged capitalized words join ("Google and
    Microsoft" are two tagged names and stay two)."""
    if end + 1 < len(doc) and doc[end].lower_ == "and" and _untagged_name(doc[end + 1]):
        k = end + 1
        while k < len(doc) and k - end <= 4 and _untagged_name(doc[k]):
            k += 1
        end = k
    if start >= 2 and doc[start - 1].lower_ == "and" and _untagged_name(doc[start - 2]):
        k = start - 2
        while k > 0 and start - k < 5 and _untagged_name(doc[k - 1]):
            k -= 1
        start = k
    return start, end


def _raw_spans(doc: Any) -> list[tuple[int, int, str, str | None]]:
    spans: dict[tuple[int, int], tuple[str, str | None]] = {}
    taken: set[int] = set()
    for rs, re_, ns, ne in _title_spans(doc):
        spans[(ns, ne)] = ("PERSON", doc[rs:re_].text)
        taken.update(range(rs, ne))
    for ent in doc.ents:
        if ent.label_ not in KEEP:
            continue
        s, e = _clean(doc, ent.start, ent.end, ent.label_)
        clash = [k for k in range(s, e) if k in taken]
        if clash:
            s, e = _clean(doc, s, clash[0], ent.label_) if clash[0] - s >= 2 else (s, s)
        if e <= s or any(k in taken for k in range(s, e)):
            continue
        if (
            ent.label_ == "PERSON"
            and e - s == 1
            and (not doc[s].text[:1].isupper() or (doc[s].dep_ == "compound" and doc[s].head.text.islower()))
        ):
            continue  # "Border authorities"
        spans[(s, e)] = (ent.label_, None)
        taken.update(range(s, e))
    _surname_spans(doc, spans, taken)
    return [(s, e, lab, role) for (s, e), (lab, role) in sorted(spans.items())]


def _surname_spans(doc: Any, spans: dict[tuple[int, int], tuple[str, str | None]], taken: set[int]) -> None:
    """Untagged capitalized runs equal to the end of a person's name found in the same text."""
    tails: set[tuple[str, ...]] = set()
    for (s, e), (label, _role) in spans.items():
        if label == "PERSON" and e - s >= 2:
            words = [name_key(t.text) for t in doc[s:e]]
            tails.update(tuple(words[k:]) for k in range(1, len(words)))
    if not tails:
        return
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and j not in taken and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
            j += 1
        if j > i and tuple(name_key(t.text) for t in doc[i:j]) in tails:
            spans[(i, j)] = ("PERSON", None)
            taken.update(range(i, j))
        i = max(j, i + 1)


def _accents(text: str) -> int:
    return sum(1 for c in unicodedata.normalize("NFD", text) if unicodedata.combining(c))


def _best(names: Iterable[str]) -> str:
    """Most complete, then most accented, then most frequent spelling."""
    counts = Counter(names)
    return max(counts, key=lambda t: (len(t.split()), _accents(t), counts[t], t))


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in _CONNECT and w[:1].isupper())


def _strip_prefix(text: str) -> str:
    """ "US National Security Council" → "National Security Council" (for ORG keys and names)."""
    words = text.split(" ")
    while len(words) > 2 and name_key(words[0]) in PREFIXES:
        words = words[1:]
    return " ".join(words)


def _org_key(text: str) -> str:
    return name_key(_strip_prefix(text))


def _alias(text: str, label: str = "") -> str | None:
    key = name_key(text)
    if key in FOLDED_ALIASES and (key not in CAPS_ONLY or text.replace(".", "").isupper()):
        return FOLDED_ALIASES[key]
    if label in {"GPE", "LOC"} and key in PLACE_ALIASES:
        return PLACE_ALIASES[key]
    return None


# A place the parser took for a person: "… who left Tapachula, located in southern Mexico".
_PLACE_AFTER = re.compile(
    r"^,?\s+(?:located|situated|a (?:city|town|village|port|region|province|state|county|district) (?:in|of|on|near))\b"
)
_PLACE_BEFORE = re.compile(r"\b(?:in|near|outside|toward|towards|across)\s+$")


def _is_place(body: str, start: int, end: int, text: str, role: str | None) -> bool:
    """A PERSON mention that is a place: a known place name, or one a place phrase follows or a
    locative preposition precedes (a single word with no title, not a possessive)."""
    if role:
        return False
    if place_key(text) is not None and " " not in text.strip():
        return True
    if _PLACE_AFTER.match(body[end : end + 40]):
        return True
    single = " " not in text.strip() and not body[end : end + 2].startswith(("'s", "’s"))
    return single and bool(_PLACE_BEFORE.search(body[max(0, start - 12) : start]))


# Aliases given in apposition: "NAME, (also|widely|…) known as ALIAS", "NAME (known as ALIAS)",
# "NAME, or ALIAS as he is widely known", and "ALIAS, as the president is widely known".
_CAP = r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}"
_KNOWN = r"(?:also\s+|widely\s+|popularly\s+|commonly\s+|better\s+|affectionately\s+)?(?:known|called|nicknamed)"
_KNOWN_AS = re.compile(rf"^\s*(?:,|\()\s*{_KNOWN}\s+as\s+[\"“]?({_CAP})")
_IS = r"\s+(?:is|are|was|were)\s+"
_OR_AS = re.compile(rf"^\s*,\s+or\s+[\"“]?({_CAP})[\"”]?,?\s+as\s+(?:he|she|it|they){_IS}{_KNOWN}\b")
_AS_THE = re.compile(rf"^\s*,\s+as\s+(?:the\s+)?([a-z]+(?:\s+[a-z]+)?){_IS}{_KNOWN}\b")


def _apposition_aliases(body: str, raw: list[tuple[int, int, str, str, str | None]]) -> list[tuple[int, int]]:
    """(alias start, name mention index) for every alias named in apposition to a mention."""
    out: list[tuple[int, int]] = []
    persons = [i for i, r in enumerate(raw) if r[3] == "PERSON"]
    for i, (_s, e, _text, label, _role) in enumerate(raw):
        if label not in {"PERSON", "ORG"}:
            continue
        after = body[e : e + 120]
        for pattern in (_KNOWN_AS, _OR_AS):
            m = pattern.match(after)
            if m:
                out.append((e + m.start(1), i))
        m = _AS_THE.match(after)
        if m and label in {"PERSON", "ORG"}:
            # "ALIAS, as the president is widely known": the alias is this mention; the name is the
            # nearest earlier person whose title holds that word (else the nearest earlier person)
            noun = m.group(1).split()[-1]
            earlier = [j for j in persons if raw[j][1] <= raw[i][0] and name_key(raw[j][2]) != name_key(raw[i][2])]
            titled = [j for j in earlier if raw[j][4] and noun in name_key(raw[j][4] or "")]
            chosen = titled or earlier
            if chosen:
                out.append((raw[i][0], chosen[-1]))
    return out


def mentions(doc: Any, article: Article) -> list[Mention]:
    """Entity mentions in ``article.body`` (``doc = nlp(article.body)``), each with its linking key."""
    raw = []
    body = article.body
    for s, e, label, role in _raw_spans(doc):
        span = doc[s:e]
        text = span.text
        if not text.strip() or not any(c.isalpha() for c in text):
            continue
        start = span.start_char
        if label == "PERSON" and _is_place(body, start, start + len(text), text, role):
            label = "GPE"
        raw.append((start, start + len(text), text, label, role))
    raw = _with_alias_mentions(body, raw)
    keys: list[str] = []
    names: list[str] = []
    for _s, _e, text, label, _role in raw:
        canonical = _alias(text, label)
        if canonical:
            keys.append(name_key(canonical))
            names.append(canonical)
        elif label == "PERSON":
            keys.append(name_key(text))
            names.append(text)
        else:
            keys.append(_org_key(text))
            names.append(_strip_prefix(text) if label == "ORG" else text)
    # Partial person names → the longest full name containing them (nearest earlier one if tied).
    person_keys = [(i, keys[i]) for i, r in enumerate(raw) if r[3] == "PERSON"]
    for i, full in _containing_names(person_keys).items():
        keys[i] = full
    # Single-token mentions mislabelled as places/orgs but equal to a known surname.
    surnames = {keys[i].split()[-1]: keys[i] for i, _ in person_keys if len(keys[i].split()) > 1}
    labels = [r[3] for r in raw]
    for i, (_s, _e, text, label, _role) in enumerate(raw):
        if label in {"GPE", "ORG"} and name_key(text) in surnames and not _alias(text, label):
            keys[i], labels[i] = surnames[name_key(text)], "PERSON"
    # Acronyms ↔ expansions in the same article.
    expansions = {_initials(r[2]): keys[i] for i, r in enumerate(raw) if r[3] == "ORG" and len(r[2].split()) > 1}
    for i, (_s, _e, text, label, _role) in enumerate(raw):
        bare = text.replace(".", "")
        if label == "ORG" and bare.isupper() and 2 <= len(bare) <= 6 and bare in expansions:
            keys[i] = expansions[bare]
        elif label == "ORG" and bare.isupper() and 2 <= len(bare) <= 6:
            for initials, key in expansions.items():
                if initials.endswith(bare) and len(initials) - len(bare) <= 1:
                    keys[i] = key
    # Aliases in apposition take the key of the name they are given for; later bare mentions of the
    # alias follow ("AMLO, as the president is widely known … AMLO said").
    alias_keys: dict[str, tuple[str, str]] = {}
    starts = {r[0]: i for i, r in enumerate(raw)}
    for alias_start, named in _apposition_aliases(body, raw):
        at = starts.get(alias_start)
        if at is not None and at != named:
            alias_keys[name_key(raw[at][2])] = (keys[named], labels[named])
    for i, r in enumerate(raw):
        if name_key(r[2]) in alias_keys:
            keys[i], labels[i] = alias_keys[name_key(r[2])]
    by_key: dict[str, list[str]] = defaultdict(list)
    for k, name in zip(keys, names, strict=True):
        by_key[k].append(name)
    out = []
    for i, (s, e, text, _label, role) in enumerate(raw):
        aliased = _alias(text, _label)
        name = aliased if aliased and name_key(aliased) == keys[i] else _best(by_key[keys[i]])
        out.append(Mention(article.id, s, e, text, labels[i], keys[i], name, role))
    return out


def _with_alias_mentions(
    body: str, raw: list[tuple[int, int, str, str, str | None]]
) -> list[tuple[int, int, str, str, str | None]]:
    """``raw`` plus a mention for each apposition alias the parser did not tag ("known as Chapo")."""
    starts = {r[0] for r in raw}
    added: list[tuple[int, int, str, str, str | None]] = []
    for alias_start, named in _apposition_aliases(body, raw):
        if alias_start in starts:
            continue
        m = re.match(_CAP, body[alias_start:])
        if m and m.group(0).strip():
            text = m.group(0).rstrip(".,’'")
            added.append((alias_start, alias_start + len(text), text, raw[named][3], None))
            starts.add(alias_start)
    return sorted(raw + added) if added else raw


def _containing_names(person_keys: list[tuple[int, str]]) -> dict[int, str]:
    """Mention index → the longest name that contains its words (nearest earlier one if tied, else
    the first later one). Indexed by word runs, so a long text costs linear time, not quadratic."""
    # word run → name length → positions (sorted) and their keys
    runs: dict[tuple[str, ...], dict[int, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for j, key in person_keys:
        words = key.split()
        if len(words) < 2:
            continue
        for a in range(len(words)):
            for b in range(a + 1, len(words) + (a > 0)):
                runs[tuple(words[a:b])][len(words)].append((j, key))
    out: dict[int, str] = {}
    for i, key in person_keys:
        by_len = runs.get(tuple(key.split()))
        longer = [n for n in by_len or () if n > len(key.split())]
        if not by_len or not longer:
            continue
        found = by_len[max(longer)]
        k = bisect.bisect_left(found, (i, ""))
        earlier = found[k - 1] if k else None
        later = found[k] if k < len(found) else None
        if earlier is not None and (later is None or -(i - earlier[0]) > -10_000 - later[0]):
            out[i] = earlier[1]
        elif later is not None:
            out[i] = later[1]
    return out


def _groups(all_mentions: Iterable[Mention]) -> dict[str, list[Mention]]:
    """Mentions grouped by entity key; a lone surname joins the one fuller name ending with it."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in all_mentions:
        groups[m.key].append(m)
    persons = [k for k, ms in groups.items() if Counter(m.type for m in ms).most_common(1)[0][0] == "PERSON"]
    tails: dict[tuple[str, ...], list[str]] = defaultdict(list)  # indexed: many names stay linear
    for k in persons:
        words = k.split()
        for n in range(1, len(words)):
            tails[tuple(words[n:])].append(k)
    for key in sorted(persons, key=lambda k: (len(k.split()), k)):
        fuller = tails.get(tuple(key.split()), [])  # longer names are merged later, so still in groups
        if len(fuller) == 1 and key in groups:
            groups[fuller[0]].extend(groups.pop(key))
    return groups


def entity_index(all_mentions: Iterable[Mention]) -> dict[str, str]:
    """Mention key → id of the Entity ``merge_entities`` makes for it (to map quote speakers)."""
    return {m.key: entity_id(key) for key, ms in _groups(all_mentions).items() for m in ms}


def merge_entities(all_mentions: Iterable[Mention]) -> list[Entity]:
    """One Entity per key across articles, named by its most complete, best accented spelling."""
    entities = []
    for key, ms in _groups(all_mentions).items():
        name = _best(m.name for m in ms)
        aliases = sorted(({m.text for m in ms} | {m.name for m in ms}) - {name})
        entities.append(
            Entity(
                id=entity_id(key),
                name=name,
                type=Counter(m.type for m in ms).most_common(1)[0][0],
                aliases=tuple(aliases),
                articles=tuple(sorted({m.article for m in ms})),
                roles=tuple(sorted({m.role for m in ms if m.role})),
            )
        )
    return sorted(entities, key=lambda e: (e.name.casefold(), e.id))
