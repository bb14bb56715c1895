"""The theme Shangliang ships, put into MkDocs' theme: an archive made by ``shangliang init``
names no theme folder of its own, and one that does (``theme.custom_dir``) overrides the
shipped theme file by file."""

from __future__ import annotations

import os

from mkdocs.theme import Theme

from ..packaged import theme_dir


def add_packaged_theme(theme: Theme) -> None:
    """Put the shipped theme right after the archive's own folder (or first, without one),
    before Material's; nothing changes when the archive's folder is the shipped theme."""
    packaged = str(theme_dir())
    if not any(_is_same(folder, packaged) for folder in theme.dirs):
        theme.dirs.insert(1 if theme.custom_dir else 0, packaged)


def own_theme_dirs(theme: Theme) -> list[str]:
    """The theme folders that are not Material's or MkDocs': the archive's and Shangliang's."""
    folders = [theme.custom_dir] if theme.custom_dir else []
    packaged = str(theme_dir())
    if not any(_is_same(folder, packaged) for folder in folders):
        folders.append(packaged)
    return folders


def _is_same(folder: str, other: str) -> bool:
    return os.path.isdir(folder) and os.path.samefile(folder, other)
