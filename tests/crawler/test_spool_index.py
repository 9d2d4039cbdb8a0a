"""The crawl's spool index: it reads only what is new, answers as a whole read would, and heals itself."""

from __future__ import annotations

from crawler.dedupe import NearDuplicateIndex
from crawler.spool_index import SpoolIndex, text_key
from crawler.store import ArticleStore
from tests.factories import article

WIRE = "Nvidia said the US now requires a licence to ship its H20 accelerator to China and Hong Kong. " * 4
FOUNDRY = "Huawei unveiled its Ascend 910C accelerator built by SMIC in Shanghai, sources said on Monday. " * 4


def archive() -> list:
    """Records of each kind the index keeps apart: usable texts, a near copy, final and retryable failures."""
    return [
        article(1, text=WIRE),
        article(2, source="other", text="Copy: " + WIRE),
        article(3, text=FOUNDRY),
        article(4, status="failed", text=None, error="HTTP 404", extra={"retryable": False}),
        article(5, status="failed", text=None, error="timeout"),
        article(6, status="failed", text=None, error="timeout"),
        article(6, text="Later the page answered. " * 20),  # a retried page settles
    ]


def test_answers_as_a_whole_read_of_the_spool_and_reads_only_new_lines_later(tmp_path):
    spool = tmp_path / "articles.jsonl"
    records = archive()
    ArticleStore(spool).append(records[:5])
    index = SpoolIndex(spool)
    assert index.catch_up() == 0  # the opening read the five lines already
    ArticleStore(spool).append(records[5:])
    assert index.catch_up() == 2 and index.catch_up() == 0
    assert SpoolIndex(spool).catch_up() == 0  # a new crawl opens where the last one stopped

    settled = {r.canonical_url for r in records if r.status != "failed" or r.error == "HTTP 404"}
    assert {r.canonical_url for r in records if index.is_settled(r.canonical_url)} == settled
    assert index.retry_urls() == {"https://demo.example/news/5": "demo", "https://demo.example/news/5?utm_source=feed":
                                  "demo"}
    assert index.owner("https://demo.example/news/1") == ("https://demo.example/news/1?utm_source=feed",
                                                           text_key(WIRE))
    whole = NearDuplicateIndex()
    for record in records:
        if record.status == "ok":
            whole.add(record.canonical_url, record.text)
    for text in (WIRE, "Copy: " + WIRE, FOUNDRY, "An unrelated piece on memory prices. " * 10):
        assert index.first_match(text) == whole.first_match(text)
    assert index.first_match(WIRE, exclude="https://demo.example/news/1") == "https://other.example/news/2"


def test_a_torn_last_line_waits_until_it_is_closed(tmp_path):
    spool = tmp_path / "articles.jsonl"
    ArticleStore(spool).append([article(1, text=WIRE)])
    with spool.open("a") as handle:
        handle.write('{"url": "https://demo.example/news/2", "status": "ok"')  # a writer killed mid-line
    index = SpoolIndex(spool)
    assert not index.is_settled("https://demo.example/news/2")
    ArticleStore(spool).append([article(3, text=FOUNDRY)])
    assert index.catch_up() == 2  # the closed torn line (no record) and the new record
    assert index.is_settled("https://demo.example/news/3") and index.first_match(FOUNDRY)


def test_a_spool_rewritten_by_hand_is_indexed_again(tmp_path, capsys):
    spool = tmp_path / "articles.jsonl"
    ArticleStore(spool).append(archive())
    SpoolIndex(spool).close()
    lines = spool.read_text().splitlines(keepends=True)
    spool.write_text("".join(lines[2:]))  # the two wire copies removed
    index = SpoolIndex(spool)
    assert "was rewritten since it was indexed" in capsys.readouterr().out
    assert not index.is_settled("https://demo.example/news/1") and index.is_settled("https://demo.example/news/3")
    assert index.first_match(WIRE) is None


def test_a_damaged_index_file_is_rebuilt_and_an_unwritable_one_is_kept_in_memory(tmp_path, capsys):
    spool = tmp_path / "articles.jsonl"
    ArticleStore(spool).append(archive())
    index_file = spool.with_name(spool.name + ".index.sqlite")
    index_file.write_bytes(b"not a database at all" * 100)
    rebuilt = SpoolIndex(spool)
    assert "cannot be read" in capsys.readouterr().out
    assert rebuilt.first_match(FOUNDRY) == "https://demo.example/news/3"
    rebuilt.close()
    for leftover in tmp_path.glob("articles.jsonl.index.sqlite*"):
        leftover.unlink()
    index_file.mkdir()  # a folder where the file should be: SQLite cannot open it
    in_memory = SpoolIndex(spool)
    assert "cannot be written" in capsys.readouterr().out
    assert in_memory.is_settled("https://demo.example/news/4") and in_memory.first_match(FOUNDRY)
