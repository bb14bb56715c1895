"""The footer of every page: who publishes the archive, how to reach them, and the site's
filing numbers.

A site hosted in mainland China must show its ICP filing number, linked to the Ministry
of Industry and Information Technology's filing system, and, once filed with the public
security authorities, its public-security filing number, linked to their filing system.
Both come from ``extra.filing`` in mkdocs.yml; the publishing body from
``extra.publisher``. Nothing is shown for what is not set. The settings arrive through
pull requests like the records do, so each is checked for its shape here and every value
reaches the page through the theme's escaping.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..errors import ODD_CHARACTERS, BuildError, printable
from ..languages import colon
from .i18n import ui

ICP_PATTERN = re.compile(r"^[\u4e00-\u9fff]ICP备[0-9]{6,12}号(-[0-9]{1,3})?$")
"""An ICP filing (备案) number as the MIIT issues it: a province's one-character
abbreviation, ``ICP备``, the number, ``号``, and the site's number after a hyphen
(``鲁ICP备12345678号-1``). A licence number (``ICP证``) is not a filing number."""

PUBLIC_SECURITY_PATTERN = re.compile(r"^([\u4e00-\u9fff])公网安备 ?([0-9]{14})号$")
"""A public-security filing number: a province's abbreviation, ``公网安备``, fourteen
digits and ``号`` (``鲁公网安备37080202000123号``)."""

ICP_LINK = "https://beian.miit.gov.cn/"
"""Where the rules ask the ICP number to link: the MIIT's filing system."""

PUBLIC_SECURITY_LINK = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"
"""The public-security filing system's entry for the site."""

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,30}$")
_ODD = re.compile(f"[{ODD_CHARACTERS}\n\r<>]")
_PUBLISHER_FIELDS = ("name", "address", "phone", "email")
_FILING_FIELDS = ("icp", "public_security")


def _label(key: str, lang: str) -> str:
    return ui(key, lang) + colon(lang)


def footer_info(extra: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """What the footer shows in ``lang``, from mkdocs.yml's ``extra``: plain texts and
    addresses for the theme (``theme/partials/copyright.html``) to escape. Raises
    ``BuildError`` naming the setting when one is not what the footer can show."""
    publisher = _section(extra, "publisher", _PUBLISHER_FIELDS)
    filing = _section(extra, "filing", _FILING_FIELDS)
    info: dict[str, Any] = {}
    if "name" in publisher:
        info["publisher"] = _localized(publisher["name"], "publisher.name", lang) | {"label": _label("footer-publisher", lang)}
    if "address" in publisher:
        info["address"] = _localized(publisher["address"], "publisher.address", lang) | {"label": _label("footer-address", lang)}
    if "phone" in publisher:
        phone = _text(publisher["phone"], "publisher.phone")
        if not _PHONE.match(phone):
            raise _error("publisher.phone", phone, "a telephone number of digits, spaces, hyphens and brackets, e.g. 0537-2345678")
        info["phone"] = {"text": phone, "href": "tel:" + re.sub(r"[^0-9+]", "", phone), "label": _label("footer-phone", lang)}
    if "email" in publisher:
        email = _text(publisher["email"], "publisher.email")
        if not _EMAIL.match(email):
            raise _error("publisher.email", email, "an e-mail address, e.g. office@example.gov.cn")
        info["email"] = {"text": email, "href": "mailto:" + email, "label": _label("footer-email", lang)}
    if "icp" in filing:
        icp = _text(filing["icp"], "filing.icp")
        if not ICP_PATTERN.match(icp):
            raise _error("filing.icp", icp, "an ICP filing number, e.g. 鲁ICP备12345678号-1")
        info["icp"] = {"text": icp, "href": ICP_LINK}
    if "public_security" in filing:
        number = _text(filing["public_security"], "filing.public_security")
        match = PUBLIC_SECURITY_PATTERN.match(number)
        if not match:
            raise _error("filing.public_security", number, "a public-security filing number, e.g. 鲁公网安备37080202000123号")
        info["public_security"] = {"text": number, "href": PUBLIC_SECURITY_LINK.format(code=match.group(2))}
    return info


def _section(extra: Mapping[str, Any], name: str, fields: tuple[str, ...]) -> dict[str, Any]:
    section = extra.get(name)
    if section is None:
        return {}
    if not isinstance(section, Mapping):
        raise BuildError(f"mkdocs.yml: extra.{name}: expected the fields {', '.join(fields)}, found {printable(repr(section))}")
    for key in section:
        if key not in fields:
            raise BuildError(f"mkdocs.yml: extra.{name}.{printable(str(key))}: unknown setting; expected one of: {', '.join(fields)}")
    return {key: value for key, value in section.items() if value is not None}


def _localized(value: Any, setting: str, lang: str) -> dict[str, str]:
    """A text given once for both languages or as ``zh:`` and ``en:``; an English page
    without ``en`` shows the Chinese, marked as Chinese for screen readers."""
    if isinstance(value, Mapping):
        unknown = [key for key in value if key not in ("zh", "en")]
        if unknown or "zh" not in value:
            raise BuildError(f"mkdocs.yml: extra.{setting}: expected the text in both languages, as 'zh: …' and 'en: …'")
        texts = {key: _text(value[key], f"{setting}.{key}") for key in value if value[key] is not None}
        if lang in texts:
            return {"text": texts[lang], "lang": ""}
        return {"text": texts["zh"], "lang": "zh-Hans"}
    return {"text": _text(value, setting), "lang": ""}


def _text(value: Any, setting: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _error(setting, value, "one line of text")
    text = str(value).strip()
    if not text or _ODD.search(text):
        raise _error(setting, text, "one line of text without line breaks, angle brackets or invisible characters")
    return text


def _error(setting: str, value: Any, expected: str) -> BuildError:
    return BuildError(f"mkdocs.yml: extra.{setting}: found {printable(repr(value))}, expected {expected}")
