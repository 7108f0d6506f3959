"""Settings: one typed, frozen object built once per app (or command) from its defaults, the environment
(prefix TTHC_) and the app's config mapping (tests, an embedding WSGI file), in that order.

Cài đặt: một đối tượng có kiểu, không đổi, dựng một lần cho mỗi ứng dụng từ giá trị mặc định, biến môi
trường (tiền tố TTHC_) và bảng cấu hình của ứng dụng. Giá trị sai báo lỗi nêu đúng tên biến.

This is the only module that reads the environment (tests/web/test_config_settings.py checks it). A setting's
names are a public contract: the key `PAGE_CACHE_MB` in the config mapping and in `app.config`, and the
variable `TTHC_PAGE_CACHE_MB`; names are added, never renamed. `Settings` is also a read-only mapping of
those keys (plus any other key the config mapping gave, e.g. Flask's own `TESTING`), so code that reads
`settings["AUTHORITY_NAME"]` or `app.config["SNAPSHOT_READS"]` keeps working.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, get_type_hints

from .accounts.passwords import PRODUCTION_METHOD
from .records.schema import LEVELS
from .syllables import DEFAULT_DICTIONARY

# The installed package (templates/, migrations/, static/ ship inside it) and, in a checkout, the repository.
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
ENV_PREFIX = "TTHC_"


class SettingError(ValueError):
    """A setting whose value cannot be used; the message names the variable or key, in Vietnamese."""


def home_dir() -> Path:
    """Where the default data folders live: the repository in a checkout (`pip install -e .`, `make run`),
    else the working directory of the process (an installed package has no repository around it)."""
    return PROJECT_ROOT if (PROJECT_ROOT / "pyproject.toml").is_file() else Path.cwd()


def _in_home(name: str) -> Any:
    return field(default_factory=lambda: str(home_dir() / name), metadata={"doc": _DOCS[name]})


def _setting(
    default: Any, doc: str, *, minimum: float | None = None, env: bool = True, items: tuple[str, ...] = ()
) -> Any:
    """`items`: the value is a comma-separated list of at least one of these words."""
    return field(default=default, metadata={"doc": doc, "minimum": minimum, "env": env, "items": items})


_DOCS = {
    "instance": "Thư mục riêng của máy chủ (khóa bí mật, CSDL SQLite mặc định). / The server's own folder "
    "(secret key, the default SQLite database).",
    "search_index": "Thư mục chỉ mục tìm kiếm. / The search index folder.",
    "exports": "Thư mục tệp in và tệp xuất. / Where printed and exported files are written.",
    "catalogue_data": "Dữ liệu mẫu cho `tthc demo load`. / The demo data `tthc demo load` reads.",
}


@dataclass(frozen=True)
class Settings(Mapping[str, Any]):
    """Every setting of tthc, typed, with its default. Build with `Settings.load(overrides)`."""

    instance_dir: str = _in_home("instance")
    database_url: str = _setting(
        "",
        "CSDL: sqlite:///… hoặc postgresql://user@host:5432/db (mặc định: tthc.sqlite3 trong INSTANCE_DIR). / "
        "The database URL (default: tthc.sqlite3 in INSTANCE_DIR).",
    )
    index_dir: str = _in_home("search_index")
    export_dir: str = _in_home("exports")
    data_dir: str = _in_home("catalogue_data")
    secret_key: str = _setting(
        "",
        "Khóa ký phiên; trống: khóa ngẫu nhiên giữ trong INSTANCE_DIR. / Session signing key (empty: a random "
        "key kept in INSTANCE_DIR).",
    )
    authority_name: str = _setting("Ủy ban nhân dân tỉnh", "Tên cơ quan công bố. / The announcing authority's name.")
    public_base_url: str = _setting(
        "http://127.0.0.1:5000",
        "Địa chỉ công khai (liên kết tuyệt đối, mã QR). / The public address (absolute links, QR codes).",
    )
    feedback_address: str = _setting(
        "",
        "Nơi người dân gửi phản ánh, kiến nghị (trên mọi trang thủ tục). / Where citizens send phản ánh, kiến nghị.",
    )
    authority_address: str = _setting(
        "",
        "Địa chỉ của chính cơ quan: nơi cuối cùng nhận phản ánh, kiến nghị. / The authority's own address, the "
        "last place named for phản ánh, kiến nghị (after FEEDBACK_ADDRESS and the agency register).",
    )
    trusted_proxies: int = _setting(
        0,
        "Số proxy ngược có tiêu đề X-Forwarded-* được tin (0: không). / Reverse proxies whose X-Forwarded-* "
        "headers are believed (0: none).",
        minimum=0,
    )
    import_in_background_bytes: int = _setting(
        512 * 1024,
        "Phụ lục lớn hơn chừng này byte được đọc bằng tác vụ nền. / Uploaded annexes larger than this are "
        "parsed by a background job with progress, not in the request.",
        minimum=1,
    )
    max_annex_rows: int = _setting(
        100_000,
        "Số dòng tối đa của một phụ lục Excel (mọi trang tính). / Rows of one uploaded Excel annex, all sheets.",
        minimum=1,
    )
    print_test_copy: bool = _setting(
        False,
        "In thử khi chưa có địa chỉ công khai; mỗi trang ghi «BẢN IN THỬ». / An operator's test print while "
        "PUBLIC_BASE_URL is unset or loopback: every page says so.",
    )
    apply_due_on_start: bool = _setting(
        True,
        "Máy chủ áp dụng các quyết định đến hạn khi khởi động. / The server applies decisions that came due "
        "while it was down (CLI commands other than `run` never do).",
    )
    login_hash_concurrency: int = _setting(
        2, "Số lần băm mật khẩu cùng lúc mỗi tiến trình. / Login hashes at once per process.", minimum=1
    )
    login_hash_slots: int = field(
        default_factory=lambda: max(1, (os.cpu_count() or 2) // 2),
        metadata={
            "doc": "Số lần băm mật khẩu cùng lúc trên cả máy (mặc định nửa số lõi; 0: không giới hạn). / Login "
            "hashes at once on the whole machine, across workers (default half the cores; 0: no bound).",
            "minimum": 0,
        },
    )
    login_queue: int = _setting(
        32,
        "Số yêu cầu đăng nhập (trang, lần thử) mỗi tiến trình được chờ lượt; cả máy chủ xử lý từng yêu cầu một, "
        "quá số này trả 429 ngay (0: không xếp hàng). / Login requests (the form, attempts) one process keeps "
        "waiting for the login lane, which serves them one at a time for the whole server; more are answered "
        "429 at once (0: no lane). tthc/web/login_lane.py",
        minimum=0,
    )
    login_queue_seconds: int = _setting(
        30,
        "Số giây một yêu cầu đăng nhập chờ lượt trước khi trả 429. / How long a login request waits for the "
        "login lane before it is answered 429.",
        minimum=1,
    )
    one_person_approves_and_signs: bool = _setting(
        False,
        "Cơ quan chỉ có một người vừa duyệt vừa ký; mỗi chữ ký như vậy được đánh dấu. / An authority with "
        "truly one person to approve and sign says so; each such signature is marked.",
    )
    request_budget_per_minute: int = _setting(
        120,
        "Số yêu cầu tìm kiếm và API mỗi địa chỉ mỗi phút (0: không giới hạn). / Search and API requests per "
        "client address and minute, counted across workers (0: no limit).",
        minimum=0,
    )
    import_jobs_per_user: int = _setting(
        2, "Số tác vụ nhập nền một tài khoản có cùng lúc. / Background imports one account may have at once.", minimum=1
    )
    page_cache_mb: int = _setting(
        32,
        "MB trang công khai giữ sẵn mỗi tiến trình (0: tắt). / Rendered public answers kept per process (0: "
        "none); see tthc/web/caching.py.",
        minimum=0,
    )
    password_hash_method: str = _setting(
        PRODUCTION_METHOD,
        "Cách băm mật khẩu của werkzeug; chỉ bảng cấu hình (kiểm thử) đổi được, không bao giờ môi trường. / A "
        "werkzeug method name; only a config mapping (tests) changes it, never the environment.",
        env=False,
    )
    authority_levels: str = _setting(
        "tinh,xa",
        "Các cấp cơ quan công bố (nguồn, đối chiếu quốc gia), cách nhau bởi dấu phẩy. / The levels this "
        "authority announces (sources and the national reconciliation, tthc/sources/), comma-separated.",
        items=tuple(level for level in LEVELS if level),
    )
    source_deadline_days: int = _setting(
        5,
        "Số ngày làm việc trước ngày văn bản có hiệu lực phải công bố. / Working days before the legal text's "
        "effective date by which the province must announce.",
        minimum=0,
    )
    secure_cookies: bool = _setting(
        False,
        "Cookie chỉ qua HTTPS (tự bật khi PUBLIC_BASE_URL là https://). / Cookies only over HTTPS (on by "
        "itself when PUBLIC_BASE_URL starts with https://).",
    )
    snapshot_reads: bool = _setting(
        True,
        "Trang chỉ đọc dùng một ảnh chụp nhất quán của CSDL. / Read-only pages read one consistent snapshot "
        "(docs/security.md).",
    )
    search_log_days: int = _setting(
        90, "Số ngày giữ nhật ký tìm kiếm ẩn danh. / Days the anonymous public search log is kept.", minimum=1
    )
    search_refine_seconds: float = _setting(
        60.0,
        "Tìm lại từ trang kết quả trong chừng này giây thì lần tìm trước là yếu. / A search followed by another "
        "from its results page within this many seconds is weak.",
        minimum=0,
    )
    search_check_seconds: float | None = _setting(
        None,
        "Mỗi bao nhiêu giây kiểm tra chỉ mục còn khớp danh mục (trống: 2; 0 khi kiểm thử và dòng lệnh). / How "
        "often the index is checked against the catalogue (unset: 2 s; 0 under TESTING and in the CLI).",
        minimum=0,
    )
    search_background_rebuild: bool | None = _setting(
        None,
        "Xây lại chỉ mục trong luồng nền (trống: có; không khi kiểm thử và dòng lệnh). / Rebuild the index in a "
        "background thread (unset: yes; no under TESTING and in the CLI).",
    )
    search_limitmb: int = _setting(256, "Bộ nhớ (MB) khi xây chỉ mục Whoosh. / Whoosh writer memory.", minimum=1)
    search_procs: int = _setting(1, "Số tiến trình xây chỉ mục. / Whoosh writer processes.", minimum=1)
    search_memory_limit: int = _setting(
        5000,
        "Danh mục nhỏ hơn chừng này được tìm trong bộ nhớ. / Catalogues up to this size are searched in memory.",
        minimum=0,
    )
    vi_dictionary: str = _setting(
        DEFAULT_DICTIONARY,
        "Danh sách âm tiết tiếng Việt (hunspell-vi). / The Vietnamese syllable list (tthc/syllables.py).",
    )
    # Keys of the config mapping that name no setting (Flask's TESTING, SESSION_* …), kept as given.
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{Path(self.instance_dir) / 'tthc.sqlite3'}")

    @classmethod
    def load(cls, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults, then the environment, then `overrides` (keys as in app.config). SettingError names the
        variable whose value cannot be read."""
        environ = os.environ if environ is None else environ
        overrides = dict(overrides or {})
        values: dict[str, Any] = {}
        for spec in _SPECS:
            if spec.key in overrides:
                raw, source = overrides.pop(spec.key), spec.key
            elif spec.env and environ.get(spec.variable, "").strip():
                raw, source = environ[spec.variable], spec.variable
            else:
                continue
            values[spec.name] = spec.parse(raw, source)
        return cls(**values, extra=MappingProxyType(overrides))

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    # --- the read-only mapping of keys, as app.config holds them -------------------------------------
    def __getitem__(self, key: str) -> Any:
        spec = _BY_KEY.get(key)
        return getattr(self, spec.name) if spec else self.extra[key]

    def __iter__(self) -> Iterator[str]:
        yield from _BY_KEY
        yield from (key for key in self.extra if key not in _BY_KEY)

    def __len__(self) -> int:
        return len(_BY_KEY) + sum(1 for key in self.extra if key not in _BY_KEY)


