"""Sample the families of the tune41g/holdout41g pair (see run.py's docstring).

sample39g.py's draw with another seed. The families are families38.py's (sample36g's `family_key`
joined with head families: a name keeping every word of a shorter name, same first word, in order,
adding at most two runs of words). Families whose every applicant is an official, or whose key or
field names banking, securities, aviation, customs, seaports, public debt, foreign exchange, the
treasury, minerals or oil and gas (sample36g's SKIP_WORDS and SKIP_FIELDS), are dropped; the rest
are sorted and shuffled with `random.Random(4146)`. Going down that order the writer kept the
families a citizen or a small business meets and wrote one query for each, alternately wanting the
general member and a special member named in other words than the name's.

    PYTHONPATH=$PWD .venv/bin/python tests/search_eval/sample41g.py [--n N]
"""

from __future__ import annotations

from sample39g import drawn as drawn_with  # this folder is on the path when run
from sample39g import main as show

SEED = 4146


def drawn() -> list[tuple[str, dict[str, list[dict]]]]:
    """The kept families in drawn order: key and {merged name: rows}."""
    return drawn_with(SEED)


if __name__ == "__main__":
    show(SEED, __doc__ or "")
