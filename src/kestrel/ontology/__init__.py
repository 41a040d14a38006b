"""Kestrel's event ontology: every CAMEO code with its Goldstein score, quad class and PLOVER mapping.

The knowledge lives in two TSV files in ``kestrel/ontology/data`` (see ``docs/knowledge.md``):
``cameo.tsv`` (code, name, goldstein, symmetric) and ``plover.tsv`` (cameo_code, plover_type,
plover_mode, plover_context). :func:`default_ontology` loads them once::

    >>> onto = default_ontology()
    >>> onto[onto.normalize(42)].plover_type
    'CONSULT'
"""

from __future__ import annotations

from kestrel.ontology._load import default_ontology, load_ontology
from kestrel.ontology._model import PLOVER_TYPES, CameoCode, Ontology

__all__ = [
    "PLOVER_TYPES",
    "CameoCode",
    "Ontology",
    "default_ontology",
    "load_ontology",
]