_TRUE = {"true", "1", "yes", "on", "co", "có"}
_FALSE = {"false", "0", "no", "off", "khong", "không"}
_KINDS = {int: "một số nguyên", float: "một số", bool: "true hoặc false", str: "một chuỗi"}


@dataclass(frozen=True)
class _Spec:
    name: str
    kind: type
    optional: bool
    minimum: float | None
    env: bool
    items: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.name.upper()

    @property
    def variable(self) -> str:
        return ENV_PREFIX + self.key

    def parse(self, raw: Any, source: str) -> Any:
        if raw is None and self.optional:
            return None
        try:
            value = self._convert(raw)
        except (TypeError, ValueError):
            raise SettingError(
                f"Cài đặt {source} không hợp lệ: cần {_KINDS[self.kind]}, nhận được «{raw}». "
                f"(Setting {source}: expected {self.kind.__name__}, got {raw!r}.)"
            ) from None
        if self.items and not _all_of(value, self.items):
            raise SettingError(
                f"Cài đặt {source} không hợp lệ: cần một hoặc nhiều giá trị trong {', '.join(self.items)}, cách "
                f"nhau bởi dấu phẩy; nhận được «{raw}». (Setting {source}: expected a comma-separated list of "
                f"{', '.join(self.items)}, got {raw!r}.)"
            )
        if self.minimum is not None and value < self.minimum:
            raise SettingError(
                f"Cài đặt {source} không hợp lệ: cần từ {self.minimum:g} trở lên, nhận được «{raw}». "
                f"(Setting {source}: must be at least {self.minimum:g}, got {raw!r}.)"
            )
        return value

    def _convert(self, raw: Any) -> Any:
        if self.kind is bool:
            if isinstance(raw, bool):
                return raw
            word = str(raw).strip().lower()
            if word in _TRUE or word in _FALSE:
                return word in _TRUE
            raise ValueError(raw)
        if self.kind is str:
            if not isinstance(raw, (str, Path)):
                raise TypeError(raw)
            return str(raw)
        if isinstance(raw, bool):  # True is an int to Python, not a number of anything here
            raise TypeError(raw)
        if self.kind is int:
            if isinstance(raw, float) and not raw.is_integer():
                raise ValueError(raw)
            return int(raw.strip() if isinstance(raw, str) else raw)
        return float(raw.strip() if isinstance(raw, str) else raw)


