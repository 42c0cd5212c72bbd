"""Time expressions: found and normalised to TIMEX3 values (``find``), with the calendar arithmetic
(``norm``), holiday and spelled-number words (``words``), tense (``tense``) and narrative time
(``narrative``); ``estimate_reference`` picks an article's reference date."""

from .find import VERSION, dates, estimate_reference, reported_quarter, states_full_date, timex_type
from .norm import normalize

__all__ = [
    "VERSION",
    "dates",
    "estimate_reference",
    "normalize",
    "reported_quarter",
    "states_full_date",
    "timex_type",
]
