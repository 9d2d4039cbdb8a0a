"""Delivering alerts to real channels: stdout, a JSONL file, a webhook and an SMTP server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.alerting import deliver_alerts, load_alert_config, raise_alerts

ROOT = Path(__file__).resolve().parents[2]


def _config(tmp_path: Path, text: str):
    """The alerts file `text`; the fixtures are dated 2025, so it sends alerts of any age unless it says."""
    path = tmp_path / "alerts.yaml"
    path.write_text(text if "fresh_days" in text else f"fresh_days: all\n{text}", encoding="utf-8")
    return load_alert_config(path)


def _deliveries(con):
    return con.execute(
        "SELECT channel, attempt, delivered_at IS NOT NULL, error FROM alert_deliveries ORDER BY channel, attempt"
    ).fetchall()


@pytest.fixture
def one_alert(con, press) -> str:
    press.publish("2025-04-14", "wire", "en", title="US blacklists Huawei units", events=[
        press.sanction("authority:bis", "entity_list", ["firm:huawei"], when="2025-04-11")])
    press.publish("2025-04-15", "lemonde", "fr", title="Huawei sur la liste noire américaine", events=[
        press.sanction("authority:us-commerce", "entity_list", ["firm:huawei"])])
    raise_alerts(con)
    return con.execute("SELECT alert_id FROM v_alerts").fetchone()[0]


def test_each_channel_gets_the_alert_once(con, one_alert, webhook, tmp_path, capsys):
    config = _config(tmp_path, f"channels:\n  - console\n  - jsonl: out/alerts.jsonl\n  - apprise: '{webhook.url()}'\n")

    counts = deliver_alerts(con, config)

    assert (counts["sent"], counts["failed"], counts["errors"]) == (3, 0, [])
    printed = capsys.readouterr().out
    assert "Bureau of Industry and Security entity_list (announced) on Huawei" in printed
    assert "https://lemonde.example/fr/2" in printed and "Huawei sur la liste noire américaine" in printed
    [record] = [json.loads(line) for line in (tmp_path / "out/alerts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (record["alert_id"], record["measure"], record["event_date"]) == (one_alert, "entity_list", "2025-04-11")
    assert record["evidence"].startswith("Bureau of Industry and Security put Huawei")
    assert [link["source"] for link in record["links"]] == ["wire", "lemonde"]
    [posted] = webhook.received
    assert "Huawei" in posted["title"] and "https://wire.example/en/1" in posted["message"]

    again = deliver_alerts(con, config)

    assert (again["sent"], again["already"]) == (0, 3)
    assert len(webhook.received) == 1 and capsys.readouterr().out == ""
    assert [row[2] for row in _deliveries(con)] == [True, True, True]


def test_email_through_local_smtp_with_password_from_environment(con, one_alert, tmp_path, mailbox):
    config = _config(tmp_path, f"channels:\n  - apprise: '{mailbox.url()}'\n")

    counts = deliver_alerts(con, config)

    assert (counts["sent"], counts["errors"]) == (1, [])
    [message] = mailbox.messages
    assert "Huawei" in message["Subject"] and message["To"] == "editors@example.org"
    assert "https://lemonde.example/fr/2" in message.get_body().get_content()
    [(channel, _, delivered, _)] = _deliveries(con)
    assert delivered and mailbox.PASSWORD not in channel and channel.startswith("apprise:mailto://127.0.0.1:")


def test_wrong_smtp_password_fails_without_showing_it(con, one_alert, tmp_path, mailbox, monkeypatch):
    monkeypatch.setenv("SMTP_PASSWORD", "wrong-pw-123")
    config = _config(tmp_path, f"timeout: 3\nchannels:\n  - apprise: '{mailbox.url()}'\n")

    counts = deliver_alerts(con, config)

    assert (counts["sent"], counts["failed"], mailbox.messages) == (0, 1, []), counts["errors"]
    assert "wrong-pw-123" not in repr(counts) + repr(_deliveries(con))


def test_failed_channel_is_reported_masked_and_retried_without_blocking_others(
    con, one_alert, webhook, tmp_path, monkeypatch
):
    monkeypatch.setenv("HOOK_TOKEN", "tok-123456")
    webhook.status = 500
    config = _config(
        tmp_path,
        f"channels:\n  - apprise: '{webhook.url('/hook/${{HOOK_TOKEN}}')}'\n    name: desk-hook\n  - jsonl: a.jsonl\n",
    )

    first = deliver_alerts(con, config)

    assert (first["sent"], first["failed"]) == (1, 1)
    assert "desk-hook" in first["errors"][0] and "500" in first["errors"][0]
    assert "tok-123456" not in " ".join(first["errors"]) + repr(_deliveries(con))
    assert [row[:3] for row in _deliveries(con)] == [("desk-hook", 1, False), ("jsonl:a.jsonl", 1, True)]

    webhook.status = 200
    second = deliver_alerts(con, config)

    assert (second["sent"], second["failed"], second["already"]) == (1, 0, 1)
    assert len(webhook.received) == 2  # the failed POST, then the retry
    assert [row[:3] for row in _deliveries(con)][:2] == [("desk-hook", 1, False), ("desk-hook", 2, True)]
    assert len((tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def test_hanging_channel_is_cut_by_the_timeout(con, one_alert, webhook, tmp_path):
    webhook.delay = 5
    config = _config(tmp_path, f"timeout: 0.5\nchannels:\n  - apprise: '{webhook.url()}'\n  - jsonl: a.jsonl\n")

    started = time.monotonic()
    counts = deliver_alerts(con, config)

    assert time.monotonic() - started < 4
    assert (counts["sent"], counts["failed"], counts["unknown"]) == (1, 0, 1)
    assert (tmp_path / "a.jsonl").is_file()
    again = deliver_alerts(con, config)  # the message may have arrived: never sent again unasked
    assert (again["sent"], again["unknown"], len(webhook.received)) == (0, 1, 1)


def test_a_slow_channel_gets_the_whole_timeout_and_is_sent_once(con, one_alert, webhook, tmp_path):
    webhook.delay = 5  # longer than Apprise's own 4 s read timeout
    config = _config(tmp_path, f"timeout: 12\nchannels:\n  - apprise: '{webhook.url()}'\n")
    assert deliver_alerts(con, config)["sent"] == 1
    assert deliver_alerts(con, config)["already"] == 1 and len(webhook.received) == 1


def test_an_e_mail_alert_carries_titles_escaped(con, press, tmp_path, mailbox):
    press.publish("2025-04-14", title="<script>alert('x')</script> H20", events=[
        press.sanction("authority:bis", "export_license", ["chip:nvidia-h20"])])
    raise_alerts(con)
    config = _config(tmp_path, f"timeout: 5\nchannels:\n  - apprise: '{mailbox.url()}'\n")
    assert deliver_alerts(con, config)["sent"] == 1
    (message,) = mailbox.messages
    parts = {part.get_content_subtype(): part.get_content() for part in message.walk()
             if part.get_content_maintype() == "text"}
    assert "<script>" not in parts.get("html", "")
    assert "&lt;script&gt;" in parts.get("html", "") or "<script>" in parts.get("plain", ""), parts


def test_crash_between_sending_and_marking_is_not_resent_blindly(con, db_path, one_alert, webhook, tmp_path):
    config_path = tmp_path / "alerts.yaml"
    config_path.write_text(f"fresh_days: all\nchannels:\n  - apprise: '{webhook.url()}'\n", encoding="utf-8")
    con.close()
    script = (
        "import sys; from flows.alerting import deliver_alerts, load_alert_config; from warehouse.db import "
        "open_warehouse; deliver_alerts(open_warehouse(sys.argv[1]), load_alert_config(sys.argv[2]))"
    )
    worker = subprocess.Popen([sys.executable, "-c", script, str(db_path), str(config_path)], cwd=ROOT)
    webhook.on_receive = lambda: os.kill(worker.pid, 9)  # the process dies once the message is out
    assert worker.wait(timeout=60) == -9
    from warehouse.db import open_warehouse

    reopened = open_warehouse(db_path)
    try:
        assert [row[1:] for row in _deliveries(reopened)] == [(1, False, None)]
        webhook.on_receive = None
        config = load_alert_config(config_path)

        counts = deliver_alerts(reopened, config)

        assert (counts["sent"], counts["unknown"], len(webhook.received)) == (0, 1, 1)
        assert "outcome unknown" in counts["errors"][0]
        assert deliver_alerts(reopened, config, resend_unknown=True)["sent"] == 1
        assert len(webhook.received) == 2
    finally:
        reopened.close()


def test_watch_list_filters_targets_with_their_chips_and_measures(con, press, tmp_path):
    press.publish("2025-04-14", events=[press.sanction("authority:bis", "entity_list", ["firm:huawei"])])
    press.publish("2025-04-14", events=[press.sanction("authority:bis", "export_ban", ["chip:huawei-ascend-910b"])])
    press.publish("2025-04-14", events=[press.sanction("authority:bis", "export_ban", ["chip:nvidia-h20"])])
    press.publish("2025-04-14", events=[press.sanction("authority:mofcom", "investigation", ["firm:nvidia"])])
    raise_alerts(con)
    by_target = _config(tmp_path, "channels: [console]\nwatch:\n  targets: [HUAWEI, Hauwei]\n")
    by_measure = _config(tmp_path, "channels: [console]\nwatch:\n  targets: [firm:nvidia, Nvidia H20]\n"
                                   "  measures: [export_ban]\n")

    dry = deliver_alerts(con, by_target, dry_run=True)
    assert (dry["alerts"], dry["filtered"], len(dry["would_send"])) == (2, 2, 2)
    assert dry["unmatched_watch"] == ["hauwei"]
    assert _deliveries(con) == []

    assert deliver_alerts(con, by_target)["sent"] == 2
    assert deliver_alerts(con, by_measure)["sent"] == 1
    sent = con.execute(
        "SELECT measure, targets FROM v_alerts JOIN alert_deliveries USING (alert_id) ORDER BY measure, targets"
    ).fetchall()
    assert sent == [("entity_list", ["Huawei"]), ("export_ban", ["Huawei Ascend 910B"]), ("export_ban", ["Nvidia H20"])]


def _days_ago(days: int) -> str:
    from datetime import UTC, datetime, timedelta

    return (datetime.now(UTC) - timedelta(days=days)).date().isoformat()


def test_alerts_first_reported_before_the_fresh_window_are_held_back(con, press, tmp_path):
    press.publish("2024-01-10", events=[press.sanction("authority:bis", "entity_list", ["firm:huawei"])])
    press.publish(_days_ago(12), events=[press.sanction("authority:mofcom", "investigation", ["firm:nvidia"])])
    press.publish(_days_ago(2), events=[press.sanction("authority:bis", "export_ban", ["chip:nvidia-h20"])])
    press.publish(_days_ago(1), events=[press.sanction("authority:mofcom", "investigation", ["firm:nvidia"])])
    raise_alerts(con)

    counts = deliver_alerts(con, _config(tmp_path, "fresh_days: 7\nchannels: [jsonl: a.jsonl]\n"))

    assert (counts["sent"], counts["held_back"]) == (1, 2)  # a fresh report of a measure 12 days old is not news
    [record] = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["measure"] == "export_ban"
    assert deliver_alerts(con, _config(tmp_path, "fresh_days: 30\nchannels: [jsonl: a.jsonl]\n"))["sent"] == 1


def test_an_alert_fresh_when_raised_is_still_sent_later(con, press, tmp_path, webhook):
    press.publish(_days_ago(30), events=[press.sanction("authority:bis", "entity_list", ["firm:huawei"])])
    raise_alerts(con)
    con.execute("UPDATE measures SET created_at = first_seen_at + INTERVAL 1 DAY")  # raised by a run 29 days ago
    webhook.status = 503
    config = _config(tmp_path, f"fresh_days: 7\nchannels:\n  - apprise: '{webhook.url()}'\n")

    assert deliver_alerts(con, config)["failed"] == 1
    webhook.status = 200
    assert (deliver_alerts(con, config)["sent"], len(webhook.received)) == (1, 2)  # retried, not held back


def test_planted_tokens_never_reach_output_errors_doctor_or_the_warehouse(
    con, db_path, one_alert, webhook, tmp_path, monkeypatch
):
    monkeypatch.setenv("HOOK_PASSWORD", "pw-from-env-5150")
    tokens = ["PathTok3nLiteral", "QueryTok3nValue", "HeaderTok3nValue", "pw-from-env-5150"]
    url = webhook.url(f"/services/{tokens[0]}?apikey={tokens[1]}&-X-Token={tokens[2]}", "bot:${HOOK_PASSWORD}@")
    config_path = tmp_path / "alerts.yaml"
    config_path.write_text(f"fresh_days: all\ntimeout: 5\nchannels:\n  - apprise: '{url}'\n", encoding="utf-8")
    channel = load_alert_config(config_path).channels[0]
    # a delivery recorded by an earlier version, under a name that kept the path token
    con.execute("INSERT INTO alert_deliveries (alert_id, channel, attempt, attempted_at, error) "
                "VALUES (?, ?, 1, now(), ?)", [one_alert, channel.former_name, f"HTTP 500 from /{tokens[0]}"])
    assert tokens[0] in channel.former_name
    con.close()
    webhook.status = 500

    outputs = []
    for args in (["alerts", "--db", str(db_path), "--alerts", str(config_path)],
                 ["doctor", "--alerts", str(config_path), "--db", str(db_path)]):
        done = subprocess.run([sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True,
                              timeout=120, cwd=ROOT, env={**os.environ, "PREFECT_LOGGING_LEVEL": "DEBUG"})
        outputs.append(done.stdout + done.stderr)
    assert "1 failed" in outputs[0] and len(webhook.received) == 1, outputs[0]

    from warehouse.db import open_warehouse

    reopened = open_warehouse(db_path)
    stored = []
    for (table,) in reopened.execute("SELECT table_name FROM information_schema.tables").fetchall():
        stored += [repr(row) for row in reopened.execute(f'SELECT * FROM "{table}"').fetchall()]
    reopened.close()
    everything = "\n".join(outputs + stored)
    assert [token for token in tokens if token in everything] == []
    assert sum(channel.name in line for line in stored) == 2  # the earlier attempt kept, under the label
