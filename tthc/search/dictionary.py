"""Which words are Vietnamese: the syllable list of Debian's hunspell-vi (`vi_VN.dic`, one syllable a
line, MPL-2.0), read as data. A word that is a valid syllable is never "corrected" into another one
(kinship words, times, places that no procedure name holds stay as typed). Typed with tones, the
syllable itself must be listed; typed without tones, some listed syllable must fold to it.
Without the package installed (scripts/setup.sh installs it) nothing is known to be valid and typo
correction works on the catalogue's words alone, as before."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..config import process_settings
from .analysis import exact_form, folded_form


def dictionary_path() -> Path:
    """The syllable list: the setting VI_DICTIONARY (TTHC_VI_DICTIONARY), read from the environment."""
    return Path(process_settings().vi_dictionary)


@lru_cache(maxsize=1)
def syllables() -> tuple[frozenset[str], frozenset[str]]:
    """(exact forms, folded forms) of the dictionary's syllables; empty when it is missing."""
    try:
        lines = dictionary_path().read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset(), frozenset()
    words = [line.split("/")[0].strip().lower() for line in lines[1:]]  # the first line is a count
    words = [w for w in words if w and w.isalpha()]
    return frozenset(exact_form(w) for w in words), frozenset(folded_form(w) for w in words)


def is_vietnamese(word: str) -> bool:
    exact, folded = syllables()
    form, plain = exact_form(word), folded_form(word)
    return form in exact if form != plain else plain in folded
