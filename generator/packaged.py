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


def theme_dir() -> Path:
    """The theme Shangliang ships: Material overrides, the stylesheets and scripts
    (``theme/`` in the checkout, ``shangliang/theme/`` installed: pyproject's ``package-dir``)."""
    return (PACKAGE.parent if IN_CHECKOUT else PACKAGE) / "theme"

