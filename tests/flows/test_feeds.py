"""Atom feeds written from a real warehouse and read back by a real feed reader library (feedparser)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta

import feedparser
import pytest

from core.errors import UserError
from flows.alerting import load_alert_config, raise_alerts
from flows.cli.feeds import register
from flows.feeds import write_feeds


def _days_ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).date().isoformat()


@pytest.fixture
def archive(con, press):
    """An old listing, a fresh ban on a Huawei chip, a fresh Chinese probe and a background mention."""
    press.publish("2019-05-16", events=[press.sanction("authority:bis", "entity_list", ["firm:huawei"])])
    press.publish(_days_ago(2), "lemonde", "fr", title="Interdiction de l'Ascend 910B", events=[
        press.sanction("authority:bis", "export_ban", ["chip:huawei-ascend-910b"])])
    press.publish(_days_ago(1), events=[press.sanction("authority:mofcom", "investigation", ["firm:nvidia"])])
    press.publish(_days_ago(1), events=[
        press.sanction("authority:bis", "export_license", ["chip:nvidia-h20"], status="background")])
    raise_alerts(con)
    return con


def _read(path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_feeds_of_alerts_measures_and_a_watched_firm_read_back(archive, tmp_path):
    config_path = tmp_path / "alerts.yaml"
    config_path.write_text("channels: [console]\nwatch:\n  targets: [Huawei, Nvidia]\n", encoding="utf-8")

    written = write_feeds(archive, tmp_path / "feeds", load_alert_config(config_path))

    assert sorted(path.name for path in written) == ["alerts.atom", "entity-firm-huawei.atom",
                                                     "entity-firm-nvidia.atom", "measures.atom"]
    measures = _read(tmp_path / "feeds/measures.atom")
    assert [entry.title.split(" on ")[-1] for entry in measures.entries] == ["Nvidia", "Huawei Ascend 910B",
                                                                             "Huawei"]  # newest first, no background
    alerts = _read(tmp_path / "feeds/alerts.atom")
    assert [entry.title.split(" on ")[-1] for entry in alerts.entries] == ["Nvidia", "Huawei Ascend 910B"]  # 2019 held
    huawei = _read(tmp_path / "feeds/entity-firm-huawei.atom")
    [entry] = huawei.entries  # a firm's feed holds its chips
    assert entry.link == "https://lemonde.example/fr/2" and "Huawei Ascend 910B" in entry.content[0].value
    assert {tag.term for tag in entry.tags} == {"export_ban", "announced"}
    assert entry.id.startswith("urn:chipwatch:measure:") and entry.published_parsed[:3] == tuple(
        int(part) for part in _days_ago(2).split("-"))


def test_text_is_escaped_feeds_are_rewritten_only_when_measures_change_and_no_temporary_file_stays(archive, tmp_path):
    archive.execute("UPDATE measures SET evidence = '<script>alert(1)</script> & <b>co</b>'")
    folder = tmp_path / "feeds"
    write_feeds(archive, folder)
    unchanged = (folder / "measures.atom").stat().st_ino
    write_feeds(archive, folder)
    assert (folder / "measures.atom").stat().st_ino == unchanged  # nothing new: not written again
    archive.execute("UPDATE measures SET updated_at = updated_at + INTERVAL 1 HOUR")
    write_feeds(archive, folder)

    assert (folder / "measures.atom").stat().st_ino != unchanged
    raw = (folder / "measures.atom").read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    assert "<script>alert(1)</script> & <b>co</b>" in _read(folder / "measures.atom").entries[0].content[0].value
    assert sorted(path.name for path in folder.iterdir()) == [".chipwatch-feeds", "alerts.atom", "measures.atom"]


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["feeds", *argv])
    return args.handler(args)


def test_the_command_writes_beside_the_warehouse_and_names_an_unknown_entity(archive, db_path, capsys):
    archive.close()

    assert _run("--db", str(db_path), "--entity", "chip:huawei-ascend-910b", "--entity", "Hauwei") == 0

    out, err = capsys.readouterr()
    assert out.split() == [str(db_path) + ".feeds/" + name for name in
                           ("alerts.atom", "measures.atom", "entity-chip-huawei-ascend-910b.atom")]
    assert "--entity 'Hauwei' names no chip, firm or authority" in err
    assert len(_read(db_path.with_name(db_path.name + ".feeds") / "entity-chip-huawei-ascend-910b.atom").entries) == 1


def test_an_unwritable_folder_is_a_user_error(archive, db_path, tmp_path):
    archive.close()
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(UserError, match="cannot write the feeds"):
        _run("--db", str(db_path), "--out", str(blocker / "feeds"))
