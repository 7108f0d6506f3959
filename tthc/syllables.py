"""Which words are Vietnamese: the syllable list of Debian's hunspell-vi (`vi_VN.dic`, one syllable a
line, MPL-2.0), read as data, and the two forms words are compared in.

Two forms of every word: *exact* (tthc.text.canonical_tones: tones kept, old/new tone placement equal,
so hòa = hoà ≠ hoa) and *folded* (tthc.text.fold: no marks, đ→d). Typed with tones, a word is
Vietnamese when its syllable is listed; typed without tones, when some listed syllable folds to it.
Search never "corrects" such a word into another one, and the PDF reader never glues it to the line
above. It sits low in the layers because both search and the file readers use it, so it reads no
setting: search asks for the list at the place the setting VI_DICTIONARY names (tthc.search.dictionary);
the file readers, below the settings, use Debian's place (`DEFAULT_DICTIONARY`, the setting's default).
Without the package installed (scripts/setup.sh installs it) nothing is known to be valid, and each
user falls back to what it did without the list.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .text import canonical_tones, fold

DEFAULT_DICTIONARY = "/usr/share/hunspell/vi_VN.dic"
DICTIONARY_VARIABLE = "TTHC_VI_DICTIONARY"

# Vietnamese writes a final i/y both ways after a consonant (kí/ký, lí/lý, mĩ/mỹ, hi/hy, ti/ty, qui/quy):
# the two spellings are the same word, so both forms of a word use i. "y" alone, "uy" (huy ≠ hui) and
# "ay"/"ây" (tay ≠ tai) are other words and stay as they are.
_IY_RE = re.compile(r"^(b|c|ch|d|đ|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x)y(\d*)$")


def same_i_y(form: str) -> str:
    """A folded or exact (tone digit) form with its final y spelled i after a consonant."""
    return _IY_RE.sub(r"\1i\2", form)


@lru_cache(maxsize=200000)
def exact_form(word: str) -> str:
    return same_i_y(canonical_tones(word))


@lru_cache(maxsize=200000)
def folded_form(word: str) -> str:
    return same_i_y(fold(word))


@lru_cache(maxsize=4)
def syllables_at(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """(exact forms, folded forms) of the syllables listed in `path`; empty when it is missing."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset(), frozenset()
    words = [line.split("/")[0].strip().lower() for line in lines[1:]]  # the first line is a count
    words = [w for w in words if w and w.isalpha()]
    return frozenset(exact_form(w) for w in words), frozenset(folded_form(w) for w in words)


def is_listed(word: str, listed: tuple[frozenset[str], frozenset[str]]) -> bool:
    """Whether `word` is a syllable of `listed` (syllables_at): as typed with tones, or folded without."""
    exact, folded = listed
    form, plain = exact_form(word), folded_form(word)
    return form in exact if form != plain else plain in folded
