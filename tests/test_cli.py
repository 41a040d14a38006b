"""The command line: thin, helpful, and never a traceback for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kestrel.cli import main

BAR_TEXT = "Iraqi Defense Minister Juma Inad Sadoon visited Tehran on Monday."


def _run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_code_text_bar() -> None:
    code, out, _ = _run("code", "--text", BAR_TEXT, "--date", "2020-11-16")
    assert code == 0
    events = [json.loads(line) for line in out.splitlines()]
    assert any(
        e["cameo_code"] == "042"
        and e["source"]["code"].startswith("IRQ")
        and e["target"]["code"].startswith("IRN")
        and e["event_date"] == "2020-11-16"
        for e in events
    )


def test_cli_code_jsonl_with_bad_lines_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"id": "a", "text": "Egypt praised Iraq."}\n'
        "{not json\n"
        '{"id": "b", "text": ""}\n'
        '{"id": "c", "text": "Iraqi troops attacked Islamic State fighters."}\n',
        encoding="utf-8",
    )
    code, out, err = _run("code", str(path))
    assert code == 3
    ids = {json.loads(line)["article_id"] for line in out.splitlines()}
    assert ids == {"a", "c"}
    assert f"{path}:2" in err and f"{path}:3" in err
    assert "Traceback" not in err


def test_cli_code_csv_output(tmp_path: Path) -> None:
    out_path = tmp_path / "out.csv"
    code, _, _ = _run("code", "--text", BAR_TEXT, "--format", "csv", "--output", str(out_path))
    assert code == 0
    header = out_path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("event_id,article_id,sentence_index,event_date")


def test_cli_article_id_is_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "000_abc.txt"
    path.write_text("date 2020-11-16 Egypt praised Iraq.", encoding="utf-8")
    code, out, _ = _run("code", str(path))
    assert code == 0
    event = json.loads(out.splitlines()[0])
    assert event["article_id"] == "000_abc" and event["event_date"] == "2020-11-16"


def test_cli_missing_input_is_a_clean_error(tmp_path: Path) -> None:
    code, _, err = _run("code", str(tmp_path / "nope.jsonl"))
    assert code == 1 and err.startswith("error:") and "does not exist" in err


def test_cli_bad_date_is_a_clean_error() -> None:
    code, _, err = _run("code", "--text", BAR_TEXT, "--date", "16/11/2020")
    assert code == 1 and "error:" in err


@pytest.mark.parametrize("command", ["code", "run", "eval", "actor"])
def test_cli_help_has_an_example(command: str) -> None:
    code, out, _ = _run(command, "--help")
    assert code == 0 and "Examples:" in out and "kestrel " + command in out


def test_cli_run_then_rerun_adds_nothing(tmp_path: Path, samples: Path) -> None:
    db = tmp_path / "k.duckdb"
    code, out, _ = _run("run", str(samples), "--db", str(db), "--quiet")
    assert code == 0 and "new article" in out
    code, out, _ = _run("run", str(samples), "--db", str(db), "--quiet")
    assert code == 0 and " 0 new article(s)" in out


def test_cli_eval_json(tmp_path: Path) -> None:
    gold = tmp_path / "g.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "1",
                "text": "Egypt praised Iraq.",
                "expected_events": [{"source": "EGY", "target": "IRQ", "code": "051"}],
            }
        )
        + "\n"
    )
    code, out, _ = _run("eval", str(gold), "--json")
    assert code == 0 and json.loads(out)["root"]["f1"] == 1.0


def test_cli_actor() -> None:
    code, out, _ = _run("actor", "Iraqi Defense Minister Juma Inad Sadoon", "--date", "2020-11-16")
    assert code == 0
    d = json.loads(out)
    assert d["code"] == "IRQGOVMIL" and d["country"] == "IRQ" and d["sectors"][0] == "GOV"


def test_cli_broken_input_shows_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"id": "x", "text": "\xff\xfe broken"}\n{"id": "y", "text": "Egypt praised Iraq."}\n')
    proc = subprocess.run(
        [sys.executable, "-m", "kestrel", "code", str(path)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr and f"{path}:1" in proc.stderr
    assert json.loads(proc.stdout.splitlines()[0])["article_id"] == "y"
