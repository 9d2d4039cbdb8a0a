"""Raising alerts: one per distinct measure across articles, outlets and languages; re-runs change nothing."""

from __future__ import annotations

from flows.alerting import raise_alerts


def _alerts(con):
    return con.execute(
        "SELECT measure, status, side, target_ids, article_count, sources, languages, first_article_id "
        "FROM v_alerts ORDER BY first_seen_at, measure, status"
    ).fetchall()


def test_same_measure_in_three_languages_is_one_alert(con, press):
    first = press.publish("2025-04-14", "wire", "en", events=[
        press.sanction("authority:bis", "entity_list", ["firm:huawei"])])
    press.publish("2025-04-15", "lemonde", "fr", title="Washington sanctionne Huawei", events=[
        press.sanction("authority:us-commerce", "entity_list", ["firm:huawei", "firm:smic"])])
    press.publish("2025-04-16", "xinhua", "zh", title="美国将华为列入实体清单", events=[
        press.sanction("authority:us-government", "entity_list", ["firm:smic"])])

    counts = raise_alerts(con)

    assert counts == {"events": 3, "created": 1, "updated": 0}
    [(measure, status, side, targets, articles, sources, languages, first_article)] = _alerts(con)
    assert (measure, status, side) == ("entity_list", "announced", "authority:us-government")
    assert targets == ["firm:huawei", "firm:smic"]
    assert (articles, sources, languages) == (3, ["lemonde", "wire", "xinhua"], ["en", "fr", "zh"])
    assert first_article == first


def test_background_status_window_and_side_keep_alerts_apart(con, press):
    huawei = ["firm:huawei"]
    press.publish("2025-03-01", events=[press.sanction("authority:bis", "entity_list", huawei, status="background")])
    press.publish("2025-04-01", events=[press.sanction("authority:bis", "entity_list", huawei)])
    press.publish("2025-04-02", events=[press.sanction("authority:bis", "entity_list", huawei, status="lifted")])
    press.publish("2025-04-03", events=[press.sanction("authority:mofcom", "entity_list", huawei)])
    press.publish("2025-04-04", events=[press.sanction("authority:bis", "entity_list", ["chip:nvidia-h20"])])
    press.publish("2025-04-21", events=[press.sanction("authority:bis", "entity_list", huawei)])  # 20 days on
    press.publish("2025-05-20", events=[press.sanction("authority:bis", "entity_list", huawei)])  # 29 days on

    raise_alerts(con)

    rows = [(side, status, targets, articles) for _, status, side, targets, articles, *_ in _alerts(con)]
    assert rows == [
        ("authority:us-government", "announced", ["firm:huawei"], 2),
        ("authority:us-government", "lifted", ["firm:huawei"], 1),
        ("authority:cn-government", "announced", ["firm:huawei"], 1),
        ("authority:us-government", "announced", ["chip:nvidia-h20"], 1),
        ("authority:us-government", "announced", ["firm:huawei"], 1),
    ]


def test_rerun_changes_nothing_and_a_later_article_updates_the_alert(con, press):
    press.publish("2025-04-14", "wire", events=[press.sanction("authority:bis", "export_license", ["chip:nvidia-h20"])])
    assert raise_alerts(con)["created"] == 1
    before = con.execute("SELECT * FROM v_alerts").fetchall()

    assert raise_alerts(con) == {"events": 0, "created": 0, "updated": 0}
    assert con.execute("SELECT * FROM v_alerts").fetchall() == before

    press.publish("2025-04-20", "lemonde", "fr", events=[
        press.sanction("authority:bis", "export_license", ["chip:nvidia-h20", "Nvidia H20 variants"])])
    assert raise_alerts(con) == {"events": 1, "created": 0, "updated": 1}
    [(_, _, _, targets, articles, sources, languages, _)] = _alerts(con)
    assert targets == ["chip:nvidia-h20", "nvidia h20 variants"]
    assert (articles, sources, languages) == (2, ["lemonde", "wire"], ["en", "fr"])


def test_a_report_without_targets_joins_the_closest_measure_but_not_the_reverse(con, press):
    press.publish("2025-04-14", events=[press.sanction("authority:bis", "export_license", [])])
    press.publish("2025-04-15", "lemonde", "fr", events=[press.sanction("authority:bis", "export_license", [])])
    press.publish("2025-04-16", events=[press.sanction("authority:bis", "export_license", ["chip:nvidia-h20"])])
    press.publish("2025-04-19", "xinhua", "zh", events=[press.sanction("authority:bis", "export_license", [])])

    assert raise_alerts(con)["created"] == 2
    assert [(row[3], row[4], row[6]) for row in _alerts(con)] == [
        ([], 2, ["en", "fr"]),
        (["chip:nvidia-h20"], 2, ["en", "zh"]),
    ]
