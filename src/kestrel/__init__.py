"""Kestrel: offline, explainable political event coding from raw news text.

>>> from kestrel import code_text
>>> event = code_text("Turkish warplanes struck PKK positions in northern Iraq.", date="2024-05-02").events[0]
>>> event.cameo_root, event.source.code, event.plover_type
('19', 'TURMIL', 'ASSAULT')
"""

from kestrel._version import __version__
from kestrel.actors import ActorRecognizer, KnowledgeBase, code_actor, load_knowledge_base
from kestrel.errors import DataFileError, InputError, KestrelError, StoreError, UsageError
from kestrel.evaluate import EvalReport, evaluate, read_gold
from kestrel.events import EventCoder, load_patterns
from kestrel.ingest import IngestOptions, article_from_text, parse_date, read_inputs
from kestrel.models import (
    Actor,
    Article,
    CodedArticle,
    Event,
    EventDate,
    Evidence,
    InputProblem,
    Location,
    Mention,
    Sentence,
    Token,
)
from kestrel.ontology import default_ontology, load_ontology
from kestrel.pipeline import Pipeline, PipelineConfig, code_text, default_pipeline
from kestrel.serialize import event_to_dict, event_to_json, events_to_csv
from kestrel.store import EventStore
from kestrel.text import split_sentences, tokenize

__all__ = [
    "Actor",
    "ActorRecognizer",
    "Article",
    "CodedArticle",
    "DataFileError",
    "EvalReport",
    "Event",
    "EventCoder",
    "EventDate",
    "EventStore",
    "Evidence",
    "IngestOptions",
    "InputError",
    "InputProblem",
    "KestrelError",
    "KnowledgeBase",
    "Location",
    "Mention",
    "Pipeline",
    "PipelineConfig",
    "Sentence",
    "StoreError",
    "Token",
    "UsageError",
    "__version__",
    "article_from_text",
    "code_actor",
    "code_text",
    "default_ontology",
    "default_pipeline",
    "evaluate",
    "event_to_dict",
    "event_to_json",
    "events_to_csv",
    "load_knowledge_base",
    "load_ontology",
    "load_patterns",
    "parse_date",
    "read_gold",
    "read_inputs",
    "split_sentences",
    "tokenize",
]
