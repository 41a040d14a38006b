"""The public API is what ``kestrel.__all__`` says, and nothing disappears from it by accident."""

from __future__ import annotations

import kestrel

PUBLIC = {
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
}


def test_public_api_is_pinned() -> None:
    assert set(kestrel.__all__) == PUBLIC


def test_public_api_names_exist() -> None:
    for name in kestrel.__all__:
        assert hasattr(kestrel, name), name


def test_public_api_errors_share_one_base() -> None:
    for name in ("DataFileError", "InputError", "StoreError", "UsageError"):
        assert issubclass(getattr(kestrel, name), kestrel.KestrelError)
