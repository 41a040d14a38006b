"""The actor knowledge base: countries, organisations, role nouns and people with dated roles.

Loaded from the package's data files (formats in docs/knowledge.md) plus any user files, validated
once, and compiled into a dictionary of normalised phrases for :mod:`kestrel.actors.match`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kestrel._datafiles import package_path, parse_loose_date, read_tsv, read_yaml_sequence, split_multi
from kestrel.errors import DataFileError
from kestrel.models import Actor
from kestrel.text import tokenize

__all__ = [
    "SECTORS",
    "Alias",
    "KBEntry",
    "KnowledgeBase",
    "Role",
    "default_knowledge_base",
    "load_knowledge_base",
    "phrase_key",
]

SECTORS = frozenset(
    [
        "GOV",
        "MIL",
        "COP",
        "JUD",
        "LEG",
        "SPY",
        "REB",
        "OPP",
        "PTY",
        "BUS",
        "MED",
        "EDU",
        "CVL",
        "REL",
        "LAB",
        "REF",
        "HLH",
        "ELI",
        "CRM",
        "NGO",
        "IGO",
        "AGR",
        "ENV",
        "HRI",
        "MOD",
        "RAD",
        "UAF",
        "SET",
        "DEV",
        "MNC",
    ]
)
_COUNTRY_RE = re.compile(r"^[A-Z]{3}$")
_ORG_KINDS = frozenset({"igo", "ngo", "group", "party", "organization", "region"})
_AGENT_FLAGS = frozenset({"person", "group", "modifier", "honorific"})


@dataclass(frozen=True, slots=True)
class Role:
    """A dated office: ``title`` held in ``country`` with ``sectors`` from ``start`` to ``end``."""

    title: str
    country: str
    sectors: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None
    code: str | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One thing the knowledge base knows: a country, seat, organisation, role noun or person.

    ``kind`` is ``country``, ``capital``, one of the organisation kinds (``igo``, ``ngo``,
    ``group``, ``party``, ``organization``, ``region``), ``person``, or for role nouns
    ``agent``, ``modifier`` or ``honorific``.
    """

    kb_id: str
    kind: str
    name: str
    country: str | None = None
    sectors: tuple[str, ...] = ()
    code: str | None = None
    flags: frozenset[str] = frozenset()
    roles: tuple[Role, ...] = ()
    origin: str = ""

    @property
    def is_actor(self) -> bool:
        """True for entries that name an actor on their own (not role nouns or modifiers)."""
        return self.kind not in ("agent", "modifier", "honorific")

    def actor(self, on: dt.date | None = None, *, hint: str | None = None) -> Actor:
        """The coded actor this entry stands for, on date ``on`` for people with dated roles.

        ``hint`` is a country or IGO code the text gives ("European Council President Donald
        Tusk": IGO); among a person's possible roles, one in that country is preferred.
        """
        if self.kind == "person":
            return self._person_actor(on, hint)
        code = self.code or (self.country or "") + "".join(self.sectors) or "---"
        return Actor(code, self.country, self.sectors, self.name, self.kb_id, _actor_kind(self.kind), self.origin)

    def _person_actor(self, on: dt.date | None, hint: str | None) -> Actor:
        role = _pick_role(self.roles, on, hint)
        sectors: tuple[str, ...]
        if role is None:
            country, sectors, why = self.country, (), "no role known at that date"
            ended = [r for r in self.roles if on is not None and r.end is not None and r.end < on]
            if ended:  # between or after offices: a former official of their own country
                sectors, why = ("ELI",), f"former {max(ended, key=lambda r: r.end or dt.date.min).title}"
        else:
            country, sectors, why = role.country, role.sectors, role.title
        sectors = tuple(x for x in sectors if x != country)  # an IGO official is IGO, not IGOIGO
        code = (role.code if role and role.code else None) or (country or "") + "".join(sectors) or "---"
        when = f" on {on.isoformat()}" if on else ""
        return Actor(code, country, sectors, self.name, self.kb_id, "person", f"{why}{when} ({self.origin})")


def _actor_kind(kind: str) -> str:
    if kind in ("capital", "country", "demonym"):
        return "country"
    if kind == "group":
        return "group"
    return "organization"


