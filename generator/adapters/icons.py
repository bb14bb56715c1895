"""The theme's icons outside the content, drawn by one stylesheet instead of printed into
every page.

Every page has the same few icons (the logo twice, the menu, the language menu, the search
button, back to the top): 1.5 KB of SVG a page, 57 MB at 10,000 consultations. The theme
prints each as an empty ``<svg class="sl-i sl-i--ROLE">`` (``theme/partials/icon.html``),
which Material's rules for icons still size and place as they would the icon itself; the
stylesheet this module writes paints it, the icon named by the settings
(``theme.icon.ROLE``, Material's default otherwise) as a mask over the text's colour.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..render.page import GeneratedFile

ICONS_STYLESHEET = "assets/stylesheets/shangliang-icons.css"

ICON_ROLES = {
    "logo": "material/library",
    "menu": "material/menu",
    "alternate": "material/translate",
    "search": "material/magnify",
    "top": "material/arrow-up",
}
"""The icons the theme draws this way, by their ``theme.icon`` setting, with Material's
defaults (its partials/logo.html, header.html, alternate.html, top.html)."""

ICON_NAME = re.compile(r"[a-z0-9]+(?:[/_-][a-z0-9]+)*")
VIEW_BOX = re.compile(r'viewBox="\s*([-\d.]+)[\s,]+([-\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"')

RULES = """\
/* The theme's icons outside the content (generator/adapters/icons.py; theme/partials/icon.html),
   for this site's settings: each an empty <svg> that Material's rules size, painted here. */
.sl-i{{background-color:currentcolor;-webkit-mask:var(--sl-i) center/contain no-repeat;mask:var(--sl-i) center/contain no-repeat;aspect-ratio:1;-webkit-print-color-adjust:exact;print-color-adjust:exact}}
@media (forced-colors:active){{.sl-i{{forced-color-adjust:none;background-color:CanvasText}}}}
{icons}
"""


def get_icon_names(config: MkDocsConfig) -> dict[str, str]:
    """Each of ``ICON_ROLES``: the icon the settings name for it, or Material's default."""
    chosen = config.theme.get("icon") or {}
    return {role: chosen.get(role) or default for role, default in ICON_ROLES.items()}


def render_icons(config: MkDocsConfig) -> GeneratedFile:
    """``ICONS_STYLESHEET`` for this language's settings. An icon the theme does not have is
    an error that names the setting, as Material's own template would have failed."""
    rules = []
    for role, name in get_icon_names(config).items():
        svg = _find_icon(name, config)
        if svg is None:
            raise PluginError(
                f"theme.icon.{role}: no icon '{name}' in the theme (expected a name such as "
                f"'{ICON_ROLES[role]}', from Material's .icons folder or the theme's own)"
            )
        ratio = ""
        box = VIEW_BOX.search(svg)
        if box and float(box[4]) > 0 and box[3] != box[4]:
            ratio = f";aspect-ratio:{box[3]}/{box[4]}"
        data = urllib.parse.quote(" ".join(svg.split()), safe=" /=:;,.-_")
        rules.append(f'.sl-i--{role}{{--sl-i:url("data:image/svg+xml;charset=utf-8,{data}"){ratio}}}')
    return GeneratedFile(ICONS_STYLESHEET, RULES.format(icons="\n".join(rules)).encode("utf-8"))


def _find_icon(name: str, config: MkDocsConfig) -> str | None:
    if not ICON_NAME.fullmatch(name):
        return None
    for folder in config.theme.dirs:
        path = Path(folder, ".icons", f"{name}.svg")
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None
