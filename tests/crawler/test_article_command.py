"""`chipwatch article`: one file to JSON, and the JSON-lines stream used by the extraction scorer."""

import json
import subprocess
import sys
from pathlib import Path

from flows.cli import main

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
ROOT = Path(__file__).resolve().parents[2]


def run_module(module: str, *argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *argv], input=stdin, text=True, capture_output=True,
                          cwd=ROOT, timeout=120)


def test_single_gzipped_file_prints_one_json_record(capsys):
    argv = ["article", str(PAGES / "en_tiers.html.gz"), "--url", "https://ledger.example/n/1", "--lang", "en"]
    assert main(argv) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["title"] == "Chip export rules widen to cover more accelerators"
    assert record["published_at"] == "2025-01-13T14:05:00-05:00"
    assert set(record) >= {"text", "author", "lang", "encoding", "canonical_url", "date_source"}


def test_missing_or_corrupt_files_are_user_errors(tmp_path, capsys):
    broken = tmp_path / "page.html.gz"
    broken.write_bytes(b"not gzip at all")
    for path in (tmp_path / "nope.html", broken, tmp_path):
        assert main(["article", str(path)]) == 2
        error = capsys.readouterr().err
        assert "cannot read" in error and "Traceback" not in error
    assert main(["article"]) == 2
    assert main(["article", str(broken), "--jsonl"]) == 2
    assert "not both" in capsys.readouterr().err


def test_jsonl_stream_keeps_order_and_reports_bad_pages(tmp_path):
    lines = [
        {"id": "zh", "path": str(PAGES / "zh_ascend_gbk.html"), "url": None},
        {"id": "gone", "path": str(tmp_path / "missing.html"), "url": None},
        {"id": "fr", "path": str(PAGES / "fr_export_controls.html"), "url": "https://veilleur.example/a"},
    ]
    stdin = "".join(json.dumps(line) + "\n" for line in lines) + "not json\n"
    done = run_module("flows.cli", "article", "--jsonl", "--workers", "2", stdin=stdin)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["zh", "gone", "fr", None]
    assert rows[0]["encoding"] == "gb18030" and rows[0]["lang"] == "zh" and "中芯国际" in rows[0]["text"]
    assert "missing.html" in rows[1]["error"] and rows[1]["text"] is None
    assert rows[2]["published_at"] == "2025-04-16T09:30:00+02:00" and rows[2]["author"] == "Claire Dumont"
    assert "bad input line" in rows[3]["error"]
    assert set(rows[2]) == {"id", "title", "text", "author", "published_at", "lang", "encoding"}
