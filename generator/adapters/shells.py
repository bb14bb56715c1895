"""Record pages without the theme's whole template: the pages of one kind differ, once the
theme has put them together, only in their content, title, description and address, so
the theme renders the first pages of each kind and the rest are that page with their own
values put in (about 0.02 ms a page against 2-4 ms for Material's template; issue 18).

A group is the pages whose theme output can differ only in those four places: the same
top folder and depth (relative links to the assets), and a title and description or none
(pages with settings of their own, ``meta``, go through the theme). Its shell is cut from a
page the theme rendered, by taking each value out wherever it occurs, and is proven by the
pages the theme renders next: the shell, filled with such a page's values, must reproduce it
byte for byte, and cutting that page must give the same shell. A proof holds for the values
that page had other than the first page's (its address always, its title and description
when they differ), and a page is made from the shell only when its other values are the
first page's: text of the theme's that happens to equal one of the first page's values (a
description that is also the site's) is taken out with it, and only a page with another
value in that place can show it. Pages of a kind that all share a description (statistics
pages) are made from the shell all the same. A page one of whose values holds another (a
title that holds its description) neither gives nor proves a shell, since cutting the
shorter value would take a piece out of the longer; it is filled like any other.

A proof that fails is a miss, and the group cuts its shell again from that page; after a
few misses (a theme printing something else of the page, say its source file's name) every
page of the group goes through the theme. Nothing here knows MkDocs: the plugin hands in
the values and the theme's output.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SLOTS = ("content", "address", "description", "title")
"""Cut in this order: the content first (it is one block, and its text may hold any of the
others); the other three never hold one another on a page a shell is cut from."""
VALUES = SLOTS[1:]

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

    @property
    def can_cut(self) -> bool:
        """Whether no value of the page holds another (so that cutting one leaves the
        others whole), and its content is there to cut."""
        values = [self.get(slot) for slot in VALUES if self.get(slot)]
        return bool(self.content) and not any(
            a in b for i, a in enumerate(values) for j, b in enumerate(values) if i != j
        )


@dataclass
class _Group:
    shell: list[str] | None = None
    """Fixed text and slot names, alternating (fixed text first); none until one is cut."""
    cut_from: PageValues | None = None
    """The values of the page the shell was cut from."""
    varied: set[str] = field(default_factory=set)
    """The values (``VALUES``) a page the shell reproduced had other than ``cut_from``'s:
    only a page whose other values are ``cut_from``'s is made from the shell."""
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
        """The page, made from its group's shell if a page the theme rendered proved it for
        values like these; none otherwise."""
        known = self.groups.get(group)
        if known is None or known.shell is None or known.cut_from is None or not known.varied:
            return None
        if _varied(values, known.cut_from) - known.varied:
            return None  # a value no proof has varied yet: the theme's page proves it, or not
        self.filled += 1
        return fill(known.shell, values)

    def learn(self, group: tuple, values: PageValues, html: str) -> None:
        """Take note of a page the theme rendered: it proves the group's shell for the
        values it varies, or gives the group a new shell to prove."""
        known = self.groups.setdefault(group, _Group())
        if known.given_up or not values.can_cut:
            return
        if known.shell is not None and known.cut_from is not None:
            varied = _varied(values, known.cut_from)
            if varied <= known.varied:
                return  # nothing to prove that is not proven
            if fill(known.shell, values) == html and cut(html, values) == known.shell:
                known.varied |= varied
                return
            known.misses += 1
            if known.given_up:
                known.shell = known.cut_from = None
                return
        known.shell, known.cut_from, known.varied = cut(html, values), values, set()
        if known.shell is None:  # the theme changes the content: no shell can be cut
            known.misses = ATTEMPTS


def _varied(values: PageValues, other: PageValues) -> set[str]:
    return {slot for slot in VALUES if values.get(slot) != other.get(slot)}


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
