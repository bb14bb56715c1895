"""The Content Security Policy of every page: the browser's own guard behind the escaping.

Every record value is escaped or sanitized before it reaches a page. If one ever were not,
the policy still keeps a reader's browser from running it: a page runs only script files
from its own site (never an inline ``<script>`` or an ``onerror=`` attribute), shows only
images from its own site (the theme's icons are ``data:``), embeds no plugin, keeps its
base address and sends forms only to its own site. The theme moves
Material's two small inline scripts into files (``theme/partials/javascripts/``) so that
no inline script needs allowing; the search index's WebAssembly is allowed. The policy is
written as a ``<meta http-equiv>`` at the top of each page's head, because static hosts
such as GitHub Pages send no headers a site can set.
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = "; ".join([
    "script-src 'self' 'wasm-unsafe-eval'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
])
