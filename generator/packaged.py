"""Where the files that pyproject.toml installs into the package from elsewhere in the
repository are: the theme (``theme/``).

An installed wheel has them inside the package (``shangliang/theme/`` …); a checkout of the
repository, which an editable install runs from, has them where the repository keeps them.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
IN_CHECKOUT = PACKAGE.name == "generator"
"""Whether the package runs from the repository (an editable install), where its folder is
``generator/``; installed, it is ``shangliang/``."""


def packaged_path(installed: str, repository: str) -> Path:
    """``repository`` in the checkout, else ``installed`` inside the installed package: the
    two sides of one ``package-dir`` mapping in pyproject.toml."""
    return PACKAGE.parent / repository if IN_CHECKOUT else PACKAGE / installed


def theme_dir() -> Path:
    """The theme Shangliang ships: Material overrides, the stylesheets and scripts."""
    return packaged_path("theme", "theme")

