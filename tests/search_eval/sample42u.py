"""Sample the procedures of the tune42u/holdout42u pair (see run.py's docstring).

The whole catalogue less the fields and names no citizen and no small business files about
(`sampling.NO_CITIZEN_FIELDS`, `sampling.NO_CITIZEN_WORDS`) and less the groups only officials
file (`sampling.officials_only`), one group per merged name (`sampling.merged_name`), each group
all the codes of that name at every level, sorted by first code and shuffled with
random.Random(4243). Going down that order the writer skipped what only an official or a large
firm files and wrote ONE query for each of the first ~60 others as typed on a phone WITHOUT TONES:
part of the official name, shortened ("dk", "gp", "gcn", words dropped), sometimes one slip; split
alternately into tune42u and holdout42u.

    PYTHONPATH=$PWD .venv/bin/python tests/search_eval/sample42u.py
"""

from sampling import draw_across, show_drawn  # run as a script: this folder is on the path

BY_CODE, kept = draw_across(4243, skip_officials=True)

if __name__ == "__main__":
    show_drawn(BY_CODE, kept, 110)
