"""The function words the event coder reads: prepositions, determiners, negation and modality cues,
intent verbs, quantity nouns. Closed classes of English, not domain knowledge (that lives in the
pattern files and ``data/code_shifts.tsv``)."""

from __future__ import annotations

__all__ = [
    "ADVERBS",
    "AGREEMENT_TRIGGERS",
    "BE",
    "CLAIMS",
    "CLAIM_FILLERS",
    "CONDITIONALS",
    "DENIALS",
    "DETERMINERS",
    "EASING",
    "FAILURES",
    "FUTURE",
    "HARD_BOUNDARIES",
    "HYPOTHETICAL",
    "INTENT_VERBS",
    "LOCATIVES",
    "NEGATIONS",
    "NOUN_PREPOSITIONS",
    "PARTICIPLES",
    "PREPOSITIONS",
    "QUANTITIES",
    "RELATIVES",
    "SUBORDINATORS",
]

PREPOSITIONS = frozenset(
    [
        "of",
        "in",
        "with",
        "to",
        "for",
        "from",
        "at",
        "on",
        "by",
        "against",
        "near",
        "under",
        "between",
        "about",
        "into",
        "over",
        "among",
        "toward",
        "towards",
        "across",
        "through",
        "within",
        "without",
        "after",
        "before",
        "during",
        "including",
        "like",
        "than",
        "via",
        "amid",
        "upon",
        "behind",
    ]
)
DETERMINERS = frozenset(["the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "these", "those"])
BE = frozenset(["was", "were", "is", "are", "be", "been", "being", "am"])
ADVERBS = frozenset(
    [
        "also",
        "reportedly",
        "allegedly",
        "later",
        "then",
        "already",
        "just",
        "recently",
        "warmly",
        "officially",
    ]
)
NEGATIONS = frozenset({"not", "never", "no", "n't", "neither", "nor", "without"})
DENIALS = frozenset({"deny", "denied", "denies", "denying"})
FAILURES = frozenset(
    {"fail", "fails", "failed", "failing", "refuse", "refuses", "refused", "refusing", "avoid", "avoids", "avoided",
     "avoiding", "avert", "averts", "averted", "averting", "prevent", "prevents", "prevented", "preventing"}
)  # fmt: skip
FUTURE = frozenset({"will", "shall", "'ll", "would"})
HYPOTHETICAL = frozenset({"could", "might", "may"})
INTENT_VERBS = frozenset(
    [
        "plan",
        "plans",
        "planned",
        "planning",
        "intend",
        "intends",
        "intended",
        "intending",
        "expect",
        "expects",
        "expected",
        "aim",
        "aims",
        "aimed",
        "hope",
        "hopes",
        "hoped",
        "want",
        "wants",
        "wanted",
        "seek",
        "seeks",
        "sought",
        "prepare",
        "prepares",
        "prepared",
        "preparing",
        "schedule",
        "scheduled",
        "set",
        "due",
        # offers and agreements to act are CAMEO "express intent" (03): "agreed to withdraw"
        "willing",
        "ready",
        "agree",
        "agrees",
        "agreed",
        "offer",
        "offers",
        "offered",
        "pledge",
        "pledges",
        "pledged",
        "promise",
        "promises",
        "promised",
        "vow",
        "vows",
        "vowed",
    ]
)
AGREEMENT_TRIGGERS = frozenset({"agree", "agrees", "agreed", "agreeing"})
CONDITIONALS = frozenset({"if", "unless", "whether"})
HARD_BOUNDARIES = frozenset({";", ":", "“", "”", '"'})
# irregular past participles that do not end like regular ones ("was shot dead", "were held")
PARTICIPLES = frozenset(
    {"shot", "hit", "struck", "held", "sold", "told", "led", "met", "set", "put", "cut", "shut", "hurt", "sent",
     "spent", "built", "dealt", "kept", "swept", "left", "lost", "won", "slain", "stuck", "hung", "bound", "found",
     "fed", "bled", "fled", "spread", "split", "quit", "let", "beat", "burnt", "meant", "lent", "bent"}
)  # fmt: skip
LOCATIVES = frozenset({"in", "near", "at", "along", "off", "outside", "inside", "around", "across", "on"})
RELATIVES = frozenset({"who", "which", "whom"})
SUBORDINATORS = frozenset(
    {"after", "before", "when", "while", "because", "since", "although", "though", "until", "unless", "whereas",
     "once", "whenever"}
)  # fmt: skip
QUANTITIES = frozenset(
    {"hundreds", "thousands", "dozens", "scores", "millions", "tens", "group", "groups", "number", "some", "many",
     "most", "several", "members", "contingent", "unit", "units", "team", "teams", "delegation", "batch", "band",
     "gang", "crowd", "crowds", "convoy", "column", "wave", "handful", "couple", "pair", "lot", "lots", "all"}
)  # fmt: skip
EASING = frozenset(
    {"lift", "lifts", "lifted", "lifting", "ease", "eases", "eased", "easing", "remove", "removes", "removed",
     "removing", "end", "ends", "ended", "ending", "scrap", "scrapped", "waive", "waived", "relax", "relaxed",
     "suspend", "suspended", "drop", "dropped"}
)  # fmt: skip
CLAIMS = frozenset({"claim", "claims", "claimed", "claiming"})
CLAIM_FILLERS = frozenset({"that", "they", "he", "she", "it", "we", "had", "have", "has", "having", "to", "been"})
NOUN_PREPOSITIONS = frozenset({"to", "with", "on", "against", "of", "for", "toward", "towards", "into", "at", "by"})
