"""Sample the procedures of the tune41o/holdout41o pair (see run.py's docstring).

The whole catalogue less the fields and names no citizen and no small business files about
(`sampling.NO_CITIZEN_FIELDS`, `sampling.NO_CITIZEN_WORDS`), one group per merged name
(`sampling.merged_name`), each group all the codes of that name at every level, sorted by first
code and shuffled with random.Random(4142). Going down that order the writer skipped what only an
official or a large firm files and wrote ONE query for each of the first ~44 others in which the
citizen names the office where they think they go in everyday words ("bên thuế", "công an xã",
"phường", "sở tư pháp", "bảo hiểm xã hội"), split alternately into tune41o and holdout41o.

    PYTHONPATH=$PWD .venv/bin/python tests/search_eval/sample41o.py
"""

from sampling import draw_across, show_drawn  # run as a script: this folder is on the path

BY_CODE, kept = draw_across(4142, skip_officials=False)

if __name__ == "__main__":
    show_drawn(BY_CODE, kept, 200)
