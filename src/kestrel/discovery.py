"""Actor discovery: people the knowledge base did not know, learnt from titles in the text.

"AOI Chairman Abdel Moneim El-Terras" teaches Kestrel a person (EGY, chairman of AOI) seen on the
article's date. Within an article the short form ("El-Terras", "Terras") is then coded like the
full mention (:mod:`kestrel.actors.coref`); across articles, :func:`discovered_people` lists what
was learnt with its evidence and :func:`to_people_yaml` writes it as a people knowledge file to
review and load with ``--actors``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

import yaml

from kestrel.store import EventStore

__all__ = ["DiscoveredPerson", "discovered_people", "to_people_yaml"]


@dataclass(frozen=True, slots=True)
class DiscoveredPerson:
    """A person learnt from the text, with the evidence."""

    name: str
    code: str
    country: str | None
    sectors: tuple[str, ...]
    titles: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None
    mentions: int
    articles: tuple[str, ...]
    evidence: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


def discovered_people(store: EventStore) -> list[DiscoveredPerson]:
    """People coded from a title and a name that no knowledge-base entry matched."""
    rows = store.db.execute(
        """
        SELECT m.actor_id, any_value(coalesce(m.written_name, m.name)), any_value(m.code), any_value(m.country),
               any_value(m.sectors), count(*), list(DISTINCT m.text), list(DISTINCT a.article_id),
               min(a.pub_date), max(a.pub_date)
        FROM mentions m JOIN articles a USING (article_hash)
        WHERE m.actor_kind = 'person' AND m.actor_id LIKE 'name:%' AND m.kind = 'name'
        GROUP BY m.actor_id
        ORDER BY count(*) DESC, m.actor_id
        """
    ).fetchall()
    out = []
    for _, name, code, country, sectors, n, texts, articles, first, last in rows:
        titles = sorted({t.replace(name, "").strip(" ,") for t in texts if name and name in t} - {""})
        out.append(
            DiscoveredPerson(
                name, code, country, tuple(sectors or ()), tuple(titles),
                first.isoformat() if first else None, last.isoformat() if last else None,
                int(n), tuple(sorted(articles)), tuple(sorted(texts)),
            )
        )  # fmt: skip
    return out


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def to_people_yaml(people: list[DiscoveredPerson]) -> str:
    """A people knowledge file (docs/knowledge.md) for review, one entry per discovered person."""
    entries = []
    for p in people:
        if not p.country:
            continue  # a role without a country cannot be coded from the file
        role: dict[str, Any] = {"title": p.titles[0] if p.titles else "unknown", "sectors": list(p.sectors)}
        if p.first_seen:
            role["start"] = p.first_seen
        entries.append({"id": f"discovered-{_slug(p.name)}", "name": p.name, "country": p.country, "roles": [role]})
    header = "# People discovered by Kestrel from titles in the text. Review before use.\n"
    return header + yaml.safe_dump(entries, sort_keys=False, allow_unicode=True)
