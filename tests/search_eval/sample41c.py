"""Sample the procedures of the tune41c/holdout41c pair (see run.py's docstring).

The whole catalogue less the fields and names no citizen and no small business files about
(`sampling.NO_CITIZEN_FIELDS`, `sampling.NO_CITIZEN_WORDS`), one group per merged name
(`sampling.merged_name`), each group all the codes of that name at every level, sorted by first
code and shuffled with random.Random(4145). Going down that order the writer skipped what only an
official or a large firm files and wrote ONE colloquial query for each of the first ~45 others: the
thing named in everyday, regional or abbreviated words ("sổ hồng", "cà vẹt", "bên thuế"), not the
official term, split alternately into tune41c and holdout41c.

    PYTHONPATH=$PWD .venv/bin/python tests/search_eval/sample41c.py
"""

from sampling import draw_across, show_drawn  # run as a script: this folder is on the path

BY_CODE, kept = draw_across(4145, skip_officials=False)

if __name__ == "__main__":
    show_drawn(BY_CODE, kept, 200)
