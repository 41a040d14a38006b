"""Typed response and request bodies of the HTTP API (they make /openapi.json precise)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ActorAlias",
    "ActorDetail",
    "ActorPartner",
    "ActorRole",
    "ActorSummary",
    "ArticleDetail",
    "ArticleRef",
    "ArticleSummary",
    "CodeRequest",
    "CodeResponse",
    "DyadRow",
    "ErrorBody",
    "ErrorInfo",
    "EventActor",
    "EventDetail",
    "EventEvidence",
    "EventLocation",
    "EventOut",
    "EventPage",
    "EventReport",
    "Health",
    "IngestRequest",
    "IngestResponse",
    "MapPoint",
    "MergedId",
    "NetworkEdge",
    "NetworkNode",
    "NetworkOut",
    "PeriodCount",
    "TimelineRow",
]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorInfo(BaseModel):
    status: int
    code: str = Field(description="A short machine-readable name: bad_request, not_found, forbidden, …")
    message: str = Field(description="What is wrong and what to do.")


class ErrorBody(BaseModel):
    """Every 4xx/5xx answer has this body."""

    error: ErrorInfo


class Health(BaseModel):
    status: str
    read_only: bool
    counts: dict[str, int]


class EventActor(_Open):
    code: str
    country: str | None = None
    sectors: list[str] = []
    name: str | None = None
    text: str | None = None
    actor_id: str | None = None
    kb_id: str | None = None
    kind: str | None = None
    canonical_id: str | None = None


class EventLocation(_Open):
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: str | None = None


class EventEvidence(_Open):
    sentence: str
    source_span: list[int] | None = None
    target_span: list[int] | None = None
    trigger_span: list[int] | None = None
    trigger: str | None = None
    rule: str | None = None


class EventOut(_Open):
    """One event in Kestrel's schema (docs/schema.md), plus linking fields for linked events."""

    event_id: str
    article_id: str
    sentence_index: int
    event_date: str | None = None
    date_precision: str | None = None
    date_phrase: str | None = None
    source: EventActor | None = None
    target: EventActor | None = None
    cameo_code: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover_type: str | None = None
    plover_mode: str | None = None
    plover_context: list[str] = []
    location: EventLocation | None = None
    negated: bool = False
    modality: str | None = None
    topics: list[str] = []
    evidence: EventEvidence
    coder_version: str | None = None
    linked_id: str | None = None
    num_mentions: int | None = None
    num_articles: int | None = None
    num_sources: int | None = None
    mention_event_ids: list[str] | None = None


class EventPage(BaseModel):
    items: list[EventOut]
    next_cursor: str | None = Field(description="Pass as `cursor` to get the next page; null on the last page.")
    limit: int


class ArticleRef(BaseModel):
    article_id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    date: str | None = None


class EventReport(EventOut):
    article: ArticleRef


class EventDetail(BaseModel):
    event: EventOut
    mentions: list[EventReport]


class ArticleSummary(BaseModel):
    article_id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    date: str | None = None
    sentences: int | None = None
    near_duplicate: bool = False
    events: int = 0


class ArticleDetail(BaseModel):
    article_id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    date: str | None = None
    sentences: int | None = None
    near_duplicate: bool = False
    text: str
    event_ids: list[str]


class ActorSummary(BaseModel):
    actor_id: str
    name: str | None = None
    code: str | None = None
    country: str | None = None
    sectors: list[str] | None = None
    kind: str | None = None
    kb_id: str | None = None
    mentions: int | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    aliases: list[str] | None = None
    events: int = 0


class ActorAlias(BaseModel):
    alias: str
    mentions: int | None = None


class MergedId(BaseModel):
    raw_id: str
    reason: str | None = None


class ActorRole(BaseModel):
    code: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    events: int


class ActorPartner(BaseModel):
    actor_id: str
    name: str | None = None
    code: str | None = None
    events: int
    goldstein: float | None = None


class PeriodCount(BaseModel):
    period: str | None = None
    events: int
    goldstein: float | None = None


class ActorDetail(BaseModel):
    actor_id: str
    name: str | None = None
    code: str | None = None
    country: str | None = None
    sectors: list[str] = []
    kind: str | None = None
    kb_id: str | None = None
    mentions: int | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    aliases: list[ActorAlias]
    merged: list[MergedId]
    roles: list[ActorRole]
    partners: list[ActorPartner]
    timeline: list[PeriodCount]


class DyadRow(BaseModel):
    source: str | None = None
    target: str | None = None
    period: str | None = None
    events: int
    goldstein: float | None = None
    cooperation: int
    conflict: int


class TimelineRow(BaseModel):
    period: str | None = None
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    events: int
    goldstein: float | None = None


class NetworkNode(BaseModel):
    id: str
    label: str
    events: int


class NetworkEdge(BaseModel):
    source: str
    target: str
    events: int
    goldstein: float | None = None
    cooperation: int
    conflict: int


class NetworkOut(BaseModel):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class MapPoint(BaseModel):
    lat: float
    lon: float
    name: str | None = None
    country: str | None = None
    events: int
    goldstein: float | None = None
    cooperation: int
    conflict: int


class CodeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=20000, description="The news text to code (not stored).")
    date: str | None = Field(default=None, max_length=40, description="Publication date, YYYY-MM-DD.")
    article_id: str = Field(default="text", min_length=1, max_length=200)


class CodeResponse(BaseModel):
    article_id: str
    sentences: int
    events: list[EventOut]


class IngestRequest(CodeRequest):
    title: str | None = Field(default=None, max_length=1000)
    source: str | None = Field(default=None, max_length=200)


class IngestResponse(BaseModel):
    new: int
    duplicate: int
    events: int
