"""The site's languages, and the punctuation that differs between them."""

from __future__ import annotations

LANGUAGES = ("zh", "en")
"""Site languages, the first is the original language of the records."""


def colon(lang: str) -> str:
    """What follows a label: ``：`` in Chinese, ``: `` in English."""
    return "：" if lang == "zh" else ": "


def list_separator(lang: str) -> str:
    """What separates the items of a list of names: ``、`` in Chinese, ``, `` in English."""
    return "、" if lang == "zh" else ", "


def with_note(value: str, note: str, lang: str) -> str:
    """``value（note）`` in Chinese, ``value (note)`` in English."""
    return f"{value}（{note}）" if lang == "zh" else f"{value} ({note})"
