"""The decision as a diff: word and list diffs, sample decisions, no-op amendments, the CLI."""

import json

from sqlalchemy import select

from tests.support.review import load, make_draft, sample_procedure
from tthc.catalogue.io import import_baseline
from tthc.commands.demo import DEMO_BASELINE_DATE
from tthc.db import transaction
from tthc.decisions.effect import apply_due
from tthc.decisions.importing import import_decisions
from tthc.diff.decision import diff_decision
from tthc.diff.html import change_html, ops_html
from tthc.models.decisions import Decision
from tthc.records.diff import diff_list, diff_records
from tthc.records.flat import read_jsonl
from tthc.records.word_diff import tokens, word_ops


def test_word_tokens_keep_trailing_space_and_nfc():
    decomposed = "Ho\u0302\u0300 so\u031b"  # "Hồ sơ" typed with combining marks
    assert tokens(decomposed) == ["Hồ ", "sơ"]
    assert tokens("  a  b") == ["  ", "a  ", "b"]


def test_word_ops_rebuild_the_new_text_and_mark_only_changed_words():
    before = "Nộp hồ sơ tại Sở Tư pháp trong 15 ngày làm việc"
    after = "Nộp hồ sơ trực tuyến tại Sở Tư pháp trong 10 ngày làm việc"
    ops = word_ops(before, after)
    assert "".join(t for tag, t in ops if tag != "delete") == after
    assert [t for tag, t in ops if tag == "delete"] == ["15 "]
    assert [t for tag, t in ops if tag == "insert"] == ["trực tuyến ", "10 "]


def test_frequent_syllables_still_align():
    # autojunk would treat "hồ sơ" as junk in a long text and mis-align; we never use it.
    before = " ".join(["hồ sơ hợp lệ của"] * 60 + ["cá nhân"])
    after = " ".join(["hồ sơ hợp lệ của"] * 60 + ["tổ chức"])
    changed = [t for tag, t in word_ops(before, after) if tag != "equal"]
    assert changed == ["cá nhân", "tổ chức"]


def test_list_items_added_removed_changed_moved():
    items = diff_list(
        ["Bước 1: nộp hồ sơ", "Bước 2: thẩm định hồ sơ", "Bước 3: trả kết quả", "Lệ phí"],
        ["Bước 3: trả kết quả", "Bước 1: nộp hồ sơ", "Bước 2: thẩm định hồ sơ trong 5 ngày", "Bước 4: lưu hồ sơ"],
    )
    by_status = {}
    for item in items:
        by_status.setdefault(item["status"], []).append(item)
    assert [i["after"] for i in by_status["moved"]] == ["Bước 3: trả kết quả"]
    assert [i["after"] for i in by_status["changed"]] == ["Bước 2: thẩm định hồ sơ trong 5 ngày"]
    assert [i["after"] for i in by_status["added"]] == ["Bước 4: lưu hồ sơ"]
    assert [i["before"] for i in by_status["removed"]] == ["Lệ phí"]
    assert [i["after"] for i in by_status["same"]] == ["Bước 1: nộp hồ sơ"]


def test_methods_pair_by_channel_and_dossier_by_document(sample_dir):
    base = sample_procedure(sample_dir, "2.000587")
    from tthc.records import from_flat

    before = from_flat(base)
    after = json.loads(json.dumps(before))
    after["methods"][0]["fee"] = "50.000 đồng"
    after["dossier"][0]["documents"].pop(0)
    after["dossier"][0]["documents"].append({"name": "Bản sao căn cước", "originals": None, "copies": 1, "form": ""})
    changes = {c["field"]: c for c in diff_records(before, after)}
    assert set(changes) == {"methods", "dossier"}
    assert changes["methods"]["label"] == "Cách thức thực hiện"
    assert changes["methods"]["counts"] == {"added": 0, "removed": 0, "changed": 1, "moved": 0}
    assert changes["dossier"]["counts"]["removed"] == 1 and changes["dossier"]["counts"]["added"] == 1


def test_html_is_escaped_and_marked_beyond_colour():
    change = diff_records({"name": "A <b>"}, {"name": "A <i>"})[0]
    html = str(change_html(change))
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert '<del class="d-del chg">' in html and '<ins class="d-ins chg">' in html
    assert 'class="vh">Thêm: ' in html and 'aria-hidden="true">+' in html
    side = str(change_html(change, "side"))
    assert side.count("<td") == 2
    assert str(ops_html([("insert", "x")], "before")) == ""


def _load_sample_unapplied(session_factory, sample_dir):
    with transaction(session_factory) as session:
        import_baseline(session, sample_dir / "procedures.jsonl", DEMO_BASELINE_DATE, actor="test")
        import_decisions(session, read_jsonl(sample_dir / "decisions.jsonl"), signed=True, actor="test")


def _comparable(result):
    return {k: v for k, v in result.items() if k != "decision"}


