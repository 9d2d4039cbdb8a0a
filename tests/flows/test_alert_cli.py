"""`chipwatch alerts`: dry run changes nothing, a real run raises and delivers, config mistakes are UserErrors."""

from __future__ import annotations

import argparse
import json

import pytest

from core.errors import UserError
from flows.cli.alerts import register


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["alerts", *argv])
    return args.handler(args)


def test_dry_run_then_real_run(con, db_path, press, tmp_path, capsys):
    press.publish("2025-04-14", events=[press.sanction("authority:bis", "entity_list", ["firm:huawei"])])
    press.publish("2025-04-15", "lemonde", "fr", events=[
        press.sanction("authority:bis", "entity_list", ["firm:huawei"])])
    con.close()
    config = tmp_path / "alerts.yaml"
    config.write_text("fresh_days: all\nchannels:\n  - jsonl: sent.jsonl\n", encoding="utf-8")

    assert _run("--db", str(db_path), "--alerts", str(config), "--dry-run") == 0
    assert "would send alert" in capsys.readouterr().err and not (tmp_path / "sent.jsonl").exists()

    assert _run("--db", str(db_path), "--alerts", str(config)) == 0
    err = capsys.readouterr().err
    assert "alerts: 1 new, 0 updated from 2 events" in err and "1 sent, 0 failed" in err
    [record] = [json.loads(line) for line in (tmp_path / "sent.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["article_count"] == 2

    assert _run("--db", str(db_path), "--alerts", str(config)) == 0
    assert "0 new, 0 updated from 0 events; deliveries: 0 sent" in capsys.readouterr().err


def test_failed_delivery_exits_1(con, db_path, press, tmp_path, webhook, capsys):
    press.publish("2025-04-14", events=[press.sanction("authority:bis", "entity_list", ["firm:huawei"])])
    con.close()
    webhook.status = 503
    config = tmp_path / "alerts.yaml"
    config.write_text(f"fresh_days: all\nchannels:\n  - apprise: '{webhook.url()}'\n", encoding="utf-8")

    assert _run("--db", str(db_path), "--alerts", str(config)) == 1
    assert "503" in capsys.readouterr().err


def test_a_first_run_over_an_archive_sends_the_recent_alerts_and_lists_the_others(
    con, db_path, press, tmp_path, capsys
):
    from datetime import UTC, datetime, timedelta

    recent = (datetime.now(UTC) - timedelta(days=3)).date().isoformat()
    press.publish("2019-05-16", events=[press.sanction("authority:bis", "entity_list", ["firm:huawei"])])
    press.publish("2023-10-17", events=[press.sanction("authority:bis", "export_license", ["chip:nvidia-a800"])])
    press.publish(recent, events=[press.sanction("authority:mofcom", "investigation", ["firm:nvidia"])])
    con.close()
    config = tmp_path / "alerts.yaml"
    config.write_text("channels:\n  - jsonl: sent.jsonl\n", encoding="utf-8")

    assert _run("--db", str(db_path), "--alerts", str(config)) == 0
    err = capsys.readouterr().err
    assert "3 new, 0 updated" in err and "1 sent, 0 failed" in err and "2 held back as too old" in err
    [record] = [json.loads(line) for line in (tmp_path / "sent.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["measure"] == "investigation"

    assert _run("--db", str(db_path), "--alerts", str(config), "--backlog") == 0
    out, err = capsys.readouterr()
    today = datetime.now(UTC).date().isoformat()
    rows = [line.split()[1:5] for line in out.splitlines()[2:-1]]
    assert rows == [["2019-05-16", today, "entity_list", "announced"], ["2023-10-17", today, "export_license",
                                                                        "announced"]]
    assert out.splitlines()[-1] == "(2 rows)" and "Huawei" in out and "https://wire.example/en/1" in out
    assert "2 alerts were first reported more than 7 days before they were raised" in err
    assert (tmp_path / "sent.jsonl").read_text(encoding="utf-8").count("\n") == 1  # --backlog sends nothing


def test_config_mistake_is_a_user_error(db_path, tmp_path):
    config = tmp_path / "alerts.yaml"
    config.write_text("channels: [pager]\n", encoding="utf-8")
    with pytest.raises(UserError, match="unknown channel 'pager'"):
        _run("--db", str(db_path), "--alerts", str(config))
