"""Sample the procedures of the tune40u/holdout40u pair (see run.py's docstring).

The whole catalogue less the fields and names no citizen and no small business files about
(`sampling.NO_CITIZEN_FIELDS`, `sampling.NO_CITIZEN_WORDS`), one group per merged name
(`sampling.merged_name`), each group all the codes of that name at every level, sorted by first
code and shuffled with random.Random(40). Going down that order the writer skipped what only an
official or a large firm files and wrote ONE query for each of the first ~50 others, as a citizen
types it on a phone WITHOUT tone marks from the start (abbreviations, teencode, Telex leftovers),
split alternately into tune40u and holdout40u.

    PYTHONPATH=$PWD .venv/bin/python tests/search_eval/sample40u.py
"""

from sampling import draw_across, show_drawn  # run as a script: this folder is on the path

BY_CODE, kept = draw_across(40, skip_officials=False)

if __name__ == "__main__":
    show_drawn(BY_CODE, kept, 120)
