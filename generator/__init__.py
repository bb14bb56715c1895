"""Shangliang (商量): compile an archive of past consultations into a bilingual static site.

The pipeline, one module per step: ``loader`` reads record files, ``validate`` checks each
record against ``model``, ``archive`` cross-links the whole archive, ``render`` turns it
into pages for one language. ``adapters`` connect that core to MkDocs and to the CLI.
"""

__version__ = "0.1.0"
