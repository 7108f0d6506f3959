"""Data in and out: the flat sample keeps every value, the own format round-trips byte for byte."""

import datetime as dt
import json
import unicodedata

from tthc.catalogue.io import export_catalogue, import_baseline, quality_report
from tthc.db import transaction
from tthc.records import from_flat, merge_partial, normalize_record, to_flat, validate_record
from tthc.records.flat import parse_time_limit, read_jsonl, split_fee


def sample_rows(sample_dir):
    return [row for _, row in read_jsonl(sample_dir / "procedures.jsonl")]


def test_flat_import_keeps_every_value_of_the_sample(sample_dir):
    for flat in sample_rows(sample_dir):
        back = to_flat(from_flat(flat))
        for key, value in flat.items():
            if key == "channels":  # labels come back from the structured methods
                assert back[key] == value, flat["code"]
            elif value not in (None, "", []):
                assert back[key] == value, (flat["code"], key)


def test_unknown_flat_keys_are_kept_in_extra(sample_dir):
    flat = sample_rows(sample_dir)[0]
    record = from_flat({**flat, "ma_cu": "T-BPC-280421"})
    assert record["extra"]["ma_cu"] == "T-BPC-280421"
    assert record["extra"]["ministry"] == "Bộ Tư pháp"


def test_nfd_input_is_stored_as_nfc(sample_dir):
    flat = sample_rows(sample_dir)[1]
    decomposed = {k: unicodedata.normalize("NFD", v) if isinstance(v, str) else v for k, v in flat.items()}
    assert from_flat(decomposed) == from_flat(flat)


def test_fee_per_channel_and_time_limit_units_are_parsed():
    assert split_fee("Dịch vụ bưu chính: 35.000 đồng; Trực tiếp: 40.000 đồng") == {
        "buu_chinh": "35.000 đồng",
        "truc_tiep": "40.000 đồng",
    }
    assert split_fee("Miễn phí") == {}
    assert parse_time_limit("14 ngày làm việc từ ngày nhận được hồ sơ") == (14, "ngay_lam_viec")
    assert parse_time_limit("50 Ngày") == (50, "ngay")
    assert parse_time_limit("1") == (1, "")  # a time limit without a unit stays visible as such
    assert parse_time_limit("Theo quy định") == (None, "")


def test_quality_report_lists_records_missing_mandatory_parts(sample_dir):
    records = [from_flat(r) for r in sample_rows(sample_dir)]
    report = {item["code"]: {p["field"] for p in item["problems"]} for item in quality_report(records)}
    # The Điện lực procedures came from a decision annex: no steps, dossier or applicants.
    assert {"steps", "dossier", "applicants"} <= report["2.001561"]
    assert "methods.0.time_limit_unit" in report["2.000829"]  # "1" with no unit
    assert "1.001233" not in report  # a complete record


def test_validation_names_every_problem_at_once_in_vietnamese():
    problems = validate_record(normalize_record({"methods": [{"channel": "truc_tiep", "time_limit_value": 5}]}))
    fields = {p.field for p in problems}
    assert {"name", "applicants", "steps", "dossier", "agencies.executing", "methods.0.time_limit_unit"} <= fields
    assert all(p.message and p.message[0].isupper() for p in problems)


def test_merge_partial_carries_over_and_never_erases():
    base = normalize_record({"name": "A", "level": "tinh", "legal_basis": ["Luật X"], "fee": "10.000 đ"})
    merged = merge_partial(base, {"fee": "Không", "level": "", "legal_basis": []})
    assert merged["fee"] == "Không" and merged["level"] == "tinh" and merged["legal_basis"] == ["Luật X"]


def test_own_format_round_trips_byte_for_byte(demo, session_factory, tmp_path, migrated_template):
    with session_factory() as session:
        first, _ = export_catalogue(session, "jsonl", dt.date(2026, 1, 1))
    # Import that export as a new catalogue elsewhere and export again.
    exported = tmp_path / "catalogue.jsonl"
    exported.write_bytes(first)
    other = _fresh_database(migrated_template, tmp_path)
    try:
        with transaction(other) as session:
            import_baseline(session, exported, dt.date(2026, 1, 1))
        with other() as session:
            second, _ = export_catalogue(session, "jsonl", dt.date(2026, 1, 1))
    finally:
        other.kw["bind"].dispose()
    assert second == first
    assert len(first.decode().splitlines()) == 36
    assert list(json.loads(first.decode().splitlines()[0])) == list(normalize_record({}))


def _fresh_database(migrated_template, tmp_path):
    """A second, empty database: another SQLite file, or the same PostgreSQL emptied."""
    import shutil

    from sqlalchemy import text

    from tthc.db import Base, make_engine, make_session_factory

    if migrated_template.startswith("postgresql"):
        engine = make_engine(migrated_template)
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        return make_session_factory(engine)
    path = tmp_path / "other.sqlite3"
    shutil.copyfile(migrated_template, path)
    return make_session_factory(make_engine(f"sqlite:///{path}"))


def test_csv_export_is_excel_friendly(demo, session):
    content, revision = export_catalogue(session, "csv", dt.date(2025, 11, 18))
    text = content.decode("utf-8")
    assert text.startswith("\ufeffcode,name,level,field")
    assert revision == 1
    assert "1.000532" in text and "1.013401" not in text  # not yet in force on 18/11/2025


def test_annex_amendment_of_fee_or_time_limit_keeps_the_channels_in_force(sample_dir):
    from tthc.decisions.importing import entry_from_flat

    base = from_flat(sample_rows(sample_dir)[1])  # 1.001233: three channels, "5 Ngày làm việc", "Miễn phí"
    entry = entry_from_flat(
        {
            "action": "amended",
            "code": "1.001233",
            "time_limit": "03 ngày làm việc",
            "fee": "Trực tiếp: 10.000 đồng; Trực tuyến: 5.000 đồng",
        },
        "test",
        0,
    )
    assert "methods" not in entry.record
    merged = merge_partial(base, entry.record)
    assert [m["channel"] for m in merged["methods"]] == [m["channel"] for m in base["methods"]]
    assert {m["channel"]: (m["time_limit_value"], m["time_limit_unit"], m["fee"]) for m in merged["methods"]} == {
        "buu_chinh": (3, "ngay_lam_viec", "Trực tiếp: 10.000 đồng; Trực tuyến: 5.000 đồng"),
        "truc_tiep": (3, "ngay_lam_viec", "10.000 đồng"),
        "truc_tuyen": (3, "ngay_lam_viec", "5.000 đồng"),
    }
