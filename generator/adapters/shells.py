"""Record pages without the theme's whole template: the pages of one kind differ, once the
theme has put them together, only in their content, title, description and address, so
the theme renders the first pages of each kind and the rest are that page with their own
values put in (about 0.02 ms a page against 2-4 ms for Material's template; issue 18).

A group is the pages whose theme output can differ only in those four places: the same
top folder and depth (relative links to the assets), the same settings (``meta`` keys),
and a description or none. Its shell is cut from a page the theme rendered, and used only
once it reproduces, byte for byte, the next page the theme rendered; otherwise the group
tries again with that page, and after a few misses (a theme printing something else of the
page, say the source file's name) every page of the group goes through the theme. Nothing
here knows MkDocs: the plugin hands in the values and the theme's output.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SLOTS = ("content", "address", "description", "title")
"""Cut in this order: the content first (its text may hold any of the others), then the
address, which the description and title cannot hold, then the longer of the two texts."""

ATTEMPTS = 3
"""Shells a group may cut and see fail before all its pages go through the theme."""

@dataclass(frozen=True)
class PageValues:
    """What a page puts into its kind's shell, each as the theme prints it (escaped)."""

    content: str
    address: str
    """The page's address without its trailing slash: the canonical link, the alternates in
    each language and the language menu all hold it, with a slash or without."""
    description: str
    title: str

    def get(self, slot: str) -> str:
        return getattr(self, slot)


@dataclass
class _Group:
    shell: list[str] | None = None
    """Fixed text and slot names, alternating (fixed text first); none until one is cut."""
    proven: bool = False
    misses: int = 0

    @property
    def given_up(self) -> bool:
        return self.misses >= ATTEMPTS


@dataclass
class Shells:
    """One build's shells, by group; the plugin asks ``page_for`` before the theme renders a
    page and tells ``learn`` what the theme made of the pages it did render."""

    groups: dict[tuple, _Group] = field(default_factory=dict)
    filled: int = 0
    """Pages made from a shell in this build."""

    def page_for(self, group: tuple, values: PageValues) -> str | None:
        """The page, made from its group's proven shell; none while the group has none."""
        known = self.groups.get(group)
        if known is None or not known.proven:
            return None
        self.filled += 1
        return fill(known.shell, values)

    def learn(self, group: tuple, values: PageValues, html: str) -> None:
        """Take note of a page the theme rendered: it proves the group's shell, or gives
        the group a new one to prove."""
        known = self.groups.setdefault(group, _Group())
        if known.proven or known.given_up:
            return
        if known.shell is not None:
            if fill(known.shell, values) == html:
                known.proven = True
                return
            known.misses += 1
            if known.given_up:
                known.shell = None
                return
        known.shell = cut(html, values)
        if known.shell is None:
            known.misses = ATTEMPTS


def cut(html: str, values: PageValues) -> list[str] | None:
    """``html`` with each slot's value taken out, as fixed text and slot names alternating;
    none when the content is not in it exactly once (a theme that changes it)."""
    if not values.content or html.count(values.content) != 1:
        return None
    shell = [html]
    for slot in SLOTS:
        value = values.get(slot)
        if not value:
            continue
        parts: list[str] = []
        for index, part in enumerate(shell):
            if index % 2:  # a slot already cut
                parts.append(part)
                continue
            pieces = part.split(value)
            for piece in pieces[:-1]:
                parts += [piece, slot]
            parts.append(pieces[-1])
        shell = parts
    return shell


def fill(shell: list[str], values: PageValues) -> str:
    return "".join(part if index % 2 == 0 else values.get(part) for index, part in enumerate(shell))
