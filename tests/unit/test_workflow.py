"""The review workflow: roles, optimistic locking, signing, comments, taking effect on the date."""

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from tests.support.review import load, make_draft, signed_decision, tiny_pdf, user
from tthc.catalogue.queries import version_in_force
from tthc.db import transaction
from tthc.decisions import policy, workflow
from tthc.decisions.effect import apply_due
from tthc.models.accounts import AuditLog
from tthc.models.decisions import Attachment

PDF = tiny_pdf()


def _draft(factory):
    return make_draft(
        factory, [{"action": "amended", "code": "2.000587", "applicants": "Cộng tác viên mới"}], created_by="soan"
    )


def _act(factory, decision_id, fn, username, *args, **kwargs):
    with transaction(factory) as session:
        return fn(session, load(session, decision_id), user(session, username), *args, **kwargs)


def _status(factory, decision_id):
    with factory() as session:
        return load(session, decision_id).status


def test_full_path_with_roles_and_audit(people):
    f = people
    did = _draft(f)
    with pytest.raises(policy.NotPermitted):
        _act(f, did, workflow.submit, "soan2")  # another agency's drafter
    _act(f, did, workflow.submit, "soan")
    with pytest.raises(workflow.WorkflowError, match="bắt buộc"):
        _act(f, did, workflow.request_changes, "tham", "   ")
    _act(f, did, workflow.request_changes, "tham", "Ghi rõ đơn vị thời hạn")
    assert _status(f, did) == "changes_requested"
    with f() as session:
        threads = workflow.comment_threads(session, load(session, did))
        assert threads[0]["comment"].field == workflow.REQUEST_CHANGES_FIELD
        entry_id = load(session, did).entries[0].id
    _act(f, did, workflow.submit, "soan")
    with pytest.raises(policy.NotPermitted):
        _act(f, did, workflow.approve, "ky")
    _act(f, did, workflow.approve, "tham")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(workflow.WorkflowError, match="sau ngày hôm nay"):
        _act(
            f,
            did,
            workflow.sign,
            "ky",
            number="15/QĐ-UBND",
            signed_date=tomorrow,
            signer="Nguyễn Văn A",
            effective_date=tomorrow,
        )
    with pytest.raises(workflow.WorkflowError, match="PDF"):
        _act(
            f,
            did,
            workflow.sign,
            "ky",
            number="15/QĐ-UBND",
            signed_date=dt.date.today(),
            signer="Nguyễn Văn A",
            effective_date=tomorrow,
            pdf=("qd.pdf", b"not a pdf"),
        )
    _act(
        f,
        did,
        workflow.sign,
        "ky",
        number="15/QĐ-UBND",
        signed_date=dt.date.today(),
        signer="Nguyễn Văn A",
        effective_date=tomorrow,
        pdf=("qd.pdf", PDF),
    )
    assert _status(f, did) == "signed"
    with f() as session:
        assert session.scalar(select(Attachment.filename).where(Attachment.decision_id == did)) == "qd.pdf"
        actions = session.scalars(
            select(AuditLog.action)
            .where(AuditLog.object_type == "decision", AuditLog.object_id == str(did))
            .order_by(AuditLog.id)
        ).all()
    assert actions == [
        "decision.import",
        "decision.submit",
        "decision.request_changes",
        "decision.submit",
        "decision.approve",
        "decision.sign",
    ]
    assert entry_id


def test_nobody_approves_or_signs_their_own_submission(people, make_user):
    f = people
    make_user("quan-tri", "admin")  # the one role that may both draft and approve
    did = make_draft(f, [{"action": "amended", "code": "2.000587", "applicants": "Luật sư"}], created_by="quan-tri")
    with pytest.raises(policy.NotPermitted):
        _act(f, did, workflow.submit, "tham")  # a reviewer does not draft
    _act(f, did, workflow.submit, "quan-tri")
    with pytest.raises(policy.NotPermitted, match="tự thông qua"):
        _act(f, did, workflow.approve, "quan-tri")
    _act(f, did, workflow.approve, "tham2")
    with pytest.raises(policy.NotPermitted, match="tự ký"):
        _act(
            f,
            did,
            workflow.sign,
            "quan-tri",
            number="16/QĐ-UBND",
            signed_date=dt.date.today(),
            signer="Nguyễn Văn A",
            effective_date=dt.date.today() + dt.timedelta(days=1),
        )


def test_concurrent_approvals_one_wins(people):
    f = people
    did = _draft(f)
    _act(f, did, workflow.submit, "soan")
    first, second = f(), f()
    try:
        d1, d2 = load(first, did), load(second, did)  # both see lock version N
        workflow.request_changes(first, d1, user(first, "tham"), "Thiếu căn cứ")
        first.commit()
        with pytest.raises(workflow.StaleDecision, match="người khác"):
            workflow.approve(second, d2, user(second, "tham2"), lock_version=d2.lock_version - 0)
    finally:
        second.rollback()
        first.close()
        second.close()
    assert _status(f, did) == "changes_requested"


def test_stale_form_is_refused_before_touching_the_database(people):
    f = people
    did = _draft(f)
    with f() as session:
        seen = load(session, did).lock_version
    _act(f, did, workflow.submit, "soan")
    with pytest.raises(workflow.StaleDecision):
        _act(f, did, workflow.approve, "tham", lock_version=seen)


