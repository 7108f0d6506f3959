"""The OpenAPI 3 description of /api/v1 (kept next to the views it describes)."""

from __future__ import annotations

from typing import Any

DATE_PARAM = {
    "name": "ngay",
    "in": "query",
    "required": False,
    "description": "Danh mục tại ngày này (YYYY-MM-DD); mặc định hôm nay.",
    "schema": {"type": "string", "format": "date"},
}


def _param(name: str, description: str, schema: dict | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _ok(schema_ref: str, description: str) -> dict[str, Any]:
    return {
        "200": {
            "description": description,
            "headers": {
                "ETag": {"schema": {"type": "string"}, "description": "Theo phiên bản danh mục và ngày hỏi."},
                "Last-Modified": {"schema": {"type": "string"}},
            },
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
        },
        "304": {"description": "Không đổi so với If-None-Match / If-Modified-Since."},
        "400": {
            "description": "Tham số không hợp lệ.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        },
    }


def openapi_document(facets) -> dict[str, Any]:
    filters = [
        _param("level", "Cấp thực hiện: tinh, xa, huyen, trung_uong, khac."),
        _param("sector", "Lĩnh vực (đúng tên)."),
        _param("agency", "Cơ quan thực hiện (đúng tên)."),
        _param("channel", "Cách thức: truc_tiep, truc_tuyen, buu_chinh."),
        _param(
            "online_level",
            "Dịch vụ công trực tuyến: toan_trinh, mot_phan, truc_tuyen "
            "(có kênh trực tuyến, chưa xác định mức độ), chua_cung_cap (đã ghi cách thức nộp, không có trực tuyến), "
            "chua_cap_nhat (chưa ghi cách thức nộp nào).",
        ),
        _param("status", "in_force, upcoming (đã công bố, chưa có hiệu lực), abolished."),
    ]
    paging = [
        _param("page", "Trang, từ 1.", {"type": "integer", "minimum": 1}),
        _param("per_page", "Số kết quả mỗi trang (1–100).", {"type": "integer", "minimum": 1, "maximum": 100}),
    ]
    hit = {
        "type": "object",
        "required": ["code", "name", "level", "sector", "status"],
        "properties": {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "level": {"type": "string"},
            "sector": {"type": "string"},
            "agency": {"type": "string"},
            "status": {"type": "string", "enum": ["in_force", "upcoming", "abolished"]},
            "valid_from": {"type": "string", "format": "date"},
            "online_level": {"type": "string"},
            "channels": {"type": "array", "items": {"type": "string"}},
            "replaced_by": {"type": "string"},
            "upcoming_date": {"type": "string"},
            "upcoming_action": {"type": "string"},
            "score": {"type": "number"},
            "name_parts": {
                "type": "array",
                "description": "Tên cắt thành đoạn; mark = khớp câu tìm.",
                "items": {"type": "object", "properties": {"text": {"type": "string"}, "mark": {"type": "boolean"}}},
            },
            "url": {"type": "string"},
            "page": {"type": "string"},
        },
    }
    facet = {
        "type": "array",
        "items": {"type": "object", "properties": {"value": {"type": "string"}, "count": {"type": "integer"}}},
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "tthc – Cơ sở dữ liệu thủ tục hành chính",
            "version": "1",
            "description": "API đọc công khai: tra cứu thủ tục, lịch sử phiên bản, quyết định công bố, dữ liệu mở.",
        },
        "paths": {
            "/api/v1/procedures": {
                "get": {
                    "summary": "Tìm và duyệt thủ tục (có dấu hoặc không dấu, mã, từ viết tắt)",
                    "parameters": [
                        _param("q", "Câu tìm; trống = duyệt theo thứ tự chữ cái."),
                        *filters,
                        *paging,
                        _param("facets", "0 để bỏ đếm theo nhóm (nhanh hơn, cho gợi ý khi gõ)."),
                        DATE_PARAM,
                    ],
                    "responses": _ok("SearchResult", "Kết quả tìm kiếm"),
                }
            },
            "/api/v1/procedures/{code}": {
                "get": {
                    "summary": "Một thủ tục: nội dung tại ngày hỏi và danh sách phiên bản",
                    "parameters": [
                        {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}},
                        DATE_PARAM,
                    ],
                    "responses": {**_ok("Procedure", "Thủ tục"), "404": {"description": "Không có mã này."}},
                }
            },
            "/api/v1/decisions": {
                "get": {
                    "summary": "Quyết định công bố đã ký (đã hoặc chưa có hiệu lực)",
                    "parameters": [_param("status", "signed hoặc in_force."), *paging],
                    "responses": _ok("DecisionList", "Danh sách quyết định"),
                }
            },
            "/api/v1/catalogue.{format}": {
                "get": {
                    "summary": "Tải danh mục tại một ngày (dữ liệu mở)",
                    "parameters": [
                        {
                            "name": "format",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": ["csv", "xlsx", "jsonl"]},
                        },
                        DATE_PARAM,
                    ],
                    "responses": {
                        "200": {
                            "description": "Tệp danh mục",
                            "content": {
                                "text/csv": {},
                                "application/x-ndjson": {},
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                            },
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Hit": hit,
                "SearchResult": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string"},
                        "date": {"type": "string", "format": "date"},
                        "total": {"type": "integer"},
                        "total_exact": {"type": "boolean"},
                        "page": {"type": "integer"},
                        "per_page": {"type": "integer"},
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                        "facets": {"type": "object", "properties": {name: facet for name in facets}},
                        "suggestion": {"type": "string", "description": "Có phải bạn muốn tìm … (khi không thấy)."},
                        "matched_all_words": {"type": "boolean"},
                        "catalogue_state": {"type": "string"},
                    },
                },
                "Version": {
                    "type": "object",
                    "properties": {
                        "valid_from": {"type": "string", "format": "date"},
                        "state": {"type": "string"},
                        "revision": {"type": "integer"},
                        "action": {"type": "string"},
                        "replaced_by_code": {"type": "string", "nullable": True},
                        "decision": {"type": "object"},
                        "url": {"type": "string"},
                    },
                },
                "Procedure": {
                    "type": "object",
                    "properties": {
                        "code": {"type": "string"},
                        "date": {"type": "string"},
                        "state": {"type": "string"},
                        "valid_from": {"type": "string", "nullable": True},
                        "replaced_by_code": {"type": "string", "nullable": True},
                        "record": {
                            "type": "object",
                            "nullable": True,
                            "description": "Bản ghi thủ tục (docs/record-format.md).",
                        },
                        "versions": {"type": "array", "items": {"$ref": "#/components/schemas/Version"}},
                        "announced": {
                            "type": "object",
                            "description": "Chỉ có khi một quyết định đã ký sẽ đưa thủ tục vào "
                            "danh mục sau này: valid_from, record, decision.",
                        },
                        "designations": {
                            "type": "array",
                            "items": {"type": "object"},
                            "description": "Nơi tiếp nhận và hình thức giải quyết: designation, label, where.",
                        },
                        "linked_groups": {
                            "type": "array",
                            "items": {"type": "object"},
                            "description": "Nhóm thủ tục liên thông: key, name, valid_from, time_limit, agencies, "
                            "members (code, name, agency).",
                        },
                        "pending_changes": {
                            "type": "array",
                            "items": {"type": "object"},
                            "description": "Thay đổi đã công bố, chưa có hiệu lực: action, valid_from, decision.",
                        },
                        "form_files": {
                            "type": "array",
                            "items": {"type": "object"},
                            "description": "Mẫu đơn, tờ khai: title, filename, extension, size, url.",
                        },
                        "life_events": {
                            "type": "array",
                            "items": {"type": "object"},
                            "description": "Sự kiện mà thủ tục là một bước: slug, title, page.",
                        },
                    },
                },
                "DecisionList": {
                    "type": "object",
                    "properties": {
                        "total": {"type": "integer"},
                        "page": {"type": "integer"},
                        "per_page": {"type": "integer"},
                        "items": {"type": "array", "items": {"type": "object"}},
                    },
                },
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {"type": "string"},
                        "status": {"type": "integer"},
                        "message": {"type": "string"},
                    },
                },
            }
        },
    }
