"""Review closes what it opens: open comments block approval (override with a reason, audited); only the
author or a reviewer resolves; the drafter marks «đã sửa»; the reviewer sees only what changed since."""

import pytest
from sqlalchemy import select

from tests.support.review import load, make_draft, user
from tthc.db import transaction
from tthc.decisions import drafting, policy, workflow
from tthc.decisions.snapshots import changes_since_last_review
from tthc.models.accounts import AuditLog


def _act(factory, decision_id, fn, username, *args, **kwargs):
    with transaction(factory) as session:
        return fn(session, load(session, decision_id), user(session, username), *args, **kwargs)


def _submitted_with_comment(f):
    did = make_draft(
        f, [{"action": "amended", "code": "2.000587", "applicants": "Cộng tác viên mới"}], created_by="soan"
    )
    _act(f, did, workflow.submit, "soan")
    with transaction(f) as session:
        decision = load(session, did)
        comment = workflow.add_comment(
            session,
            decision,
            user(session, "tham"),
            "Thời hạn chưa rõ đơn vị",
            entry_id=decision.entries[0].id,
            field="time_limit",
        )
        return did, comment.id


def _comment(session, comment_id):
    from tthc.models.decisions import Comment

    return session.get(Comment, comment_id)


def test_approval_with_an_open_comment_is_refused_and_the_override_is_audited(people):
    f = people
    did, comment_id = _submitted_with_comment(f)
    with pytest.raises(workflow.WorkflowError, match="còn 1 góp ý chưa giải quyết"):
        _act(f, did, workflow.approve, "tham2")
    with f() as session:
        assert load(session, did).status == "submitted"
    _act(f, did, workflow.approve, "tham2", override_reason="Thời hạn sẽ ghi ở quyết định sau")
    with f() as session:
        assert load(session, did).status == "approved"
        comment = _comment(session, comment_id)
        assert comment.resolved_at is not None
        assert comment.resolution_note == "Thời hạn sẽ ghi ở quyết định sau"
        events = {e.action: e for e in session.scalars(select(AuditLog).where(AuditLog.object_id == str(did)))}
    assert events["comment.override"].detail == {"comment": comment_id, "reason": "Thời hạn sẽ ghi ở quyết định sau"}
    assert events["decision.approve"].detail["override_reason"] == "Thời hạn sẽ ghi ở quyết định sau"
    assert events["decision.approve"].detail["overridden_comments"] == [comment_id]


def test_drafter_marks_fixed_but_only_author_or_reviewer_resolves(people):
    f = people
    did, comment_id = _submitted_with_comment(f)
    with transaction(f) as session:
        decision, comment = load(session, did), _comment(session, comment_id)
        with pytest.raises(policy.NotPermitted, match="đã sửa"):
            workflow.resolve_comment(session, decision, comment, user(session, "soan"))
        workflow.mark_fixed(session, decision, comment, user(session, "soan"), "Đã ghi 05 ngày làm việc")
    with f() as session:
        comment = _comment(session, comment_id)
        assert comment.fixed_at is not None and comment.resolved_at is None
        [thread] = workflow.comment_threads(session, load(session, did))
        assert [r.body for r in thread["replies"]] == ["Đã ghi 05 ngày làm việc"]
    with pytest.raises(workflow.WorkflowError, match="chưa giải quyết"):
        _act(f, did, workflow.approve, "tham2")  # «đã sửa» is not resolved
    with transaction(f) as session:
        workflow.resolve_comment(session, load(session, did), _comment(session, comment_id), user(session, "tham2"))
    _act(f, did, workflow.approve, "tham2")
    with f() as session:
        assert load(session, did).status == "approved"


def test_changes_since_last_review_show_exactly_the_edits_after_the_request(people):
    f = people
    did = make_draft(
        f,
        [
            {"action": "amended", "code": "2.000840", "applicants": "Cộng tác viên mới"},
            {"action": "amended", "code": "2.000954", "fee": "Không thu phí"},
        ],
        created_by="soan",
    )
    _act(f, did, workflow.submit, "soan")
    with f() as session:
        assert changes_since_last_review(session, load(session, did)) is None  # nothing sent back yet
    _act(f, did, workflow.request_changes, "tham", "Ghi rõ đơn vị thời hạn")
    with transaction(f) as session:
        decision = load(session, did)
        entry = decision.entries[0]
        record = drafting.full_record(session, decision, entry)
        record["requirements"] = "Có giấy giới thiệu của cơ quan"
        drafting.save_entry(session, decision, entry, user(session, "soan"), record=record)
    _act(f, did, workflow.submit, "soan")
    with f() as session:
        since = changes_since_last_review(session, load(session, did))
    assert [(e["code"], e["status"]) for e in since["entries"]] == [("2.000840", "changed")]
    [change] = since["entries"][0]["changes"]
    assert change["field"] == "requirements" and change["after"] == "Có giấy giới thiệu của cơ quan"
