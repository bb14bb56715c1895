"""Smaller pages with nothing seen or heard changed: whitespace the browser throws away.

Every run of HTML whitespace that holds a line break becomes a single line break. Between
tags and in ordinary text a browser shows such a run as one space (or nothing), so the
page looks and reads the same; Material's templates leave about a sixth of a record page
in indentation. What is whitespace-sensitive is copied as it is:

- the content of ``<pre>``, ``<textarea>``, ``<code>`` and ``<kbd>`` (Material shows the
  last two with ``white-space: pre-wrap``) and of SVG's ``<text>`` (where a line break is
  dropped rather than shown as a space);
- ``<script>`` and ``<style>``: the policy allows no inline script, but data such as
  Material's ``__config`` is kept in ``<script>`` elements (nothing pins them by hash);
- comments, and every quoted attribute value (an ``alt``, a ``content`` or a ``data-``
  value keeps its line breaks; only the space between attributes shrinks).

Only the whitespace HTML collapses is touched (space, tab, line feed, carriage return,
form feed): a no-break space (U+00A0) or an ideographic space (U+3000) is text.
"""

from __future__ import annotations

import re

KEPT_ELEMENTS = ("pre", "textarea", "code", "kbd", "text", "script", "style")
"""Elements whose content is copied as it is (``text`` is SVG's)."""

_SPACES = " \t\r\f"
"""HTML's whitespace besides the line break (Python's ``\\s`` would also take U+00A0 and
U+3000, which are text)."""
_QUOTED = r"""(?:"[^"]*"|'[^']*')"""
_KEPT = (
    # the lookahead first rules out most tags by their first letter (a third faster)
    rf"<(?=[{''.join(sorted({name[0] + name[0].upper() for name in KEPT_ELEMENTS}))}!])(?:"
    # group 1: its name; one left open runs to the end, as a browser reads it
    rf"((?i:{'|'.join(KEPT_ELEMENTS)}))(?=[{_SPACES}\n/>]).*?(?:</(?i:\1)[{_SPACES}\n]*>|\Z)"
    r"|!--.*?(?:-->|\Z))"
)
_KEPT_PARTS = re.compile(_KEPT, re.DOTALL)
_TOKENS = re.compile(
    _KEPT
    + rf"""|<[a-zA-Z/!][^<>"']*(?:{_QUOTED}[^<>"']*)*>"""  # any other tag, its quoted values included
    + rf"|[{_SPACES}]*\n[{_SPACES}\n]*"  # a run holding a line break: what is collapsed
    + rf"|[{_SPACES}]{{2,}}",  # a run without one, taken whole so that it is scanned once
    re.DOTALL,
)
_INSIDE_TAG = re.compile(rf"({_QUOTED})|[{_SPACES}]*\n[{_SPACES}\n]*")
_QUOTED_LINE_BREAK = re.compile(rf"""=[{_SPACES}\n]*(?:"[^"]*\n|'[^']*\n)""")
"""Where an attribute's quoted value may hold a line break (text such as ``a="b`` can
match too, which only costs the slower way)."""


def compact_html(html: str) -> str:
    """``html`` with every whitespace run that holds a line break made a single ``\\n``,
    outside whitespace-sensitive elements, comments and attribute values."""
    if _QUOTED_LINE_BREAK.search(html):
        return _TOKENS.sub(_compact_token, html)  # reads every tag, to keep its values
    # No value holds a line break, so every run with one is between attributes or outside
    # tags: only the kept elements need finding (about four times faster on a record page).
    parts: list[str] = []
    start = 0
    for kept in _KEPT_PARTS.finditer(html):
        parts += [_collapse_runs(html[start:kept.start()]), kept.group()]
        start = kept.end()
    parts.append(_collapse_runs(html[start:]))
    return "".join(parts)


def _collapse_runs(text: str) -> str:
    """``text`` with every whitespace run holding a line break made one ``\\n`` (line by
    line, which is faster than a regular expression trying every space)."""
    if "\n" not in text:
        return text
    first, *middle, last = text.split("\n")
    return "\n".join([first.rstrip(_SPACES), *filter(None, [line.strip(_SPACES) for line in middle]), last.lstrip(_SPACES)])


def _compact_token(match: re.Match[str]) -> str:
    token = match.group()
    if token[0] != "<":
        return "\n" if "\n" in token else token
    if match.group(1) is not None or token.startswith("<!--") or "\n" not in token:
        return token
    return _INSIDE_TAG.sub(_keep_quoted, token)


def _keep_quoted(match: re.Match[str]) -> str:
    return match.group(1) or "\n"
