"""Cross-transliteration name matching: do two spellings name the same person or organisation?

>>> same_name("Juma Enad Saadoun", "Juma Inad Sadoon")
True
>>> same_name("Mohammed bin Salman", "Mohammed bin Zayed")
False

How a pair is scored (see :func:`explain_similarity` for the reason of one pair):

1. Each name is folded to lower-case ASCII (Cyrillic and Arabic script transliterated, accents,
   apostrophes and hyphens removed) and split into tokens. Prefixes fuse with the next token and
   suffixes with the previous one, so "Abdel Fattah" = "Abd al-Fattah" = "Abdelfattah" and
   "Nur al-Din" = "Nureddine". Particles (al, bin, ould, de, van…) and titles (Haji, Sheikh, Gen.)
   are kept but weigh almost nothing; very frequent names (Muhammad, Ali, Kim) weigh less.
2. Tokens are compared through their spelling, a phonetic key (Gaddafi = Qadhafi, Saadoun = Sadoon,
   Hicham = Hisham, Chang = Jang), consonant skeletons, given-name equivalences and nicknames from
   ``data/name_variants.tsv`` and ``data/given_names.tsv`` (Bill = William, Pepe = José, Xasan =
   Hassan, Yusuf = Joseph), and initials. Shortened forms count for less (Kader / Abdelkader), glued
   particles and Baltic endings are read through (Fazlur / Fazl ur, Leontjevas / Leontjev), and a
   masculine and a feminine form are different names (Daniel / Daniela, Ivanov / Ivanova).
3. Tokens are aligned one to one (word order does not matter; adjacent tokens may be joined, so
   "Chari-Apaporn" = "Chariapaporn"). The score is mostly how well the *shorter* name is covered, so
   missing middle names cost little; when *both* names keep a clearly different token ("Salman" /
   "Zayed", "Muammar" / "Saif al-Islam") the score is cut, which keeps near-namesakes and relatives
   apart. Organisations ignore legal forms (LLC, JSC, Co. Ltd) and also match acronyms; a person
   written as capital initials matches the full name (MBS = Mohammed bin Salman, AMLO).
"""

from __future__ import annotations

from kestrel._names_csv import score_pairs_csv
from kestrel._names_score import (
    DEFAULT_THRESHOLD,
    explain_similarity,
    name_key,
    name_similarity,
    same_name,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "explain_similarity",
    "name_key",
    "name_similarity",
    "same_name",
    "score_pairs_csv",
]
