"""The platform tree: platforms under their parents, walked up (a platform's chain of parents,
the channels open to it, the loops its parents may form) and down (its sub-platforms).

Every walk is here, so that the checks, the archive's queries and the pages agree. The walk
up is safe on archives whose links are not checked yet: a missing parent, or one that is no
platform, ends the chain, and a loop is reported instead of followed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from .model import Channel, Platform, Record


def parent_chain(records: Mapping[str, Record], platform: Platform) -> tuple[list[Platform], list[str]]:
    """``platform`` and the platforms above it, nearest first, as far as the chain goes (a
    missing parent, or one that is no platform, ends it); and the ids of the loop the chain
    runs into, empty when it runs into none. Safe on archives whose links are not checked yet."""
    chain, ids = [platform], [platform.id]
    while chain[-1].parent and isinstance(parent := records.get(chain[-1].parent), Platform):
        if parent.id in ids:
            return chain, ids[ids.index(parent.id):]
        chain.append(parent)
        ids.append(parent.id)
    return chain, []


def get_ancestors(records: Mapping[str, Record], platform: Platform) -> list[Platform]:
    """Parent, grandparent …, nearest first."""
    return parent_chain(records, platform)[0][1:]


def channels_open_to(records: Mapping[str, Record], platform: Platform) -> dict[str, Channel]:
    """The channels a consultation on ``platform`` may name, by id: its own and those of the
    platforms above it; where two share an id, the nearest platform's."""
    channels: dict[str, Channel] = {}
    for owner in parent_chain(records, platform)[0]:
        for channel in owner.channels:
            channels.setdefault(channel.id, channel)
    return channels


def runs_into_loop(records: Mapping[str, Record], platform: Platform) -> bool:
    """Whether ``platform``'s chain of parents runs into a loop (reported once, on the loop)."""
    return bool(parent_chain(records, platform)[1])


def parent_loop(records: Mapping[str, Record], platform: Platform) -> list[str]:
    """The ids of the loop that ``platform``'s chain of parents runs into, starting at
    ``platform``, when ``platform`` is part of it."""
    loop = parent_chain(records, platform)[1]
    return loop if platform.id in loop else []


def get_children(platforms: Iterable[Platform]) -> dict[str, list[Platform]]:
    """The sub-platforms of each platform id, in the order of ``platforms``."""
    children: dict[str, list[Platform]] = {}
    for platform in platforms:
        if platform.parent:
            children.setdefault(platform.parent, []).append(platform)
    return children


def walk_descendants(children_of: Callable[[Platform], list[Platform]], platform: Platform) -> Iterator[Platform]:
    """Every platform below ``platform``, in tree order (each followed by its own)."""
    for child in children_of(platform):
        yield child
        yield from walk_descendants(children_of, child)
