"""Configuration and command-line mistakes: one clear line, exit code 2, no traceback, nothing written."""

from __future__ import annotations

import pytest

from tests.factories import article
from tests.faults.conftest import chipwatch
from warehouse.db import open_warehouse
from warehouse.load import load_articles

SOURCE = "sources:\n  - name: x\n    lang: fr\n    feeds: [{feed}]\n    allowed_domains: [a.example]\n"
SOURCES_MISTAKES = {  # file content → expected message after "FILE: "
    "malformed": ("sources:\n  - name: x\n    feeds: [http://a.example/rss\n", "not valid YAML at line 4"),
    "empty": ("", "expected a mapping with a 'sources' list"),
    "unknown-key": (SOURCE.format(feed="http://a.example/rss") + "    colour: red\n",
                    "source 'x': unknown field(s) colour"),
    "unknown-top-key": ("extra: 1\n" + SOURCE.format(feed="http://a.example/rss"),
                        "unknown top-level key(s) extra (allowed: sources, crawl)"),
    "ftp-url": (SOURCE.format(feed="ftp://a.example/rss"),
                "source 'x': field 'feeds': 'ftp://a.example/rss' is not an http(s) URL"),
    "no-host": (SOURCE.format(feed='"http://"'), "source 'x': field 'feeds': 'http://' is not an http(s) URL"),
    "bad-port": (SOURCE.format(feed="http://a.example:99999/rss"),
                 "source 'x': field 'feeds': 'http://a.example:99999/rss' is not an http(s) URL"),
    "off-domain": (SOURCE.format(feed="http://b.example/rss"),
                   "source 'x': field 'feeds': http://b.example/rss is outside allowed_domains"),
    "negative-size": ("crawl: {max_page_bytes: -5}\n" + SOURCE.format(feed="http://a.example/rss"),
                      "crawl: option 'max_page_bytes' must be between 1024 and"),
    "zero-timeout": ("crawl: {download_timeout: 0}\n" + SOURCE.format(feed="http://a.example/rss"),
                     "crawl: option 'download_timeout' must be between 0.1 and 600 (got 0)"),
    "endless-timeout": ("crawl: {download_timeout: .inf}\n" + SOURCE.format(feed="http://a.example/rss"),
                        "crawl: option 'download_timeout' must be between 0.1 and 600 (got inf)"),
    "nan-backoff": ("crawl: {retry_backoff: .nan}\n" + SOURCE.format(feed="http://a.example/rss"),
                    "crawl: option 'retry_backoff' must be between 0 and 600 (got nan)"),
    "alias-bomb": ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" + SOURCE.format(feed="http://a.example/rss"),
                   "not valid YAML at line 2: aliases (*name) are not allowed in a configuration file"),
    "redos-follow": (SOURCE.format(feed="http://a.example/rss") + "    follow: '(a|aa)+$'\n",
                     "source 'x': field 'follow' backtracks without end on long links"),
    "unknown-option": ("crawl: {turbo: true}\n" + SOURCE.format(feed="http://a.example/rss"),
                       "crawl: unknown option 'turbo'"),
}


def assert_one_line_error(result, command: str, message: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"chipwatch {command}: error: ") and message in line, line


@pytest.mark.parametrize("name", list(SOURCES_MISTAKES))
def test_sources_file_mistakes_are_one_line_and_nothing_is_crawled(tmp_path, name):
    content, message = SOURCES_MISTAKES[name]
    sources = tmp_path / "sources.yaml"
    sources.write_text(content, encoding="utf-8")
    result = chipwatch("crawl", "--sources", str(sources), "--out", str(tmp_path / "out.jsonl"))
    assert_one_line_error(result, "crawl", f"{sources}: {message}")
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(("name", "message"), [
    ("missing.yaml", "sources file not found"),
    ("folder", "cannot read sources file"),
    ("binary.yaml", "cannot read sources file"),
])
def test_unreadable_sources_files_are_one_line(tmp_path, name, message):
    (tmp_path / "folder").mkdir()
    (tmp_path / "binary.yaml").write_bytes(b"\xff\xfe\x00\x01")
    result = chipwatch("run", "--sources", str(tmp_path / name), "--db", str(tmp_path / "w.duckdb"))
    assert_one_line_error(result, "run", message)
    assert not (tmp_path / "w.duckdb").exists()


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("sql") / "w.duckdb"
    with open_warehouse(db) as con:
        load_articles(con, [article(1), article(2)])
    return db


@pytest.mark.parametrize(("query", "message"), [
    ("SELEC 1", 'Parser Error: syntax error at or near "SELEC"'),
    ("SELECT * FROM nope", "Catalog Error: Table with name nope does not exist"),
    ("   ", "empty query"),
    ("DELETE FROM articles", 'Cannot execute statement of type "DELETE"'),
    ("DROP TABLE articles", 'Cannot execute statement of type "DROP"'),
    ("SELECT 1; DROP TABLE articles", 'Cannot execute statement of type "DROP"'),
    ("COPY articles TO '{tmp}/leak.csv'", "file system operations are disabled"),
    ("ATTACH '{tmp}/other.duckdb' AS other (READ_WRITE)", "file system operations are disabled"),
    ("SET lock_configuration = false", "the configuration has been locked"),
])
def test_sql_mistakes_and_writes_are_refused_in_one_line(small_db, tmp_path, query, message):
    result = chipwatch("sql", "--db", str(small_db), query.format(tmp=tmp_path))
    assert_one_line_error(result, "sql", message)
    assert list(tmp_path.iterdir()) == []  # no file written anywhere through `chipwatch sql`
    count = chipwatch("sql", "--db", str(small_db), "--format", "csv", "SELECT count(*) AS n FROM articles")
    assert count.stdout == "n\n2\n"


@pytest.mark.parametrize("week", ["2025-W99", "2025-W00", "2025-W53", "banana"])
def test_bad_digest_weeks_are_one_line(small_db, week):
    result = chipwatch("digest", "--db", str(small_db), "--week", week)
    assert_one_line_error(result, "digest", f"bad week '{week}'")


@pytest.mark.parametrize("args", [["frobnicate"], ["sql"], ["run", "--sources"], ["crawl", "--colour", "red"]])
def test_unknown_commands_and_options_exit_2(args):
    result = chipwatch(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "usage: chipwatch" in result.stderr
