"""`chipwatch extract` and `chipwatch eval` through the real command tree."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from flows.cli import main

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "gold" / "dev"


def run(monkeypatch, capsys, argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_jsonl_keeps_order_and_survives_bad_lines(monkeypatch, capsys):
    lines = [
        json.dumps({"id": "a", "lang": "en", "text": "Nvidia sells the H20 in China.", "published": "2025-01-02"}),
        "{not json",
        json.dumps({"id": "b", "lang": None, "text": "英伟达向中国客户出售H20芯片。", "published": None}),
        json.dumps({"id": "c", "lang": "fr", "text": "Texte.", "published": "hier"}),
        json.dumps({"id": "d", "lang": "de", "text": "Ein Text auf Deutsch."}),
    ]
    code, out, _ = run(monkeypatch, capsys, ["extract", "--jsonl"], "\n".join(lines) + "\n")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r.get("id") for r in records] == ["a", None, "b", "c", "d"]
    assert "error" in records[1] and "error" in records[3]
    assert records[2]["lang"] == "zh"
    assert {"Nvidia", "Nvidia H20"} <= {e["name"] for e in records[2]["entities"]}
    assert records[4]["entities"] == [] and records[4]["lang"] == "de"


def test_extract_reads_html_and_offsets_index_the_text(monkeypatch, capsys, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><article><p>The Commerce Department added SMIC to the Entity List on "
                    "Friday, officials said in Washington.</p></article></body></html>", encoding="utf-8")
    code, out, _ = run(monkeypatch, capsys, ["extract", str(page), "--lang", "en", "--published", "2020-12-19"])
    record = json.loads(out)
    assert code == 0
    assert ("US Department of Commerce", "entity_list", "announced", "2020-12-18") in {
        (e["authority"], e["measure"], e["status"], e["date"]) for e in record["sanction_events"]}


def test_a_bad_date_is_a_user_error(monkeypatch, capsys):
    code, _, err = run(monkeypatch, capsys, ["extract", "-", "--published", "soon"], "Nvidia.")
    assert code == 2 and "published" in err and "Traceback" not in err


def test_eval_prints_the_table_for_a_gold_folder(monkeypatch, capsys, tmp_path):
    for name in ("en/en-dev-010.json", "zh/zh-dev-013.json"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        shutil.copy(GOLD / name, tmp_path / name)
    code, out, _ = run(monkeypatch, capsys, ["eval", str(tmp_path), "--json"])
    summary = json.loads(out)
    assert code == 0 and summary["articles"] == 2
    assert set(summary["f1"]) == {"all", "en", "zh"}
    assert summary["f1"]["zh"]["FIRM"] > 0.5


def test_eval_of_an_empty_folder_is_a_user_error(monkeypatch, capsys, tmp_path):
    code, _, err = run(monkeypatch, capsys, ["eval", str(tmp_path)])
    assert code == 2 and "no gold" in err


@pytest.mark.parametrize("argv", [["extract", "--help"], ["eval", "--help"]])
def test_help(monkeypatch, capsys, argv):
    with pytest.raises(SystemExit) as exit_info:
        run(monkeypatch, capsys, argv)
    assert exit_info.value.code == 0


def test_an_oversized_text_gets_an_error_record_and_the_stream_goes_on(monkeypatch, capsys):
    lines = [json.dumps({"id": "huge", "lang": "en", "text": "Nvidia. " * 300_000}),
             json.dumps({"id": "ok", "lang": "en", "text": "Nvidia ships the H20."})]
    code, out, _ = run(monkeypatch, capsys, ["extract", "--jsonl"], "\n".join(lines) + "\n")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["id"] for r in records] == ["huge", "ok"]
    assert "longer than" in records[0]["error"] and records[1]["entities"]
