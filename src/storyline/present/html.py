"""A story as one self-contained HTML page: inline style, no scripts, no external resources.

Every piece of text from an article or extractor passes through ``escape``; nothing is trusted.
"""

from __future__ import annotations

from html import escape

from ..records import Story
from .view import MARKS, StoryView, figure_rows, quote_rows, story_view

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.3rem .5rem;vertical-align:top}
th{background:#f5f5f5;text-align:left}.mark{text-align:center}
.agreed{color:#17702b}.unique{color:#9a6700}.conflict{color:#b3261e;font-weight:600}
.cite{color:#0b5cad;font-size:.85em;white-space:nowrap}.dim{color:#777}.kind{color:#777;font-size:.85em}
.columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}
.column{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem}.column h3{margin:.2rem 0}
ul{padding-left:1.2rem}ul.sources{list-style:none;padding-left:0}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def render_html(story: Story) -> str:
    view = story_view(story)
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(story.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(story.title)}</h1>",
        f'<p class="dim">story <code>{_e(story.id)}</code> · {len(story.articles)} article(s)</p>',
        "<h2>Sources</h2><ul class='sources'>",  # each line carries its own [n]
        *(f"<li>{_e(s.line)} <code class='dim'>{_e(s.article.id)}</code></li>" for s in view.sources),
        "</ul>",
    ]
    if story.summary:
        parts.append("<h2>Summary</h2><ul>")
        parts += [f"<li>{_e(x.text)} <span class='cite'>{_e(view.cite(x.articles))}</span></li>" for x in story.summary]
        parts.append("</ul>")
    parts += _agreed(view)
    parts += _possible(view)
    parts += _unique(view)
    parts.append(f"<h2 class='conflict'>{MARKS['conflict']} Conflicts</h2>")
    if story.comparison.conflicts:
        parts.append("<ul>")
        parts += [f"<li><b>{_e(c.kind)}</b>: {_e(c.why)}</li>" for c in story.comparison.conflicts]
        parts.append("</ul>")
    else:
        parts.append("<p class='dim'>No conflicting figures.</p>")
    parts += _quotes(view)
    parts += _figures(view)
    parts += _timeline(view)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _agreed(view: StoryView) -> list[str]:
    out = [f"<h2 class='agreed'>{MARKS['agreed']} Agreed</h2>"]
    if not view.agreed:
        return [*out, "<p class='dim'>No fact is reported by two independent outlets.</p>"]
    head = "".join(f"<th title='{_e(s.label)}'>[{s.number}]</th>" for s in view.sources)
    out.append(f"<table><tr><th>kind</th><th>fact</th>{head}</tr>")
    for row in view.agreed:
        cls, mark = ("conflict", MARKS["conflict"]) if row.conflicting else ("agreed", MARKS["agreed"])
        cells = "".join(
            f"<td class='mark {cls}'>{mark}</td>" if s.number in row.numbers else "<td></td>" for s in view.sources
        )
        out.append(f"<tr><td class='kind'>{_e(row.kind)}</td><td class='{cls}'>{_e(row.text)}</td>{cells}</tr>")
    out.append("</table>")
    return out


def _possible(view: StoryView) -> list[str]:
    if not view.possible:
        return []
    apart = "<span class='dim'>(not counted as agreement)</span>"
    out = [f"<h2 class='possible'>{MARKS['possible']} Possibly the same {apart}</h2>"]
    out.append("<table><tr><th>kind</th><th>fact</th><th>p</th><th>sources</th></tr>")
    for row in view.possible:
        p = f"{row.p:.2f}" if row.p is not None else ""
        cite = "".join(f"[{n}]" for n in row.numbers)
        cells = f"<td class='kind'>{_e(row.kind)}</td><td>{_e(row.text)}</td><td>{p}</td>"
        out.append(f"<tr>{cells}<td class='cite'>{cite}</td></tr>")
    out.append("</table>")
    return out


def _unique(view: StoryView) -> list[str]:
    out = [f"<h2 class='unique'>{MARKS['unique']} Only in one outlet</h2><div class='columns'>"]
    for source, items in view.unique:
        out.append(f"<section class='column'><h3>[{source.number}] {_e(source.label)} ({len(items)})</h3>")
        if not items:
            out.append("<p class='dim'>Nothing of its own.</p>")
        else:
            out.append("<ul>")
            for row in items:
                cls, mark = ("conflict", MARKS["conflict"]) if row.conflicting else ("unique", MARKS["unique"])
                kind = f"<span class='kind'>{_e(row.kind)}</span>"
                out.append(f"<li><span class='{cls}'>{mark}</span> {kind} {_e(row.text)}</li>")
            out.append("</ul>")
        out.append("</section>")
    out.append("</div>")
    return out


def _timeline(view: StoryView) -> list[str]:
    if not view.story.timeline:
        return []
    out = ["<h2>Timeline</h2><table><tr><th>date</th><th>moment</th><th>sources</th></tr>"]
    for m in view.dated:
        out.append(
            f"<tr><td>{_e(m.date)}</td><td>{_e(m.text)}</td><td class='cite'>{_e(view.cite(m.articles))}</td></tr>"
        )
    out.append("</table>")
    if view.undated:
        out.append("<h3>Undated</h3><ul>")
        out += [f"<li>{_e(m.text)} <span class='cite'>{_e(view.cite(m.articles))}</span></li>" for m in view.undated]
        out.append("</ul>")
    return out


def _quotes(view: StoryView) -> list[str]:
    rows = quote_rows(view.story)
    if not rows:
        return ["<h2>Quotes</h2>", "<p class='dim'>No quotes.</p>"]
    out = ["<h2>Quotes</h2><ul class='quotes'>"]
    for q in rows:
        said = f"“{_e(q.text)}”" if q.direct else _e(q.text)
        cite = f"<span class='cite'>{_e(view.cite(q.articles))}</span>"
        out.append(f"<li><b>{_e(q.speaker)}</b>: {said} {cite}</li>")
    out.append("</ul>")
    return out


def _figures(view: StoryView) -> list[str]:
    rows = figure_rows(view.story)
    if not rows:
        return ["<h2>Figures</h2>", "<p class='dim'>No figures.</p>"]
    head = "".join(f"<th>{h}</th>" for h in ("figure", "counts", "verb", "date", "place", "source"))
    out = [f"<h2>Figures</h2><table class='figures'><tr>{head}</tr>"]
    for f in rows:
        cells = "".join(f"<td>{_e(c)}</td>" for c in (f.text, f.unit, f.predicate, f.date, f.place))
        out.append(f"<tr>{cells}<td class='cite'>{_e(view.cite((f.article,)))}</td></tr>")
    out.append("</table>")
    return out