def test_sample_decisions_diff_is_the_same_before_and_after_applying(session_factory, sample_dir):
    _load_sample_unapplied(session_factory, sample_dir)
    with session_factory() as session:
        decisions = session.scalars(select(Decision).where(Decision.kind == "cong_bo").order_by(Decision.id)).all()
        before = {d.number: diff_decision(session, d) for d in decisions}
    apply_due(session_factory)
    with session_factory() as session:
        decisions = session.scalars(select(Decision).where(Decision.kind == "cong_bo")).all()
        assert {d.status for d in decisions} == {"in_force"}
        after = {d.number: diff_decision(session, d) for d in decisions}
    assert {n: _comparable(r) for n, r in before.items()} == {n: _comparable(r) for n, r in after.items()}

    quang_tri = after["2715/QĐ-UBND"]
    assert quang_tri["problems"] == []
    assert quang_tri["summary"]["by_action"] == {"new": 9, "amended": 0, "replaced": 0, "abolished": 8}
    assert quang_tri["summary"]["by_sector"] == {"Điện lực": 17}
    assert quang_tri["summary"]["by_level"] == {"tinh": 17}
    new = quang_tri["entries"][0]
    assert new["action"] == "new" and new["code"] == "1.013401"
    fields = {c["field"]: c for c in new["changes"]}
    assert fields["name"]["before"] == "" and fields["name"]["after"].startswith("Cấp giấy phép hoạt động phát điện")
    assert fields["legal_basis"]["counts"]["added"] == 2
    assert "Căn cứ pháp lý" in new["changed_fields"]
    abolished = [e for e in quang_tri["entries"] if e["action"] == "abolished"]
    assert len(abolished) == 8
    for entry in abolished:  # what disappears: the whole record in force, shown as removed
        names = [c for c in entry["changes"] if c["field"] == "name"]
        assert names and names[0]["after"] == "" and names[0]["before"]
        assert all(c["kind"] != "list" or c["counts"]["added"] == 0 for c in entry["changes"])

    vinh_long = after["2682/QĐ-UBND"]
    assert vinh_long["summary"]["by_action"]["new"] == 1
    assert vinh_long["entries"][0]["code"] == "3.000527"
    assert vinh_long["summary"]["by_level_label"] == {"Cấp xã": 1}


def test_amended_entry_lists_changed_parts_and_noop_is_flagged(demo, sample_dir):
    original = sample_procedure(sample_dir, "2.000587")
    steps = original["steps"].split("\n")
    decision_id = make_draft(
        demo,
        [
            {
                "action": "amended",
                "code": "2.000587",
                "time_limit": "05 ngày làm việc",
                "steps": "\n".join([steps[-1]] + steps[:-1]),
            },
            {"action": "amended", "code": "2.000596", "name": sample_procedure(sample_dir, "2.000596")["name"]},
        ],
    )
    with demo() as session:
        result = diff_decision(session, load(session, decision_id))
    first, second = result["entries"]
    assert first["noop"] is False
    assert "Trình tự thực hiện" in first["changed_fields"]
    step_change = next(c for c in first["changes"] if c["field"] == "steps")
    if len(steps) > 1:
        assert step_change["counts"]["moved"] >= 1
    assert second["noop"] is True and second["changes"] == []
    assert "không thay đổi nội dung nào" in second["warnings"][0]
    assert result["summary"]["noop_entries"] == [1]


def test_conflicting_entry_is_reported_not_raised(demo):
    decision_id = make_draft(demo, [{"action": "amended", "code": "9.999999", "name": "Không có"}])
    with demo() as session:
        result = diff_decision(session, load(session, decision_id))
    assert result["entries"][0]["problems"] and "9.999999" in result["entries"][0]["problems"][0]


def test_cli_decision_diff_json(runner, demo):
    with demo() as session:
        decision_id = session.scalar(select(Decision.id).where(Decision.number == "2715/QĐ-UBND"))
    result = runner.invoke(args=["decision", "diff", str(decision_id), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["decision"]["number"] == "2715/QĐ-UBND"
    entry = data["entries"][0]
    assert {"action", "code", "changes"} <= set(entry)
    assert {"field", "label", "before", "after"} <= set(entry["changes"][0])
    assert data["summary"]["by_action"]["abolished"] == 8
    text = runner.invoke(args=["decision", "diff", str(decision_id)])
    assert "Bãi bỏ" in text.output
    missing = runner.invoke(args=["decision", "diff", "9999", "--json"])
    assert missing.exit_code == 1 and "9999" in missing.output


def test_replaced_entry_compares_old_procedure_with_new_and_new_without_code(demo, sample_dir):
    decision_id = make_draft(
        demo,
        [
            {
                "action": "replaced",
                "code": "2.000999",
                "replaces": "2.000954",
                "name": "Thủ tục cấp lại Giấy đăng ký tham gia trợ giúp pháp lý (điện tử)",
            },
            {
                "action": "new",
                "code": None,
                "name": "Thủ tục mới chưa có mã",
                "field": "Trợ giúp pháp lý",
                "level": "tinh",
            },
        ],
    )
    with demo() as session:
        result = diff_decision(session, load(session, decision_id))
    replaced, new = result["entries"]
    fields = {c["field"]: c for c in replaced["changes"]}
    assert fields["code"]["before"] == "2.000954" and fields["code"]["after"] == "2.000999"
    assert [t for tag, t in fields["name"]["ops"] if tag == "insert"] == ["(điện tử)"]
    assert replaced["replaces_code"] == "2.000954" and replaced["noop"] is False
    assert new["code"] is None and new["problems"] == []
    assert result["summary"]["by_action"]["replaced"] == 1 and result["summary"]["by_action"]["new"] == 1


def test_long_unchanged_runs_fold_in_html():
    before = [f"Bước {i}: làm việc số {i}" for i in range(1, 31)]
    after = list(before)
    after[14] = "Bước 15: làm việc số 15 trực tuyến"
    change = diff_records({"steps": before}, {"steps": after})[0]
    html = str(change_html(change))
    assert "13 mục không thay đổi" in html and "14 mục không thay đổi" in html
    assert 'value="15"' in html and "Bước 14" in html and "Bước 16" in html and "Bước 2:" not in html
    assert "13 mục không thay đổi" in str(change_html(change, "side"))
