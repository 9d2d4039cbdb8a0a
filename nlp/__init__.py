"""Extraction of entities, relations and sanction events.

spaCy's thinc imports torch whenever it is installed (2 s and 190 MB at start-up), though these
pipelines run on thinc's own arrays: thinc is imported here with torch hidden from it. The
transformers backend imports torch itself when a model is asked for.
"""

import sys

if "thinc.compat" not in sys.modules and "torch" not in sys.modules:
    sys.modules["torch"] = None  # type: ignore[assignment]  # an import of torch now raises ImportError
    try:
        import thinc.compat  # noqa: F401 - reads once whether torch can be imported
    finally:
        del sys.modules["torch"]
