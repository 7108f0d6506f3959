"""Sample the procedures of the tune41u/holdout41u pair (see run.py's docstring).

The whole catalogue less the fields and names no citizen and no small business files about
(`sampling.NO_CITIZEN_FIELDS`, `sampling.NO_CITIZEN_WORDS`), one group per merged name
(`sampling.merged_name`), each group all the codes of that name at every level, sorted by first
code and shuffled with random.Random(4143). Going down that order the writer skipped what only an
official or a large firm files and wrote ONE query for each of the first ~50 others with the
procedure's own words as a citizen types them on a phone: without tones (most), shortened to the
key words, with one slip (a dropped or doubled letter, a neighbouring key, a Telex leftover) or an
i/y variant; split alternately into tune41u and holdout41u.

    PYTHONPATH=$PWD .venv/bin/python tests/search_eval/sample41u.py
"""

from sampling import draw_across, show_drawn  # run as a script: this folder is on the path

BY_CODE, kept = draw_across(4143, skip_officials=False)

if __name__ == "__main__":
    show_drawn(BY_CODE, kept, 130)
