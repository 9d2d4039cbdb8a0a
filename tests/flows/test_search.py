"""Full-text search: a real tantivy index built from a real warehouse, kept in step, queried in three languages."""

from __future__ import annotations

import argparse
import json
from datetime import date

import pytest

from core.errors import UserError
from flows.cli.search import register
from warehouse.search_index import update_index
from warehouse.search_query import Filters, search


@pytest.fixture
def archive(con, press, tmp_path):
    """Three articles in three languages, indexed."""
    press.publish("2025-04-15", title="Washington bans Nvidia's H20 in China", mentions={"chip:nvidia-h20": 1},
                  events=[press.sanction("authority:bis", "export_license", ["chip:nvidia-h20"])],
                  text="The Commerce Department told Nvidia that its H20 now needs a licence to ship to China.")
    press.publish("2025-04-16", "lemonde", "fr", title="Pékin enquête sur Nvidia", mentions={"firm:nvidia": 1},
                  text="Le régulateur chinois a ouvert une enquête antitrust visant Nvidia et ses puces.")
    press.publish("2019-05-16", "xinhua", "zh", title="美國將華為列入實體清單", mentions={"firm:huawei": 2},
                  text="美國商務部週四宣佈將華為列入實體清單，限制其採購美國技術。")
    folder = tmp_path / "index"
    assert update_index(con, folder).indexed == 3
    return folder


def _titles(hits):
    return [hit.title for hit in hits]


def test_words_phrases_and_boolean_queries_rank_the_articles_with_snippets_and_entities(archive):
    [hit] = search(archive, '"needs a licence" AND china')
    assert hit.title == "Washington bans Nvidia's H20 in China" and hit.entities == ["Nvidia H20"]
    assert "[licence]" in hit.snippet and hit.published == date(2025, 4, 15) and hit.url.startswith("https://")
    assert _titles(search(archive, "nvidia -licence")) == ["Pékin enquête sur Nvidia"]
    assert _titles(search(archive, "pekin")) == ["Pékin enquête sur Nvidia"]  # accents do not matter
    [french] = search(archive, "enquete antitrust")
    assert "[enquête] [antitrust] visant" in french.snippet  # marks fall on characters, not on UTF-8 bytes


def test_chinese_needs_no_spaces_and_either_script_finds_both(archive):
    for query in ("实体清单", "實體清單", '"实体清单"', "华为"):
        [hit] = search(archive, query)
        assert hit.title == "美國將華為列入實體清單", query
    assert "列入[实体][清单]" in search(archive, "實體清單")[0].snippet  # the words cut for the index joined again
    assert search(archive, "清单华为苹果") == []  # every word of a Chinese run must be there


def test_filters_by_language_source_dates_entity_and_measure(archive):
    assert _titles(search(archive, "nvidia", Filters(lang="fr"))) == ["Pékin enquête sur Nvidia"]
    assert _titles(search(archive, "nvidia", Filters(source="wire"))) == ["Washington bans Nvidia's H20 in China"]
    assert search(archive, "nvidia", Filters(since=date(2025, 4, 16), until=date(2025, 4, 16)))[0].lang == "fr"
    assert _titles(search(archive, "nvidia OR 华为", Filters(entity="Huawei"))) == ["美國將華為列入實體清單"]
    assert _titles(search(archive, "nvidia", Filters(entity="chip:nvidia-h20", measure="export_license"))) == [
        "Washington bans Nvidia's H20 in China"]


def test_an_update_adds_only_what_was_extracted_since_and_a_reextracted_article_replaces_its_document(
        con, press, archive):
    assert update_index(con, archive).indexed == 0
    press.publish("2025-04-17", title="Nvidia says H20 write-down", text="Nvidia expects a charge on H20 stock.")
    assert update_index(con, archive).indexed == 1
    con.execute("UPDATE articles SET extracted_at = now() WHERE title LIKE 'Pékin%'")
    assert update_index(con, archive).indexed == 1
    assert len(search(archive, "nvidia", limit=50)) == 3  # no article twice


def test_a_damaged_index_is_rebuilt_whole(con, archive):
    for path in archive.iterdir():
        if path.suffix == ".json":
            path.write_text("{broken", encoding="utf-8")
    done = update_index(con, archive)
    assert done.indexed == 3 and done.rebuilt


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["search", *argv])
    return args.handler(args)


def test_the_command_rebuilds_searches_and_says_what_is_wrong_in_one_line(con, press, db_path, capsys):
    press.publish("2025-04-15", title="Washington bans Nvidia's H20 in China\x1b[2J", mentions={"chip:nvidia-h20": 1},
                  text="The H20 now needs a licence.")
    con.close()
    with pytest.raises(UserError, match="no search index"):
        _run("--db", str(db_path), "h20")

    assert _run("--db", str(db_path), "--rebuild", "h20") == 0
    out, err = capsys.readouterr()
    assert "index rebuilt" in err and "1 article" in err
    assert "1. 2025-04-15 [en] wire: Washington bans Nvidia's H20 in China[2J" in out and "\x1b" not in out
    assert "entities: Nvidia H20" in out and out.rstrip().endswith("(1 result)")

    assert _run("--db", str(db_path), "--format", "json", "licence") == 0
    [record] = json.loads(capsys.readouterr().out)
    assert record["entities"] == ["Nvidia H20"] and "[licence]" in record["snippet"]

    with pytest.raises(UserError, match="bad search query"):
        _run("--db", str(db_path), "AND ((")
