"""Alerts on new sanction events: raise them from the warehouse, deliver them through configured channels.

`raise_alerts(con)` then `deliver_alerts(con, load_alert_config(path))`. Attributes load on first use,
so importing the package stays cheap.
"""

from __future__ import annotations

from flows.lazy import lazy_attributes

_API = {
    "load_alert_config": "flows.alerting.config",
    "raise_alerts": "flows.alerting.rules",
    "deliver_alerts": "flows.alerting.delivery",
}
__all__ = list(_API)

__getattr__ = lazy_attributes(__name__, _API)