def _pick_role(roles: Sequence[Role], on: dt.date | None, hint: str | None = None) -> Role | None:
    """The role held on ``on`` (the latest-started if several), preferring roles in ``hint``.

    Without a date: a role in ``hint`` if there is one, else a current role, else the last one.
    """
    candidates = list(roles) if on is None else [r for r in roles if r.covers(on)]
    hinted = [r for r in candidates if hint and r.country == hint]
    if hinted:
        candidates = hinted
    elif on is None:
        candidates = [r for r in roles if r.end is None] or list(roles)
    return max(candidates, key=lambda r: r.start or dt.date.min) if candidates else None


@dataclass(frozen=True, slots=True)
class Alias:
    """A phrase that names an entry: its key, its case rule and the entry."""

    key: str
    case: str  # "upper", "title" or "any"
    entry: KBEntry


def phrase_key(phrase: str) -> str:
    """The normalised key of a phrase: its tokens' normal forms joined by single spaces."""
    return " ".join(t.norm for t in tokenize(phrase))


def _case_rule(phrase: str) -> str:
    letters = [c for c in phrase if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "upper"
    return "title" if phrase[:1].isupper() else "any"


@dataclass(slots=True)
class KnowledgeBase:
    """Every entry and alias, keyed for matching. Build with :func:`load_knowledge_base`."""

    entries: dict[str, KBEntry] = field(default_factory=dict)
    aliases: dict[str, list[Alias]] = field(default_factory=dict)

    def add(self, entry: KBEntry, names: Iterable[str]) -> None:
        self.entries[entry.kb_id] = entry
        for name in names:
            key = phrase_key(name)
            if key:
                self.aliases.setdefault(key, []).append(Alias(key, _case_rule(name), entry))

    def lookup(self, phrase: str) -> list[KBEntry]:
        """Entries whose alias matches ``phrase`` (case rules applied), best first."""
        return [a.entry for a in _ranked(self.aliases.get(phrase_key(phrase), []), phrase)]


def _ranked(aliases: list[Alias], surface: str) -> list[Alias]:
    upper = surface.isupper()
    title = surface[:1].isupper()
    ok = [a for a in aliases if a.case == "any" or (a.case == "title" and title) or (a.case == "upper" and upper)]
    if len(ok) < 2:
        return ok
    # later files override earlier ones: reverse before the stable sort
    return sorted(reversed(ok), key=lambda a: _CASE_ORDER[a.case])


_CASE_ORDER = {"upper": 0, "title": 1, "any": 2}


def load_knowledge_base(extra: Iterable[str | Path] = (), *, defaults: bool = True) -> KnowledgeBase:
    """Load the package's knowledge files (unless ``defaults`` is False) and then ``extra`` files.

    ``extra`` may name files or folders. A file's format follows its name: ``countries*.tsv``,
    ``organizations*.tsv``, ``agents*.tsv``, or ``*.yaml``/``*.yml`` for people. Entries of later
    files replace earlier entries with the same id, and their aliases take precedence.
    """
    kb = KnowledgeBase()
    files: list[Path] = []
    if defaults:
        data = package_path("actors", "data")
        files += [data / "countries.tsv", data / "organizations.tsv", data / "agents.tsv"]
        files += sorted((data / "people").glob("*.yaml"))
    for item in extra:
        path = Path(item)
        if not path.exists():
            raise DataFileError(str(path), None, "no such file or folder; check the --actors path")
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for path in files:
        _load_file(kb, path)
    return kb


@lru_cache(maxsize=1)
def default_knowledge_base() -> KnowledgeBase:
    """The package's knowledge base, loaded once per process."""
    return load_knowledge_base()


def _load_file(kb: KnowledgeBase, path: Path) -> None:
    name = path.name.lower()
    if name.startswith("countries") and name.endswith(".tsv"):
        _load_countries(kb, path)
    elif name.startswith("organizations") and name.endswith(".tsv"):
        _load_organizations(kb, path)
    elif name.startswith("agents") and name.endswith(".tsv"):
        _load_agents(kb, path)
    elif name.endswith((".yaml", ".yml")):
        _load_people(kb, path)
    elif not name.startswith((".", "readme")):
        raise DataFileError(
            str(path),
            None,
            "unknown knowledge file; name it countries*.tsv, organizations*.tsv, agents*.tsv or *.yaml (people)",
        )


def _sectors(path: Path, line: int, items: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for item in items:
        chunks = [item[i : i + 3] for i in range(0, len(item), 3)]
        for code in chunks:
            if code not in SECTORS:
                raise DataFileError(str(path), line, f"unknown sector code {code!r}; see docs/knowledge.md")
            out.append(code)
    return tuple(out)


def _country(path: Path, line: int, value: str) -> str:
    if not _COUNTRY_RE.match(value):
        raise DataFileError(str(path), line, f"country must be a 3-letter upper-case code, not {value!r}")
    return value


def _load_countries(kb: KnowledgeBase, path: Path) -> None:
    for line, (iso3, names, adjectives, capitals) in read_tsv(path, 3, 4):
        code = _country(path, line, iso3)
        name_list = split_multi(names)
        if not name_list:
            raise DataFileError(str(path), line, "a country needs at least one name")
        origin = f"{path.name}:{line}"
        kb.add(KBEntry(code.lower(), "country", name_list[0], code, origin=origin), name_list)
        kb.add(
            KBEntry(f"{code.lower()}:adj", "demonym", name_list[0], code, origin=origin),
            split_multi(adjectives),
        )
        for item in split_multi(capitals):
            seat, _, sector_field = item.partition("=")
            sectors = _sectors(path, line, [sector_field.strip() or "GOV"])
            entry = KBEntry(f"{code.lower()}:{phrase_key(seat)}", "capital", seat.strip(), code, sectors, origin=origin)
            kb.add(entry, [seat.strip()])


def _load_organizations(kb: KnowledgeBase, path: Path) -> None:
    for line, (kb_id, code, country, sectors, kind, names) in read_tsv(path, 6, 6):
        if kind not in _ORG_KINDS:
            raise DataFileError(str(path), line, f"kind must be one of {sorted(_ORG_KINDS)}, not {kind!r}")
        name_list = split_multi(names)
        if not kb_id or not name_list:
            raise DataFileError(str(path), line, "an organisation needs an id and at least one name")
        entry = KBEntry(
            kb_id,
            kind,
            name_list[0],
            _country(path, line, country) if country else None,
            _sectors(path, line, split_multi(sectors)),
            code or None,
            origin=f"{path.name}:{line}",
        )
        kb.add(entry, name_list)


def _load_agents(kb: KnowledgeBase, path: Path) -> None:
    for line, (names, sectors, flags) in read_tsv(path, 2, 3):
        flag_set = frozenset(split_multi(flags))
        if not flag_set <= _AGENT_FLAGS:
            raise DataFileError(str(path), line, f"unknown flag(s) {sorted(flag_set - _AGENT_FLAGS)}")
        name_list = split_multi(names)
        if not name_list:
            raise DataFileError(str(path), line, "an agent row needs at least one name")
        kind = "modifier" if "modifier" in flag_set else "honorific" if "honorific" in flag_set else "agent"
        entry = KBEntry(
            f"agent:{phrase_key(name_list[0])}",
            kind,
            name_list[0],
            None,
            _sectors(path, line, split_multi(sectors)),
            flags=flag_set,
            origin=f"{path.name}:{line}",
        )
        kb.add(entry, name_list)


def _load_people(kb: KnowledgeBase, path: Path) -> None:
    for line, item in read_yaml_sequence(path):
        if not isinstance(item, dict) or not item.get("id") or not item.get("name"):
            raise DataFileError(str(path), line, "each person needs at least `id` and `name`")
        country = _country(path, line, str(item.get("country", "")))
        roles = tuple(_role(path, line, r, country) for r in item.get("roles") or [])
        aliases = [str(a) for a in item.get("aliases") or []]
        entry = KBEntry(
            str(item["id"]),
            "person",
            str(item["name"]),
            country,
            roles=tuple(sorted(roles, key=lambda r: r.start or dt.date.min)),
            origin=f"{path.name}:{line}",
        )
        kb.add(entry, [entry.name, *aliases])


def _role(path: Path, line: int, raw: object, country: str) -> Role:
    if not isinstance(raw, dict) or "title" not in raw:
        raise DataFileError(str(path), line, "each role needs a `title` (and sectors, start, end)")
    try:
        start = parse_loose_date(raw["start"]) if raw.get("start") else None
        end = parse_loose_date(raw["end"], end=True) if raw.get("end") else None
    except (ValueError, TypeError) as exc:
        raise DataFileError(str(path), line, f"role {raw['title']!r}: {exc}") from exc
    if start and end and end < start:
        raise DataFileError(str(path), line, f"role {raw['title']!r} ends before it starts")
    role_country = _country(path, line, str(raw.get("country", country)))
    code = str(raw["code"]) if raw.get("code") else None
    return Role(str(raw["title"]), role_country, _sectors(path, line, raw.get("sectors") or []), start, end, code)
