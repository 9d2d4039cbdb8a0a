"""Load the alerts file (`--alerts FILE`): delivery channels, an optional watch list and a channel timeout.

```yaml
channels:
  - console
  - jsonl: alerts.jsonl                 # relative to this file's folder
  - apprise: "mailto://desk:${SMTP_PASSWORD}@mail.example.org?to=desk@example.org"
    name: desk-mail                     # optional: the name deliveries are recorded under
watch:                                  # optional: deliver only alerts on these targets and measures
  targets: [Huawei, "chip:nvidia-h20"]  # KB names or ids, case-insensitive; a firm covers its chips
  measures: [entity_list, export_ban]
timeout: 30                             # optional: seconds a channel may take (default 30)
fresh_days: 7                           # optional: hold back alerts first reported longer before they
                                        # were raised (default 7; `all` delivers any age)
searches:                               # optional: saved searches (flows/alerting/searches.py)
  - {name: hbm, query: '"high-bandwidth memory" OR HBM', lang: en}
```
A first run over years of articles raises an alert for every past measure; only those whose first report
was published within `fresh_days` of the run that raised them are delivered. The others are recorded, stay
in the digest and the timeline, and are listed by `chipwatch alerts --backlog`.
`${NAME}` in any string is replaced by the environment variable NAME, so secrets stay out of the file,
the database and the logs.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from core.config_files import read_config
from core.errors import UserError
from core.vocab import MEASURES
from flows.alerting.searches import SavedSearch, read_searches
from flows.alerting.secrets import channel_label, url_secrets

CHANNEL_KINDS = ("console", "jsonl", "apprise")
DEFAULT_TIMEOUT = 30.0
MAX_TIMEOUT = 600.0  # a channel slower than this can only hang the run
DEFAULT_FRESH_DAYS = 7.0
MAX_FRESH_DAYS = 36500.0
FRESH_ANY_AGE = "all"
_TOP_KEYS = ("channels", "watch", "timeout", "fresh_days", "searches")
_RENAMED_KEYS = {"max_age_days": "fresh_days"}
_WATCH_KEYS = ("targets", "measures")
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_NAME = re.compile(r"^[\w.:@/-]+$")


@dataclass(frozen=True)
class Channel:
    """One delivery channel: `kind`, the secret-free `name` deliveries are recorded under, and its target."""

    kind: str
    name: str
    target: str | None = None  # jsonl: the file path; apprise: the URL with variables expanded
    secrets: tuple[str, ...] = ()  # variable values and the URL's credentials, masked in every message
    former_name: str | None = None  # the name earlier versions recorded deliveries under (renamed once)

    def mask(self, text: str) -> str:
        """`text` with every secret of this channel replaced by ****."""
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, "****")
        return text


@dataclass(frozen=True)
class WatchList:
    """Restrict deliveries to alerts naming one of `targets` (casefolded) and with one of `measures`."""

    targets: frozenset[str] = field(default_factory=frozenset)
    measures: frozenset[str] = field(default_factory=frozenset)

    def allows(self, measure: str, target_keys: set[str]) -> bool:
        """Whether an alert with this measure and these casefolded target ids/names passes the filter."""
        if self.measures and measure not in self.measures:
            return False
        return not self.targets or bool(self.targets & target_keys)


@dataclass(frozen=True)
class AlertConfig:
    """The parsed alerts file."""

    path: Path
    channels: tuple[Channel, ...]
    watch: WatchList = field(default_factory=WatchList)
    timeout: float = DEFAULT_TIMEOUT
    fresh_days: float | None = DEFAULT_FRESH_DAYS  # None: deliver alerts of any age
    searches: tuple[SavedSearch, ...] = ()

    def held_back(self, first_seen: datetime, raised: datetime) -> bool:
        """Whether an alert whose first report is dated `first_seen`, raised at `raised`, is too old to send."""
        return self.fresh_days is not None and raised - first_seen > timedelta(days=self.fresh_days)


def load_alert_config(path: str | Path) -> AlertConfig:
    """Read and check the alerts file; any mistake is a `UserError` naming the file and the field."""
    path = Path(path)
    data = read_config(path, "alerts file")
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a mapping with keys {', '.join(_TOP_KEYS)}")
    for old, new in _RENAMED_KEYS.items():
        if old in data:
            raise UserError(f"{path}: {old}: renamed {new} (days between an alert's first report and the run "
                            "that raised it; older alerts are held back, see `chipwatch alerts --backlog`)")
    _check_keys(path, "", data, _TOP_KEYS)
    items = data.get("channels")
    if not isinstance(items, list) or not items:
        raise UserError(f"{path}: channels: expected a non-empty list")
    channels = tuple(_channel(path, index, item) for index, item in enumerate(items))
    names = [channel.name for channel in channels]
    for name in names:
        if names.count(name) > 1:
            raise UserError(f"{path}: channels: two channels named {name!r}; give one a distinct `name`")
    return AlertConfig(
        path,
        channels,
        _watch(path, data.get("watch")),
        _positive(path, "timeout", data.get("timeout"), DEFAULT_TIMEOUT, MAX_TIMEOUT),
        _fresh_days(path, data.get("fresh_days")),
        read_searches(path, data.get("searches")),
    )


def _channel(path: Path, index: int, item: Any) -> Channel:
    where = f"channels[{index}]"
    if isinstance(item, str):
        item = {item: None}
    if not isinstance(item, dict):
        raise UserError(f"{path}: {where}: expected 'console' or a mapping such as {{jsonl: FILE}}")
    kinds = [key for key in item if key in CHANNEL_KINDS]
    unknown = [key for key in item if key not in (*CHANNEL_KINDS, "name")]
    if unknown or len(kinds) != 1:
        bad = unknown[0] if unknown else ", ".join(kinds) or "nothing"
        raise UserError(f"{path}: {where}: unknown channel {bad!r} (expected one of {', '.join(CHANNEL_KINDS)})")
    kind = kinds[0]
    name = item.get("name")
    if name is not None and (not isinstance(name, str) or not _NAME.match(name)):
        raise UserError(f"{path}: {where}.name: expected one word of letters, digits and . : @ / -")
    if kind == "console":
        return Channel("console", name or "console")
    value = item[kind]
    if not isinstance(value, str) or not value.strip():
        raise UserError(f"{path}: {where}.{kind}: expected a {'file path' if kind == 'jsonl' else 'URL'}")
    written = value.strip()
    expanded, variables = _expand(path, f"{where}.{kind}", written)
    if kind == "jsonl":
        target = Path(expanded).expanduser()
        target = target if target.is_absolute() else path.parent / target
        return Channel("jsonl", name or f"jsonl:{written}", str(target))
    masker = Channel("apprise", "", expanded, (*variables, *url_secrets(expanded)))
    former = _former_apprise_name(path, where, masker, variables)
    return Channel("apprise", name or channel_label(written, expanded), expanded, masker.secrets,
                   None if name else former)


def _former_apprise_name(path: Path, where: str, masker: Channel, variables: tuple[str, ...]) -> str:
    """The name versions before labels recorded an unnamed channel under (Apprise's privacy URL, which
    kept path tokens); `UserError` on a URL Apprise does not support."""
    import apprise

    url = masker.target or ""
    with apprise.LogCapture(level=apprise.logging.WARNING, fmt="%(message)s") as log:
        plugin = apprise.Apprise.instantiate(url)
        details = log.getvalue().strip().splitlines()
    if plugin is None:
        reason = f" ({masker.mask(details[0])})" if details else ""
        raise UserError(f"{path}: {where}.apprise: not a URL Apprise supports: {masker.mask(url)}{reason}")
    former = plugin.url(privacy=True).split("?", 1)[0]
    for secret in sorted(variables, key=len, reverse=True):
        former = former.replace(secret, "****")
    return "apprise:" + former


def _expand(path: Path, where: str, value: str) -> tuple[str, tuple[str, ...]]:
    """Replace `${NAME}` by the environment variable; returns the text and the values used."""
    secrets = []

    def lookup(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise UserError(f"{path}: {where}: environment variable {name} is not set")
        if os.environ[name]:
            secrets.append(os.environ[name])
        return os.environ[name]

    return _VARIABLE.sub(lookup, value), tuple(secrets)


def _watch(path: Path, data: Any) -> WatchList:
    if data is None:
        return WatchList()
    if not isinstance(data, dict):
        raise UserError(f"{path}: watch: expected a mapping with keys {', '.join(_WATCH_KEYS)}")
    _check_keys(path, "watch.", data, _WATCH_KEYS)
    lists = {}
    for key in _WATCH_KEYS:
        values = data.get(key) or []
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise UserError(f"{path}: watch.{key}: expected a list of names")
        lists[key] = frozenset(value.strip().casefold() for value in values)
    for measure in sorted(lists["measures"]):
        if measure not in MEASURES:
            expected = ", ".join(MEASURES)
            raise UserError(f"{path}: watch.measures: unknown measure {measure!r} (expected one of {expected})")
    return WatchList(lists["targets"], lists["measures"])


def _positive(path: Path, key: str, value: Any, default: float | None, most: float) -> float | None:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= most:
        raise UserError(f"{path}: {key}: expected a number above 0 and at most {most:g}")
    return float(value)


def _fresh_days(path: Path, value: Any) -> float | None:
    if value == FRESH_ANY_AGE:
        return None
    try:
        return _positive(path, "fresh_days", value, DEFAULT_FRESH_DAYS, MAX_FRESH_DAYS)
    except UserError:
        raise UserError(f"{path}: fresh_days: expected a number of days above 0 and at most {MAX_FRESH_DAYS:g}, "
                        f"or {FRESH_ANY_AGE!r}") from None


def _check_keys(path: Path, prefix: str, data: dict, allowed: tuple[str, ...]) -> None:
    for key in data:
        if key not in allowed:
            raise UserError(f"{path}: {prefix}{key}: unknown key (expected {', '.join(allowed)})")
