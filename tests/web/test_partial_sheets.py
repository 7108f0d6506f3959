"""A partial annex never drops data: an amendment changes exactly the rows it gives; "Bỏ" removes."""

import datetime as dt
import io
import json
import re

from openpyxl import load_workbook
from sqlalchemy import select

from tests.support.workbooks import CODE, amendment_workbook
from tthc.annex import SHEET_CONTENT, SHEET_LIST, SHEET_METHODS, template_workbook
from tthc.catalogue.queries import version_in_force
from tthc.decisions import import_jobs
from tthc.decisions.starting_point import full_record
from tthc.models.accounts import AuditLog, User
from tthc.models.decisions import Decision
from tthc.models.import_jobs import ImportJob
from tthc.records.merge import apply_row_patch


def _imported(runner, session, path, *extra):
    result = runner.invoke(args=["decision", "import", str(path), "--json", *extra])
    assert result.exit_code == 0, result.output
    created = json.loads(result.stdout.strip().splitlines()[-1])
    decision = session.get(Decision, created[0]["id"]) if created[0]["id"] else None
    return created[0], decision


def _channels(record):
    return {m["channel"]: m for m in record["methods"]}


def test_one_channel_row_changes_that_channel_and_keeps_the_others(demo, runner, session, tmp_path):
    path = amendment_workbook(tmp_path, methods=[["Trực tiếp", "07 ngày làm việc", "7", "ngày làm việc", "", ""]])
    created, decision = _imported(runner, session, path)
    record = full_record(session, decision, decision.entries[0])
    channels = _channels(record)
    assert set(channels) == {"truc_tuyen", "buu_chinh", "truc_tiep"}
    assert channels["truc_tiep"]["time_limit"] == "07 ngày làm việc"
    assert channels["truc_tiep"]["time_limit_value"] == 7
    entry_report = created["report"][0]
    assert entry_report["removed"] == [] and entry_report["added"] == []
    assert any("07 ngày làm việc" in line for line in entry_report["changed"])


def test_an_explicit_bo_row_removes_one_channel(demo, runner, session, tmp_path):
    path = amendment_workbook(
        tmp_path,
        methods=[
            ["Trực tiếp", "07 ngày làm việc", "7", "ngày làm việc", "", "", ""],
            ["Dịch vụ bưu chính", "", "", "", "", "", "Bỏ"],
        ],
    )
    created, decision = _imported(runner, session, path)
    channels = _channels(full_record(session, decision, decision.entries[0]))
    assert set(channels) == {"truc_tuyen", "truc_tiep"}
    removed = created["report"][0]["removed"]
    assert len(removed) == 1 and removed[0].startswith("Cách thức thực hiện: ")


def test_document_rows_and_bo_lines_change_exactly_what_they_name(demo, runner, session, tmp_path):
    before = version_in_force(session, CODE, dt.date.today()).record
    case, first, second = (
        before["dossier"][0]["case"],
        before["dossier"][0]["documents"][0]["name"],
        before["dossier"][0]["documents"][1]["name"],
    )
    steps = before["steps"]
    path = amendment_workbook(tmp_path, documents=[[case, first, "", "02", "", ""], [case, second, "", "", "", "Bỏ"]])
    book = load_workbook(path)
    header = [c.value for c in book[SHEET_CONTENT][1]]
    row = [""] * len(header)
    row[0], row[1] = "1", CODE
    row[header.index("Trình tự thực hiện")] = f"Bỏ: {steps[0]}\nBước mới: nộp hồ sơ trực tuyến"
    book[SHEET_CONTENT].append(row)
    book.save(path)
    created, decision = _imported(runner, session, path)
    record = full_record(session, decision, decision.entries[0])
    names = [d["name"] for d in record["dossier"][0]["documents"]]
    assert first in names and second not in names and len(names) == len(before["dossier"][0]["documents"]) - 1
    changed = next(d for d in record["dossier"][0]["documents"] if d["name"] == first)
    assert changed["copies"] == 2
    assert record["steps"] == steps[1:] + ["Bước mới: nộp hồ sơ trực tuyến"]
    assert set(_channels(record)) == {"truc_tuyen", "buu_chinh", "truc_tiep"}  # no Cách thức rows: unchanged
    report = created["report"][0]
    assert any("Bước mới" in line for line in report["added"])
    assert {line.split(":")[0] for line in report["removed"]} == {"Trình tự thực hiện", "Thành phần, số lượng hồ sơ"}


