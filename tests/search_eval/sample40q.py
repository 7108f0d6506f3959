"""Sample the procedures of the tune40q/holdout40q pair (see run.py's docstring).

Situations of citizens and small businesses, across the whole catalogue: one group per procedure
(`sampling.merged_name`), all its codes at every level; left out the fields and names no citizen and
no small business files (NO_CITIZEN_FIELDS, NO_CITIZEN_WORDS) and the groups only officials file
(applicants all "Cán bộ, công chức, viên chức"). The groups are sorted by first code and shuffled
with random.Random(4042); going down that order to the 156th, 37 a citizen or a small business really
files (nobody types about an agency's own reporting, a ministry's licence of an inspection body...)
got ONE question each (as a citizen asks: where, how long, which papers, can I...), split alternately
into tune40q and holdout40q (some groups widened to their siblings at other levels or regions).
"""

from sampling import draw_across, show_drawn  # run as a script: this folder is on the path

BY_CODE, kept = draw_across(4042, skip_officials=True)
# the indices written up, in writing order
KEPT = (3, 4, 6, 15, 30, 32, 39, 44, 45, 51, 52, 55, 56, 60, 63, 64, 67, 70, 72, 74, 75, 86, 96, 106)
KEPT += (110, 116, 118, 121, 122, 131, 135, 138, 146, 148, 156, 36, 155)

if __name__ == "__main__":
    show_drawn(BY_CODE, kept, 300)