def test_concurrent_approvals_in_threads_never_both_succeed(people):
    f = people
    did = _draft(f)
    _act(f, did, workflow.submit, "soan")
    with f() as session:
        lock = load(session, did).lock_version
    results, barrier = [], threading.Barrier(2)

    def approve(username):
        session = f()
        try:
            decision = load(session, did)
            barrier.wait()
            workflow.approve(session, decision, user(session, username), lock_version=lock)
            session.commit()
            results.append("ok")
        except workflow.StaleDecision:
            session.rollback()
            results.append("stale")
        finally:
            session.close()

    threads = [threading.Thread(target=approve, args=(name,)) for name in ("tham", "tham2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "stale"]
    with f() as session:
        approvals = session.scalars(select(AuditLog).where(AuditLog.action == "decision.approve")).all()
    assert len(approvals) == 1


def _signed_for(f, when):
    return signed_decision(
        f,
        [{"action": "amended", "code": "2.000587", "applicants": "Cộng tác viên mới"}],
        number=f"{when:%d%m}/QĐ-UBND",
        effective_date=when,
    )


def test_signed_decision_waits_for_its_date_and_apply_due_is_idempotent(people):
    f = people
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    did = _signed_for(f, tomorrow)
    assert apply_due(f) == []  # today: nothing changes
    with f() as session:
        assert version_in_force(session, "2.000587", tomorrow).record["applicants"] != "Cộng tác viên mới"
    first = apply_due(f, tomorrow)
    second = apply_due(f, tomorrow)
    assert [o.status for o in first] == ["applied"] and second == []
    with f() as session:
        assert load(session, did).status == "in_force"
        assert version_in_force(session, "2.000587", tomorrow).record["applicants"] == "Cộng tác viên mới"
        assert version_in_force(session, "2.000587", dt.date.today()).record["applicants"] != "Cộng tác viên mới"


def test_apply_due_concurrently_applies_once(people):
    f = people
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    did = _signed_for(f, tomorrow)
    outcomes, barrier = [], threading.Barrier(2)

    def run():
        barrier.wait()
        outcomes.extend(apply_due(f, tomorrow))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [o.status for o in outcomes if o.status == "applied"] == ["applied"]
    with f() as session:
        assert load(session, did).revision is not None
        from tthc.models.catalogue import CatalogueRevision

        assert len(session.scalars(select(CatalogueRevision).where(CatalogueRevision.decision_id == did)).all()) == 1


def test_apply_due_runs_when_the_app_starts(people, database_url, tmp_path):
    from tthc import create_app

    f = people
    did = _signed_for(f, dt.date.today())
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "x",
            "APPLY_DUE_ON_START": True,
            "INDEX_DIR": str(tmp_path / "i"),
            "EXPORT_DIR": str(tmp_path / "e"),
        }
    )
    app.extensions["tthc"].engine.dispose()
    assert _status(f, did) == "in_force"


def test_withdraw_needs_a_reason_and_ends_the_decision(people):
    f = people
    did = _signed_for(f, dt.date.today() + dt.timedelta(days=3))
    with pytest.raises(policy.NotPermitted):
        _act(f, did, workflow.withdraw, "soan", "Sai sót")  # a drafter cannot withdraw a signed one
    with pytest.raises(workflow.WorkflowError, match="lý do"):
        _act(f, did, workflow.withdraw, "ky", "")
    _act(f, did, workflow.withdraw, "ky", "Phát hiện sai sót, sẽ ban hành quyết định khác")
    assert _status(f, did) == "withdrawn"
    assert apply_due(f, dt.date.today() + dt.timedelta(days=5)) == []


def test_comments_replies_and_resolve(people):
    f = people
    did = _draft(f)
    with transaction(f) as session:
        decision = load(session, did)
        entry = decision.entries[0]
        root = workflow.add_comment(
            session, decision, user(session, "tham"), "Thời hạn chưa rõ", entry_id=entry.id, field="time_limit"
        )
        workflow.add_comment(session, decision, user(session, "soan"), "Đã sửa", parent_id=root.id)
        with pytest.raises(policy.NotPermitted):
            workflow.add_comment(session, decision, user(session, "soan2"), "Tôi không thuộc cơ quan này")
        workflow.resolve_comment(session, decision, root, user(session, "tham"))
    with f() as session:
        [thread] = workflow.comment_threads(session, load(session, did))
        assert thread["field"] == "time_limit" and thread["entry"].position == 0
        assert [r.body for r in thread["replies"]] == ["Đã sửa"]
        assert thread["comment"].resolved_at is not None
        assert workflow.open_comment_count(session, load(session, did)) == 0


def test_apply_due_in_two_processes_applies_once(people, database_url):
    """Two `tthc decision apply-due` processes at once (the cron job and a starting worker)."""
    import json
    import os
    import subprocess
    import sys

    from tthc.config import PROJECT_ROOT

    f = people
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    did = _signed_for(f, tomorrow)
    with transaction(f) as session:  # its day has come (the command refuses a --today in the future)
        load(session, did).effective_date = dt.date.today()
    env = dict(
        os.environ,
        TTHC_DATABASE_URL=database_url,
        TTHC_SECRET_KEY="x",
        TTHC_APPLY_DUE_ON_START="false",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    command = [sys.executable, "-m", "tthc", "decision", "apply-due", "--json"]
    processes = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=PROJECT_ROOT)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    outcomes = [o for out, _ in outputs for o in json.loads(out)]
    assert [o["status"] for o in outcomes].count("applied") == 1
    assert _status(f, did) == "in_force"
