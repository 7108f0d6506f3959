"""Sample the steps of the tune42e/holdout42e pair (see run.py's docstring).

Stories that lead to a LATER step of a life event: every step of tthc/search/events.json (as at
main bcb72cd, before pass step42) that is not the first step of its event and holds a procedure of
the catalogue (catalogue_large.jsonl.xz), one entry per set of codes (a step shared by two events
counted once, at its first event), sorted and shuffled with random.Random(4242). Going down that
order the writer skipped steps only an official or a large firm files, and wrote ONE query for each
of the first 50 others (KEPT): the situation that leads to that step, as a citizen types it on a
phone (what happened, a question, everyday words, some untoned), `expected` holding every right
code (the step's codes, and another step's when it fits the story as well); split alternately into
tune42e and holdout42e.

    PYTHONPATH=$PWD .venv/bin/python tests/search_eval/sample42e.py
"""

import random

from sampling import catalogue_rows, events_at  # run as a script: this folder is on the path

BASE = "bcb72cd"
BY_CODE = {r["code"]: r for r in catalogue_rows()}
seen: set[tuple[str, ...]] = set()
steps = []
for event in events_at(BASE):
    for position, step in enumerate(event["steps"]):
        codes = tuple(sorted(c for c in step["codes"] if c in BY_CODE))
        if position == 0 or not codes or codes in seen:
            continue
        seen.add(codes)
        steps.append((event["slug"], position, codes, step["title"], step.get("condition", "")))
steps.sort()
random.Random(4242).shuffle(steps)
# the indices written up, in the drawn order
# skipped: 5 (a drug rehabilitation centre's licence), 9 and 66 (aircrew and pilots), 11 (sea areas
# given to firms), 13, 19, 29, 39 and 56 (investors' projects at home and abroad), 36 (a
# cooperative's own certificate), 45 (founding a high school)
KEPT = (0, 1, 2, 3, 4, 6, 7, 8, 10, 12, 14, 15, 16, 17, 18, 20, 21, 22, 23, 24, 25, 26, 27, 28, 30)
KEPT += (31, 32, 33, 34, 35, 37, 38, 40, 41, 42, 43, 44, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 57, 58, 59)

if __name__ == "__main__":
    print(len(steps), "steps kept")
    for i, (slug, position, codes, title, condition) in enumerate(steps[:80]):
        r = BY_CODE[codes[0]]
        print(i, slug, position, list(codes), "|", title[:80], "|", condition[:70], "|", r["name"][:120])
