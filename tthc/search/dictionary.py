"""Which words are Vietnamese, for search: the syllable list of hunspell-vi (tthc.syllables) at the place
the setting VI_DICTIONARY (TTHC_VI_DICTIONARY) names. A word that is a valid syllable is never
"corrected" into another one (kinship words, times, places that no procedure name holds stay as typed).
Without the package installed nothing is known to be valid and typo correction works on the
catalogue's words alone."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..config import process_settings
from ..syllables import is_listed, syllables_at


@lru_cache(maxsize=1)  # read once per process, as process_settings: a query asks it for every word
def dictionary_path() -> Path:
    """The syllable list: the setting VI_DICTIONARY (TTHC_VI_DICTIONARY), read from the environment."""
    return Path(process_settings().vi_dictionary)


def syllables() -> tuple[frozenset[str], frozenset[str]]:
    """(exact forms, folded forms) of the dictionary's syllables; empty when it is missing."""
    return syllables_at(dictionary_path())


def is_vietnamese(word: str) -> bool:
    return is_listed(word, syllables())
