"""Alerts on new sanction events: raise them from the warehouse, deliver them through configured channels.

`raise_alerts(con)` then `deliver_alerts(con, load_alert_config(path))`. Attributes load on first use,
so importing the package stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_API = {
    "load_alert_config": "flows.alerting.config",
    "raise_alerts": "flows.alerting.rules",
    "deliver_alerts": "flows.alerting.delivery",
}
__all__ = list(_API)


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_API[name]), name)
