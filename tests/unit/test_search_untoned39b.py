"""A query typed without any tones: a folded word that the life events' texts read as one spelling
beside its neighbours prefers the procedure names spelling it so (pass untone39b). "huu thi mat" is
"hưu thì mất" (died), so a name's "tiền mặt" (cash) no longer counts as the same word; a query
typed with tones is read as before."""

from __future__ import annotations

import numpy as np

from tests.support.search_engines import names_engine

DIED = "2.000717"  # the pension left unpaid when the pensioner died
CASH = "1.001963"  # carrying cash across a border


def small():
    return names_engine(
        {
            DIED: "Truy lĩnh lương hưu của người hưởng đã mất",
            CASH: "Lĩnh lương hưu bằng tiền mặt",
        }
    )


def _scores(engine, text: str) -> dict[str, float]:
    names = engine.names
    scores, _covered, _objects = names.score(names.plan(text))
    codes = names.codes
    return {codes[i]: float(scores[i]) for i in np.flatnonzero(scores)}


def test_an_untoned_word_read_by_its_neighbours_prefers_the_names_spelling_it_so():
    engine = small()
    plan = engine.names.plan("me toi huong luong huu thi mat")
    read = [a.read_as for u in plan.units for a in u.alternatives if u.typed == ("mat",)]
    assert read and "mât4" in read[0]  # "thì mất", as the events write it
    scores = _scores(engine, "huu thi mat")  # before: the shorter name (tiền mặt) first
    assert scores[DIED] > scores[CASH]


def test_a_name_holding_only_another_spelling_does_not_hold_the_word_read():
    # "tiền mặt" no longer says the "mat" of "huu thi mat": the name covers less of the query
    names = small().names
    _scores_, covered, _objects = names.score(names.plan("huu thi mat"))
    assert float(covered[names.codes.index(CASH)]) < float(covered[names.codes.index(DIED)])


def test_no_reading_when_no_neighbour_tells_or_the_reading_has_no_tones():
    names = small().names
    assert not any(a.read_as for u in names.plan("mat").units for a in u.alternatives)
    # "qua Lao" reads "qua": no tone to prefer, the names' "quá cảnh" keeps holding the word
    plan = names.plan("chay xe may qua Lao")
    assert not [a.read_as for u in plan.units for a in u.alternatives if u.typed == ("qua",) and a.read_as]


def test_a_toned_query_is_read_as_before():
    engine = small()
    plan = engine.names.plan("lương hưu thì mất")
    assert not any(a.read_as for u in plan.units for a in u.alternatives)
    assert "mặt" not in [w for u in plan.units for w in u.typed]