def _all_of(value: str, items: tuple[str, ...]) -> bool:
    """A comma-separated list of at least one of `items`, and nothing else."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    return bool(parts) and all(part in items for part in parts)


def _specs() -> list[_Spec]:
    hints = get_type_hints(Settings)
    specs = []
    for item in fields(Settings):
        if item.name == "extra":
            continue
        hint = hints[item.name]
        optional = type(None) in getattr(hint, "__args__", ())
        kind = next(t for t in getattr(hint, "__args__", (hint,)) if t is not type(None))
        specs.append(
            _Spec(
                item.name,
                kind,
                optional,
                item.metadata.get("minimum"),
                item.metadata.get("env", True),
                item.metadata.get("items", ()),
            )
        )
    return specs


_SPECS = _specs()
_BY_KEY = {spec.key: spec for spec in _SPECS}
SETTING_KEYS = tuple(_BY_KEY)


def describe() -> list[dict[str, Any]]:
    """Each setting: key, environment variable (None: config mapping only), type, default, doc."""
    defaults = Settings(extra=MappingProxyType({}))
    return [
        {
            "key": spec.key,
            "variable": spec.variable if spec.env else None,
            "type": spec.kind.__name__,
            "default": defaults[spec.key],
            "doc": next(f for f in fields(Settings) if f.name == spec.name).metadata.get("doc", ""),
        }
        for spec in _SPECS
    ]


@cache
def process_settings() -> Settings:
    """The environment's settings, for the few readers with no app at hand (the Vietnamese syllable list,
    Alembic's env.py run outside `tthc db upgrade`). Read once per process."""
    return Settings.load()
