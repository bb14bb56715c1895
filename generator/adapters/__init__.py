"""Thin adapters over the core: MkDocs (the site engine) and the command line."""
