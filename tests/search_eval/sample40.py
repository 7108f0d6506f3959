"""Sample the procedures of the tune40s/holdout40s pair (see run.py's docstring).

Situations of citizens and small businesses, across the whole catalogue: one group per procedure
(`sampling.merged_name`), all its codes at every level; left out the fields and names no citizen and
no small business files (NO_CITIZEN_FIELDS, NO_CITIZEN_WORDS) and the groups only officials file
(applicants all "Cán bộ, công chức, viên chức"). The groups are sorted by first code and shuffled
with random.Random(4040); going down that order, the first ~60 a citizen or a small business really
files (nobody types about an agency's own reporting, a ministry's licence of an inspection body...)
got ONE situation query each (what happened, no word of the procedure's name), split alternately
into tune40s and holdout40s.
"""

from sampling import draw_across, show_drawn  # run as a script: this folder is on the path

BY_CODE, kept = draw_across(4040, skip_officials=True)
# the indices written up, in writing order (some groups widened to their siblings at other levels or
# modes: the two authorities of a logging plan, the online and desk return of a plate...)
KEPT = (2, 8, 9, 13, 15, 17, 24, 27, 33, 36, 43, 44, 50, 53, 54, 56, 60, 62, 63, 64, 67, 77, 82, 87, 88, 90, 94, 96)
KEPT += (97, 98, 107, 108, 111, 114, 119, 121, 125, 127, 128, 133, 136, 137, 141, 143, 147, 149, 156, 196, 197)
KEPT += (206, 208, 218, 228, 242, 256, 284, 287, 226, 265)

if __name__ == "__main__":
    show_drawn(BY_CODE, kept, 300)
