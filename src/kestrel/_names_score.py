"""Scoring two names: token similarity, one-to-one alignment, coverage and near-namesake penalty."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from kestrel._names_norm import ParsedName, Tok, fold, knowledge, make_tok, parse_name, rough_skeletons

__all__ = [
    "DEFAULT_THRESHOLD",
    "explain_similarity",
    "name_key",
    "name_similarity",
    "same_name",
    "schema_is_org",
]

DEFAULT_THRESHOLD = 0.6
"""Scores at or above this mean "same name" (chosen on development pairs; see bench/names.py)."""

_LO, _HI, _TOP = 0.80, 0.96, 0.9  # Jaro-Winkler -> token match strength: 0 below _LO, _TOP at _HI
_STRONG = 0.5  # a token weighing at least this counts when it is left unmatched
_WEAK_MATCH = 0.5  # an aligned pair below this strength leaves both tokens "unmatched"
_CONFLICT = 0.85  # score factor when both names keep a clearly different strong token
_RELATIVE = 0.6  # score factor when one name is the other with an extra leading given name
_Pair = tuple[int, int, float, str]
_GENERATION = 0.5  # score factor when Jr./Sr./II/III differ (or only one name has one)
_INITIALISM = 0.85  # MBS / Mohammed bin Salman
_SHORTENED = 0.75  # Abdelkader / Kader: the fused prefix dropped
_FUSED = tuple(sorted(set(knowledge().prefixes.values())))
_TITLES = knowledge().titles
_DROPPABLE = knowledge().droppable
_folded = lru_cache(maxsize=100_000)(fold)  # names recur across the pairs of a resolution pass
_FUSED_AFTER = tuple(sorted(set(knowledge().suffixes.values())))
_GLUED_ENDINGS = frozenset({"ur", "ul", "ud", "as", "is", "us", "ys"})
_ORG_WORDS = ("organization", "organisation", "company", "entity", "legalentity", "vessel", "org")
_PERSON_WORDS = ("person", "people", "individual")
_tok_cache: dict[tuple[str, bool, str, bool], tuple[float, str]] = {}


def schema_is_org(schema: str | None) -> bool | None:
    """True for an organisation schema, False for a person, None when unknown or absent."""
    if not schema:
        return None
    low = schema.strip().lower()
    if low.startswith(_ORG_WORDS):
        return True
    if low.startswith(_PERSON_WORDS):
        return False
    return None


def _jw(a: str, b: str) -> float:
    return float(JaroWinkler.normalized_similarity(a, b, prefix_weight=0.1))


def _strength(sim: float) -> float:
    if sim <= _LO:
        return 0.0
    return _TOP * min(1.0, (sim - _LO) / (_HI - _LO))


def _tok_sim(a: Tok, b: Tok) -> tuple[float, str]:
    """How strongly two tokens match (0..1) and how (``same``, ``equiv``, ``key``, ``initial``…)."""
    if a.text == b.text:
        return 1.0, "same"
    if b.text < a.text:
        a, b = b, a
    cache_key = (a.text, a.abjad, b.text, b.abjad)
    hit = _tok_cache.get(cache_key)
    if hit is not None:
        return hit
    result = _tok_sim_uncached(a, b)
    if len(_tok_cache) > 500_000:
        _tok_cache.clear()
    _tok_cache[cache_key] = result
    return result


def _tok_sim_uncached(a: Tok, b: Tok) -> tuple[float, str]:
    if (a.text in _TITLES) != (b.text in _TITLES):
        return 0.0, ""  # a title is not a name: "Dr." / Dhawahri
    if _gendered(a.text, b.text):
        return 0.0, ""  # Daniel / Daniela, Mario / Maria, Ivanov / Ivanova: different people
    if a.groups & b.groups:
        return 0.95, "equiv"
    for prefix in _FUSED:
        in_a, in_b = a.text.startswith(prefix), b.text.startswith(prefix)
        if in_a and in_b and min(len(a.text), len(b.text)) > 4:
            rest_a = make_tok(a.text[len(prefix) :], False, a.abjad)
            rest_b = make_tok(b.text[len(prefix) :], False, b.abjad)
            return _tok_sim(rest_a, rest_b)  # Abu Bakr / Abu Omar: compare what follows "Abu"
        if in_a != in_b:
            whole, bare = (a, b) if in_a else (b, a)
            if len(whole.text) - len(prefix) >= 3 and len(bare.text) >= 3:
                sim, _how = _tok_sim(make_tok(whole.text[len(prefix) :], False, whole.abjad), bare)
                if sim >= _WEAK_MATCH:  # Abdelkader / Kader, Abu Khalil / Khalil: a shortened form
                    return _SHORTENED * sim, "shortened"
    for suffix in _FUSED_AFTER:
        if a.text.endswith(suffix) != b.text.endswith(suffix):
            whole, bare = (a, b) if a.text.endswith(suffix) else (b, a)
            stem = whole.text[: -len(suffix)]
            if len(stem) >= 3 and len(bare.text) >= 3:
                sim, _how = _tok_sim(make_tok(stem, False, whole.abjad), bare)
                if sim >= _WEAK_MATCH:  # Sirajuddin / Siraj, Saifullah / Saif: a shortened form
                    return _SHORTENED * sim, "shortened"
    if a.initial or b.initial:
        if a.text[0] == b.text[0] or a.key[0] == b.key[0]:
            return (0.8, "initial") if not (a.initial and b.initial) else (0.9, "initial")
        return 0.0, ""
    if a.abjad or b.abjad:
        best = max(_jw(x, y) for x in a.skels for y in b.skels)
        if a.skels & b.skels and min(len(s) for s in a.skels) >= 2:
            return 0.9, "skeleton"
        rough = rough_skeletons(a.text) & rough_skeletons(b.text)
        if rough and (min(len(s) for s in rough) >= 3 or min(len(a.text), len(b.text)) >= 6):
            return 0.85, "rough skeleton"
        return _strength(best), "skeleton~"
    if a.key == b.key:
        return (0.92, "key") if len(a.key) >= 3 else (0.8, "key")
    if a.groups and b.groups and not _related(a.groups, b.groups):
        return 0.0, ""  # two different known names that merely look alike: Salman / Sultan, Hamid / Ahmed
    sim = max(_jw(a.text, b.text), _jw(a.key, b.key))
    short, long_ = sorted((a.key, b.key), key=len)
    glued = sorted((a.text, b.text), key=len)
    if len(glued[0]) >= 4 and glued[1].startswith(glued[0]) and glued[1][len(glued[0]) :] in _GLUED_ENDINGS:
        return 0.9, "ending"  # Fazlur / Fazl (a fused particle), Leontjevas / Leontjev (a Baltic ending)
    if long_.startswith(short) and len(long_) - len(short) >= 2 and len(short) >= 3:
        sim = min(sim, 0.84)  # Ivanov / Ivanovich, Sadeghi / Sedaghati: a longer, different name
    elif short in long_ and len(long_) - len(short) == 1:
        sim = max(sim, 0.9)  # Tun / Htun, Hamza / Hamzah
    if a.skels & b.skels and min(len(s) for s in a.skels) >= 3:
        sim = max(sim, 0.88)
    if min(len(a.text), len(b.text)) <= 3:
        sim -= 0.05
    strength = _strength(sim)
    return strength, ("spelling" if strength else "")


def _gendered(a: str, b: str) -> bool:
    """A masculine and a feminine form of one name: a final ``a`` added or replacing ``o``."""
    short, long_ = sorted((a, b), key=lambda text: (len(text), text.endswith("a")))
    if len(short) < 3 or not long_.endswith("a"):
        return False
    if long_ == short + "a":
        return short[-1] not in "aeiouyh"
    # -ko / -ka is Ukrainian / Belarusian spelling of one surname (Lukashenko / Lukashenka), not gender
    return len(long_) == len(short) and short[-1] == "o" and short[:-1] == long_[:-1] and short[-2] != "k"


@lru_cache(maxsize=65536)
def _related(ga: frozenset[int], gb: frozenset[int]) -> bool:
    """Whether two sets of given-name groups share a spelling (Qasim's two lines: qassim / qassem)."""
    members = knowledge().members
    left = set().union(*(members[g] for g in ga))
    return any(left & members[g] for g in gb)


def _align(xs: tuple[Tok, ...], ys: tuple[Tok, ...]) -> list[_Pair]:
    """Greedy one-to-one alignment, strongest pairs first (order-independent for symmetry)."""
    cands: list[tuple[float, str, str, int, int, str]] = []
    for i, x in enumerate(xs):
        for j, y in enumerate(ys):
            s, how = _tok_sim(x, y)
            if s > 0:
                lo, hi = sorted((x.text, y.text))
                cands.append((-s, lo, hi, i, j, how))
    cands.sort()
    used_x: set[int] = set()
    used_y: set[int] = set()
    pairs = []
    for neg, _lo, _hi, i, j, how in cands:
        if i not in used_x and j not in used_y:
            used_x.add(i)
            used_y.add(j)
            pairs.append((i, j, -neg, how))
    return pairs


def _score_tokens(xs: tuple[Tok, ...], ys: tuple[Tok, ...], is_org: bool, explain: bool) -> tuple[float, str]:
    """The score of two token sequences and, if ``explain``, why (the reason is not built otherwise:
    resolving the actors of a store needs only the scores)."""
    pairs = _align(xs, ys)
    px = [0.0] * len(xs)
    py = [0.0] * len(ys)
    mass = 0.0
    for i, j, s, _how in pairs:
        px[i] = py[j] = s
        mass += min(xs[i].weight, ys[j].weight) * s
    wx = sum(t.weight for t in xs) or 1.0
    wy = sum(t.weight for t in ys) or 1.0
    cx = sum(t.weight * p for t, p in zip(xs, px, strict=True)) / wx
    cy = sum(t.weight * p for t, p in zip(ys, py, strict=True)) / wy
    hi, lo = max(cx, cy), min(cx, cy)
    score = (0.5 * hi + 0.5 * lo) if is_org else (0.75 * hi + 0.25 * lo)
    miss_x = [t.text for t, p in zip(xs, px, strict=True) if t.weight >= _STRONG and p < _WEAK_MATCH]
    miss_y = [t.text for t, p in zip(ys, py, strict=True) if t.weight >= _STRONG and p < _WEAK_MATCH]
    notes = (
        [f"{xs[i].text}~{ys[j].text} ({how} {s:.2f})" for i, j, s, how in pairs if s >= _WEAK_MATCH] if explain else []
    )
    if miss_x and miss_y:
        score *= _CONFLICT
        notes.append(f"differ: {' '.join(miss_x)} / {' '.join(miss_y)}")
    elif miss_x or miss_y:
        notes.append(f"only in one: {' '.join(miss_x or miss_y)}")
    if mass < 1.0:
        score *= 0.5 + 0.5 * mass
        notes.append("little evidence")
    if not is_org and _extra_leading_name(xs, ys, px, py, pairs):
        score *= _RELATIVE
        notes.append("extra leading name (a relative?)")
    return score, "; ".join(notes) if explain else ""


def _extra_leading_name(
    xs: tuple[Tok, ...], ys: tuple[Tok, ...], px: list[float], py: list[float], pairs: list[_Pair]
) -> bool:
    """Arabic-style chains: "Uday Saddam Hussein" is Saddam Hussein's son, not Saddam Hussein.

    True when one name starts with an unmatched given name and the other name's first token is
    matched to that name's second token.
    """
    for a, b, pa, flip in ((xs, ys, px, False), (ys, xs, py, True)):
        if len(a) <= len(b) or len(a) < 3 or a[0].weight < _STRONG or pa[0] >= _WEAK_MATCH or a[0].text in _DROPPABLE:
            continue
        for i, j, s, _how in pairs:
            first_b, in_a = (i, j) if flip else (j, i)
            if first_b == 0 and in_a == 1 and s >= _WEAK_MATCH and b[0].weight >= _STRONG:
                return True
    return False


@lru_cache(maxsize=65536)
def _joined(a: Tok, b: Tok, is_org: bool) -> Tok:
    return make_tok(a.text + b.text, is_org, a.abjad or b.abjad)


def _score_variant(xs: tuple[Tok, ...], ys: tuple[Tok, ...], is_org: bool, explain: bool) -> tuple[float, str]:
    best = _score_tokens(xs, ys, is_org, explain)
    if best[0] >= 0.9:
        return best
    matched = {t.text for t in xs if any(t.text == u.text for u in ys)}
    for side, other, flip in ((xs, ys, False), (ys, xs, True)):
        lengths = {len(t.text) for t in other if t.text not in matched and t.weight >= 0.1}
        if not lengths:
            continue
        longest = max(lengths)
        for k in range(len(side) - 1):
            for n in (2, 3):
                run = side[k : k + n]
                if len(run) < n or any(t.weight < 0.1 or t.text in matched for t in run):
                    break
                size = sum(len(t.text) for t in run)
                if size > longest + 3:
                    break
                if not any(abs(size - length) <= 3 for length in lengths):
                    continue
                joined = run[0]
                for t in run[1:]:
                    joined = _joined(joined, t, is_org)
                merged = (*side[:k], joined, *side[k + n :])
                cand = (
                    _score_tokens(other, merged, is_org, explain)
                    if flip
                    else _score_tokens(merged, other, is_org, explain)
                )
                if cand[0] > best[0]:
                    best = (cand[0], f"{cand[1]}; joined {joined.text}")
    return best


def _acronym_match(a: ParsedName, b: ParsedName) -> bool:
    for x, y in ((a, b), (b, a)):
        for variant in x.variants:
            words = [t.text for t in variant if t.weight > 0]
            if len(words) == 1 and 2 <= len(words[0]) <= 6 and words[0] in y.acronyms:
                return True
    return False


def _initialism(a: str, b: str) -> bool:
    """A person written as capital initials: MBS / Mohammed bin Salman, AMLO / Andrés Manuel López Obrador."""
    kb = knowledge()
    for x, y in ((a, b), (b, a)):
        short = _folded(x).split()
        if len(short) != 1 or not 2 <= len(short[0]) <= 5 or not x.strip().isupper():
            continue
        words = [w for w in _folded(y).split() if w not in kb.titles]
        if len(words) >= 2 and short[0] in {
            "".join(w[0] for w in words),
            "".join(w[0] for w in words if w not in kb.particles),
        }:
            return True
    return False


def explain_similarity(a: str, b: str, *, schema: str | None = None) -> tuple[float, str]:
    """The similarity of two names (0..1) and a short reason naming matched and differing tokens."""
    return _similarity(a, b, schema, explain=True)


def _similarity(a: str, b: str, schema: str | None, *, explain: bool) -> tuple[float, str]:
    is_org = schema_is_org(schema)
    pa, pb = parse_name(a, is_org), parse_name(b, is_org)
    org = pa.is_org or pb.is_org
    if pa.is_org != pb.is_org:
        pa, pb = parse_name(a, org), parse_name(b, org)
    if not pa.variants or not pb.variants:
        return 0.0, "no comparable letters"
    if _folded(a) == _folded(b):
        return 1.0, "same spelling"
    best, why = 0.0, "nothing in common"
    for xs in pa.variants:
        for ys in pb.variants:
            score, reason = _score_variant(xs, ys, org, explain)
            if score > best:
                best, why = score, reason
    if org and best < 0.9 and _acronym_match(pa, pb):
        best, why = 0.9, "acronym"
    if not org and best < _INITIALISM and _initialism(a, b):
        best, why = _INITIALISM, "initials of the full name"
    if not org and pa.generation != pb.generation:
        best *= _GENERATION
        why += f"; different generation ({pa.generation or '-'} / {pb.generation or '-'})"
    return round(min(1.0, max(0.0, best)), 6), why


def name_similarity(a: str, b: str, *, schema: str | None = None) -> float:
    """How likely two names denote the same person or organisation, 0..1 (symmetric)."""
    return _similarity(a, b, schema, explain=False)[0]


def same_name(a: str, b: str, *, schema: str | None = None, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """True when :func:`name_similarity` reaches ``threshold``."""
    return name_similarity(a, b, schema=schema) >= threshold


def name_key(name: str) -> str:
    """A normalised blocking key: the sorted phonetic keys of the name's meaningful tokens.

    Case, accents, hyphens, particles, titles and common transliteration differences do not change
    it ("Muammar al-Gaddafi" and "Moammar Qadhafi" share a key); given-name equivalents map to one
    form. For blocking candidate pairs, split it on spaces and block on any shared token key.
    """
    parsed = parse_name(name, None)
    if not parsed.variants:
        return ""
    kb = knowledge()
    keys = set()
    for tok in parsed.variants[0]:
        if tok.weight >= (0.01 if parsed.is_org else 0.1):
            keys.add(kb.canon[min(tok.groups)] if tok.groups else tok.key)
    if not keys:
        keys = {tok.key for tok in parsed.variants[0]}
    return " ".join(sorted(keys))