def test_dry_run_prints_the_report_and_writes_nothing(demo, runner, session, tmp_path):
    path = amendment_workbook(tmp_path, methods=[["Dịch vụ bưu chính", "", "", "", "", "", "Bỏ"]])
    count = len(session.scalars(select(Decision)).all())
    result = runner.invoke(args=["decision", "import", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Sẽ nạp quyết định 31/QĐ-UBND" in result.output
    assert "  - Cách thức thực hiện: " in result.output
    session.expire_all()
    assert len(session.scalars(select(Decision)).all()) == count


def test_row_patch_is_pure_and_keeps_what_it_is_not_given():
    base = {
        "methods": [
            {"channel": "truc_tiep", "time_limit": "10 ngày", "fee": "Không"},
            {"channel": "truc_tuyen", "time_limit": "10 ngày", "fee": "Không"},
        ],
        "forms": ["Mẫu 01", "Mẫu 02"],
    }
    patch = apply_row_patch(
        base, {"methods": [{"channel": "truc_tuyen", "time_limit": "5 ngày", "fee": ""}], "forms": ["Mẫu 03"]}
    )
    assert patch["methods"][0]["time_limit"] == "10 ngày"
    assert patch["methods"][1] == {
        "channel": "truc_tuyen",
        "time_limit": "5 ngày",
        "fee": "Không",
        "time_limit_value": None,
        "time_limit_unit": "",
        "note": "",
    }
    assert patch["forms"] == ["Mẫu 03"]  # a list cell without "Bỏ:" lines gives the whole list


def test_a_new_entry_with_a_bo_row_is_refused(tmp_path):
    import pytest

    from tthc.annex import WorkbookProblem, read_decision_workbook

    book = load_workbook(io.BytesIO(template_workbook()))
    book[SHEET_LIST].append(["1", "Mới ban hành", "1.777001", "", "Thủ tục thử", "", "", "", "", ""])
    book[SHEET_METHODS].append(["1", "1.777001", "Trực tiếp", "", "", "", "", "", "Bỏ"])
    path = tmp_path / "moi.xlsx"
    book.save(path)
    with pytest.raises(WorkbookProblem) as raised:
        read_decision_workbook(path)
    assert [(p.sheet, p.row) for p in raised.value.problems] == [(SHEET_LIST, 2)]


def test_web_preview_shows_the_report_and_writes_nothing(app, demo, make_user, client, auth, session, tmp_path):
    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    path = amendment_workbook(
        tmp_path,
        methods=[
            ["Trực tiếp", "07 ngày làm việc", "7", "ngày làm việc", "", "", ""],
            ["Dịch vụ bưu chính", "", "", "", "", "", "Bỏ"],
        ],
    )
    count = len(session.scalars(select(Decision)).all())
    response = client.post(
        "/soan-thao/nhap-excel",
        data={"file": (io.BytesIO(path.read_bytes()), "x.xlsx"), "xem_truoc": "1"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert "Xem trước: chưa ghi gì" in html and CODE in html
    assert 'class="report-removed"><ul><li>Cách thức thực hiện: ' in html
    assert "07 ngày làm việc" in html
    session.expire_all()
    assert len(session.scalars(select(Decision)).all()) == count
    # The upload is kept for the confirmation, with its owner; nothing else is written.
    [kept] = session.scalars(select(ImportJob).where(ImportJob.status == "kept")).all()
    assert kept.content == path.read_bytes() and kept.filename == "x.xlsx"
    assert f'action="/soan-thao/nhap-excel/{kept.id}/nap"' in html and ">Nạp vào dự thảo</button>" in html


def _previewed(client, path) -> int:
    response = client.post(
        "/soan-thao/nhap-excel",
        data={"file": (io.BytesIO(path.read_bytes()), "x.xlsx"), "xem_truoc": "1"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return int(re.search(r'action="/soan-thao/nhap-excel/(\d+)/nap"', response.get_data(as_text=True)).group(1))


def test_the_previewed_upload_is_imported_by_its_uploader_once_without_a_second_upload(
    app, demo, make_user, client, auth, session, tmp_path
):
    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", "Sở Tư pháp")
    make_user("soan2", "drafter", "Sở Tư pháp")
    make_user("quantri", "admin")
    path = amendment_workbook(
        tmp_path,
        methods=[
            ["Trực tiếp", "07 ngày làm việc", "7", "ngày làm việc", "", "", ""],
            ["Dịch vụ bưu chính", "", "", "", "", "", "Bỏ"],
        ],
    )
    auth.login("soan")
    job_id = _previewed(client, path)
    count = len(session.scalars(select(Decision)).all())
    for other in ("soan2", "quantri"):  # only the uploader confirms: anyone else does not see it
        auth.logout()
        auth.login(other)
        assert client.post(f"/soan-thao/nhap-excel/{job_id}/nap").status_code == 404
    session.expire_all()
    assert len(session.scalars(select(Decision)).all()) == count
    auth.logout()
    auth.login("soan")
    response = client.post(f"/soan-thao/nhap-excel/{job_id}/nap")
    assert response.status_code == 302, response.get_data(as_text=True)
    decision_id = int(re.search(r"/soan-thao/(\d+)$", response.headers["Location"]).group(1))
    session.expire_all()
    decision = session.get(Decision, decision_id)
    soan = session.scalar(select(User).where(User.username == "soan"))
    assert decision.status == "draft" and decision.created_by_id == soan.id
    channels = _channels(full_record(session, decision, decision.entries[0]))
    assert set(channels) == {"truc_tuyen", "truc_tiep"} and channels["truc_tiep"]["time_limit"] == "07 ngày làm việc"
    event = session.scalar(
        select(AuditLog).where(AuditLog.action == "decision.import", AuditLog.object_id == str(decision_id))
    )
    assert event is not None and event.user_id == soan.id
    job = session.get(ImportJob, job_id)
    assert (job.status, job.decision_id, job.content) == ("done", decision_id, None)
    # A second confirmation (double click, another tab) writes nothing more.
    again = client.post(f"/soan-thao/nhap-excel/{job_id}/nap")
    assert again.status_code == 302 and again.headers["Location"].endswith("/soan-thao/#excel")
    session.expire_all()
    assert len(session.scalars(select(Decision)).all()) == count + 1


def test_a_large_kept_upload_is_read_by_its_background_job_on_confirmation(
    app, demo, make_user, client, auth, session, tmp_path
):
    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    job_id = _previewed(
        client,
        amendment_workbook(tmp_path, methods=[["Trực tiếp", "07 ngày làm việc", "7", "ngày làm việc", "", "", ""]]),
    )
    services = app.extensions["tthc"]
    services.settings = services.settings.replace(import_in_background_bytes=1)
    response = client.post(f"/soan-thao/nhap-excel/{job_id}/nap")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/soan-thao/nhap/{job_id}")
    import_jobs.wait(job_id, timeout=120)
    state = client.get(f"/soan-thao/nhap/{job_id}/trang-thai").get_json()
    assert state["status"] == "done" and state["next"] == f"/soan-thao/{state['decision_id']}"
    session.expire_all()
    decision = session.get(Decision, state["decision_id"])
    assert [e.code for e in decision.entries] == [CODE] and session.get(ImportJob, job_id).content is None


def test_a_kept_upload_expires_and_only_a_few_are_kept_per_drafter(
    app, demo, make_user, client, auth, session, tmp_path
):
    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    path = amendment_workbook(tmp_path, methods=[["Trực tiếp", "07 ngày làm việc", "7", "ngày làm việc", "", "", ""]])
    old = _previewed(client, path)
    job = session.get(ImportJob, old)
    job.created_at = dt.datetime.now(dt.UTC) - import_jobs.KEEP_FOR - dt.timedelta(minutes=1)
    session.commit()
    count = len(session.scalars(select(Decision)).all())
    response = client.post(f"/soan-thao/nhap-excel/{old}/nap", follow_redirects=True)
    assert "Bản xem trước đã hết hạn; hãy tải tệp lên lại." in response.get_data(as_text=True)
    session.expire_all()
    assert len(session.scalars(select(Decision)).all()) == count
    # New previews drop the expired upload's bytes and keep at most MAX_KEPT_PER_USER per drafter.
    newer = [_previewed(client, path) for _ in range(import_jobs.MAX_KEPT_PER_USER + 1)]
    session.expire_all()
    kept = session.scalars(select(ImportJob.id).where(ImportJob.status == "kept").order_by(ImportJob.id)).all()
    assert kept == newer[1:]
    assert session.get(ImportJob, old).content is None and session.get(ImportJob, newer[0]).content is None


def test_export_writes_bo_rows_so_the_file_imports_back_to_the_same_decision(demo, runner, session, tmp_path):
    from tthc.annex import decision_workbook
    from tthc.decisions.starting_point import starting_record

    path = amendment_workbook(tmp_path, methods=[["Dịch vụ bưu chính", "", "", "", "", "", "Bỏ"]])
    _, decision = _imported(runner, session, path)
    bases = {e.id: starting_record(session, decision, e) for e in decision.entries}
    again = tmp_path / "xuat-lai.xlsx"
    again.write_bytes(decision_workbook(decision, None, bases))
    book = load_workbook(again)
    book["Quyết định"]["B2"] = "32/QĐ-UBND"
    book.save(again)
    _, reimported = _imported(runner, session, again)
    assert reimported.entries[0].record == decision.entries[0].record
    assert set(_channels(full_record(session, reimported, reimported.entries[0]))) == {"truc_tuyen", "truc_tiep"}
