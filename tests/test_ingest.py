"""Tests for kestrel.ingest: formats, header conventions, dates, problems, directories, stdin."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kestrel.errors import InputError
from kestrel.ingest import (
    DEFAULT_MAX_CHARS,
    INPUT_EXTENSIONS,
    IngestOptions,
    article_from_text,
    parse_date,
    read_inputs,
)
from kestrel.models import Article, InputProblem

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "kestrel" / "samples"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
D = dt.date


def _read(*paths: str | Path, options: IngestOptions | None = None) -> list[Article | InputProblem]:
    return list(read_inputs(paths, options or IngestOptions()))


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def _jsonl(path: Path, records: Iterable[object]) -> Path:
    return _write(path, "".join(json.dumps(record) + "\n" for record in records))


# --- .txt header conventions ---------------------------------------------------------------------

TXT_CASES = [
    (
        "title: T\nsource: S\nurl: http://x.example/a\ndate: 2024-05-01\n\nBody one.\n\nBody two.\n",
        ("T", "S", "http://x.example/a", D(2024, 5, 1), "Body one.\n\nBody two."),
    ),
    ("TITLE: Big\nDate: 2024-05-01\nBody.", ("Big", None, None, D(2024, 5, 1), "Body.")),
    ("date 2020-11-16\nBody here.", (None, None, None, D(2020, 11, 16), "Body here.")),
    (
        " date 2020-11-16 Brigadier General X made the remarks.\n\nSecond paragraph.",
        (None, None, None, D(2020, 11, 16), "Brigadier General X made the remarks.\n\nSecond paragraph."),
    ),
    ("title: T\ndate 2021-01-02 First line.\nMore.", ("T", None, None, D(2021, 1, 2), "First line.\nMore.")),
    ("\n\n  title:   Spaced  \n\nBody.", ("Spaced", None, None, None, "Body.")),
    ("title:\nBody.", (None, None, None, None, "Body.")),
    ("date: 16 November 2020\nBody.", (None, None, None, D(2020, 11, 16), "Body.")),
    (
        "Date palm farmers protested.\ntitle: not a header",
        (None, None, None, None, "Date palm farmers protested.\ntitle: not a header"),
    ),
    (
        "No header at all.\n\n  Indented second paragraph.  ",
        (None, None, None, None, "No header at all.\n\n  Indented second paragraph."),
    ),
    (
        "title: T\r\ndate: 2024-05-01\r\n\r\nLine one.\r\nLine two.\r\n",
        ("T", None, None, D(2024, 5, 1), "Line one.\nLine two."),
    ),
    ("\ufefftitle: BOM\nBody.", ("BOM", None, None, None, "Body.")),
]


@pytest.mark.parametrize(("text", "expected"), TXT_CASES)
def test_ingest_txt_headers(text: str, expected: tuple[object, ...]) -> None:
    title, source, url, date, body = expected
    article = article_from_text(text)
    assert (article.title, article.source, article.url, article.date) == (title, source, url, date)
    assert article.text == body
    assert article.article_id == "text"
    assert article.origin == "<text>"


@pytest.mark.parametrize(
    ("text", "fallback", "expected"),
    [
        ("Body.", D(2024, 1, 1), D(2024, 1, 1)),
        ("date: 2023-03-03\nBody.", D(2024, 1, 1), D(2023, 3, 3)),
        ("Body.", None, None),
    ],
)
def test_ingest_text_fallback_date(text: str, fallback: dt.date | None, expected: dt.date | None) -> None:
    assert article_from_text(text, date=fallback).date == expected


@pytest.mark.parametrize(
    ("text", "origin", "fragment"),
    [
        ("title: T\ndate: next week\nBody.", "<text>:2", "next week"),
        ("date 2020-13-45 Body.", "<text>:1", "not a real calendar day"),
        ("title: T\n\n   \n", "<text>", "no article text"),
        ("", "<text>", "no article text"),
    ],
)
def test_ingest_text_errors(text: str, origin: str, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        article_from_text(text)
    assert caught.value.origin == origin
    assert fragment in caught.value.reason


# --- parse_date ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-11-16", D(2020, 11, 16)),
        ("  2020-11-16 ", D(2020, 11, 16)),
        ("2020-11-16T08:30:00Z", D(2020, 11, 16)),
        ("2020-11-16T23:30:00+03:00", D(2020, 11, 16)),
        ("2020-11-16T08:30:00.123-0500", D(2020, 11, 16)),
        ("2020-11-16 08:30", D(2020, 11, 16)),
        ("20201116", D(2020, 11, 16)),
        ("2020/11/16", D(2020, 11, 16)),
        ("2020-1-6", D(2020, 1, 6)),
        ("16 November 2020", D(2020, 11, 16)),
        ("16 Nov 2020", D(2020, 11, 16)),
        ("16th November, 2020", D(2020, 11, 16)),
        ("Nov. 16, 2020", D(2020, 11, 16)),
        ("November 16, 2020", D(2020, 11, 16)),
        ("Sept. 3, 2024", D(2024, 9, 3)),
        ("Monday, November 16, 2020", D(2020, 11, 16)),
        ("may 5 2024", D(2024, 5, 5)),
    ],
)
def test_ingest_parse_date_accepts(value: str, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "yesterday",
        "16/11/2020",
        "11/16/2020",
        "16-11-2020",
        "2020-11",
        "2020",
        "2020-13-01",
        "2021-02-29",
        "Smarch 3, 2020",
        "16 November",
        "2020-11-16 and more",
    ],
)
def test_ingest_parse_date_rejects(value: str) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        parse_date(value)


@given(st.dates())
def test_ingest_parse_date_round_trips_iso(date: dt.date) -> None:
    assert parse_date(date.isoformat()) == date


# --- formats ---------------------------------------------------------------------------------------


def test_ingest_txt_file_id_origin_and_body(tmp_path: Path) -> None:
    path = _write(tmp_path / "000_abc.txt", "source: Outlet\n\nPara one.\n\n\nPara two.\n")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article == Article("000_abc", "Para one.\n\n\nPara two.", None, None, "Outlet", None, str(path))


def test_ingest_explicit_other_extension_is_plain_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "story.md", "date: 2024-02-02\nA story.")
    assert _read(path) == [Article("story", "A story.", D(2024, 2, 2), origin=str(path))]


def test_ingest_jsonl_fields_ids_and_defaults(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "feed.jsonl",
        [
            {"id": "a", "text": " One. ", "date": "2024-01-02", "title": "T", "source": "S", "url": "U"},
            {"text": "Two."},
            {"id": 7, "text": "Three.", "date": ""},
        ],
    )
    options = IngestOptions(default_date=D(2000, 1, 1))
    assert _read(path, options=options) == [
        Article("a", "One.", D(2024, 1, 2), "T", "S", "U", f"{path}:1"),
        Article("feed-2", "Two.", D(2000, 1, 1), origin=f"{path}:2"),
        Article("7", "Three.", D(2000, 1, 1), origin=f"{path}:3"),
    ]


def test_ingest_jsonl_remapped_fields_blank_lines_and_bom(tmp_path: Path) -> None:
    body = '\ufeff{"body": "Hello.", "when": "2024-03-04", "key": "k"}\n\n   \n{"body": "Again."}\n'
    path = _write(tmp_path / "f.jsonl", body)
    options = IngestOptions(text_field="body", date_field="when", id_field="key")
    assert _read(path, options=options) == [
        Article("k", "Hello.", D(2024, 3, 4), origin=f"{path}:1"),
        Article("f-4", "Again.", origin=f"{path}:4"),
    ]


def test_ingest_json_array_with_element_lines(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.json", '[\n  {"id": "x", "text": "One."},\n\n  {"text": "Two."},\n  3\n]\n')
    assert _read(path) == [
        Article("x", "One.", origin=f"{path}:2"),
        Article("a-2", "Two.", origin=f"{path}:4"),
        InputProblem(f"{path}:5", "array element 3 is a number, not an object"),
    ]


def test_ingest_json_single_object_and_jsonl_saved_as_json(tmp_path: Path) -> None:
    single = _write(tmp_path / "one.json", '\n{"text": "Solo.", "date": "Nov. 16, 2020"}')
    lines = _write(tmp_path / "lines.json", '{"text": "L1."}\n{"text": "L2."}\n')
    assert _read(single, lines) == [
        Article("one", "Solo.", D(2020, 11, 16), origin=f"{single}:2"),
        Article("lines-1", "L1.", origin=f"{lines}:1"),
        Article("lines-2", "L2.", origin=f"{lines}:2"),
    ]


def test_ingest_csv_bom_multiline_and_origins(tmp_path: Path) -> None:
    content = '\ufeffid,Text,date,title\r\na,"Para one.\n\nPara two.",2024-05-06,Head\r\n\r\n,Short.,,\r\n'
    path = _write(tmp_path / "w.csv", content)
    assert _read(path) == [
        Article("a", "Para one.\n\nPara two.", D(2024, 5, 6), "Head", origin=f"{path}:2"),
        Article("w-6", "Short.", origin=f"{path}:6"),
    ]


def test_ingest_csv_remapped_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "w.csv", "story,published\nHi there.,2024-01-01\n")
    options = IngestOptions(text_field="story", date_field="published")
    assert _read(path, options=options) == [Article("w-2", "Hi there.", D(2024, 1, 1), origin=f"{path}:2")]


def test_ingest_html_page(tmp_path: Path) -> None:
    paragraph = "Egyptian officials met Iraqi ministers in Cairo on Monday to discuss trade and security."
    page = (
        "<html><head><title>Headline here</title>"
        '<meta property="article:published_time" content="2024-07-08T10:00:00Z"></head>'
        f"<body><nav>Home | World</nav><article><h1>Headline here</h1><p>{paragraph}</p>"
        f"<p>{paragraph} Second time.</p></article><footer>Copyright</footer></body></html>"
    )
    path = _write(tmp_path / "page.HTML", page)
    [article] = _read(path)
    assert isinstance(article, Article)
    assert (article.article_id, article.title, article.date) == ("page", "Headline here", D(2024, 7, 8))
    assert article.text == f"{paragraph}\n\n{paragraph} Second time."


# --- problems --------------------------------------------------------------------------------------

JSONL_PROBLEMS = [
    (b"{not json}", "invalid JSON"),
    (b"[1, 2]", "expected a JSON object"),
    (b'"text"', "expected a JSON object"),
    (b'{"id": "x"}', "'text' is missing; if the story is in another field, name it with --text-field"),
    (b'{"text": "   "}', "'text' is empty"),
    (b'{"text": 5}', "'text' is not a string"),
    (b'{"text": "ok \xff\xfe"}', "not valid UTF-8"),
    (
        b'{"text": "' + b"x" * 101 + b'"}',
        "more than the limit of 100; split the story or raise the limit with --max-chars",
    ),
    (b'{"text": "ok", "date": "16/11/2020"}', "'16/11/2020'; write dates as YYYY-MM-DD"),
    (b'{"text": "ok", "date": 20201116}', "field 'date' must be a string"),
    (b'{"text": "ok", "id": [1]}', "must be a string or an integer"),
    (b'{"text": "ok", "id": true}', "must be a string or an integer"),
    (b"[" * 100_000, "invalid JSON"),
]


@pytest.mark.parametrize(("line", "fragment"), JSONL_PROBLEMS)
def test_ingest_jsonl_problem_kinds(tmp_path: Path, line: bytes, fragment: str) -> None:
    path = _write(tmp_path / "p.jsonl", b'{"text": "good"}\n' + line + b'\n{"text": "after"}\n')
    results = _read(path, options=IngestOptions(max_chars=100))
    assert [type(r) for r in results] == [Article, InputProblem, Article]
    problem = results[1]
    assert isinstance(problem, InputProblem)
    assert problem.origin == f"{path}:2"
    assert fragment in problem.message
    assert [r.text for r in results if isinstance(r, Article)] == ["good", "after"]


FILE_PROBLEMS = [
    ("bin.txt", b"abc\x00\x01\x02", "", "binary file"),
    ("latin.txt", b"line one\nna\xefve\n", ":2", "not valid UTF-8 (byte 0xef); re-save the file as UTF-8"),
    ("baddate.txt", b"title: T\ndate: 31/12/2024\nBody.", ":2", "date header"),
    ("empty.txt", b"title: only\n\n", "", "no article text"),
    ("long.txt", b"x" * 101, "", "more than the limit of 100"),
    ("huge.txt", b"x" * 70_000, "", "too long for one story"),
    ("broken.json", b'[\n{"text": "a"},\n{oops}\n]', ":3", "invalid JSON"),
    ("scalar.json", b"42", ":1", "found a number"),
    ("latin.json", b'["\xe9"]', ":1", "not valid UTF-8"),
    ("notext.csv", b"id,body\n1,hello\n", ":1", "no 'text' column in the header (columns: id, body)"),
    ("empty.csv", b"", ":1", "CSV file is empty"),
    ("binary.csv", b"\x00\x01\x02,\xff\n", ":1", "does not look like a UTF-8 CSV file"),
    ("latin.csv", b"id,text\n1,ok\n2,caf\xe9\n3,fine\n", ":3", "not valid UTF-8"),
    ("junk.html", b"\x89PNG\r\n\x1a\n\x00\x00", "", "binary file"),
    ("nothing.html", b"<html><body></body></html>", "", "no article text found"),
]


@pytest.mark.parametrize(("name", "content", "suffix", "fragment"), FILE_PROBLEMS)
def test_ingest_file_problem_kinds(tmp_path: Path, name: str, content: bytes, suffix: str, fragment: str) -> None:
    path = _write(tmp_path / name, content)
    results = _read(path, options=IngestOptions(max_chars=100))
    problems = [r for r in results if isinstance(r, InputProblem)]
    assert len(problems) == 1
    assert problems[0].origin == f"{path}{suffix}"
    assert fragment in problems[0].message


def test_ingest_csv_bad_row_does_not_stop_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "w.csv", b"id,text\n1,ok\n2,caf\xe9\n3,fine\n")
    assert [r.article_id for r in _read(path) if isinstance(r, Article)] == ["1", "3"]


def test_ingest_missing_path_raises_at_call(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist; check the path"):
        read_inputs([tmp_path / "nope.txt"])


# --- directories and stdin ------------------------------------------------------------------------


def test_ingest_directory_recursive_sorted(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a/z.TXT",
        "a/b/c.txt",
        "a.jsonl",
        ".hidden.txt",
        ".git/x.txt",
        "notes.md",
        "c.htm",
    ]:
        content = '{"text": "J"}\n' if name.endswith(".jsonl") else "<p>x</p>" if name.endswith("htm") else name
        _write(tmp_path / name, content)
    results = _read(tmp_path)
    origins = [r.origin for r in results]
    expected = ["a/b/c.txt", "a/z.TXT", "a.jsonl:1", "b.txt", "c.htm"]
    assert origins == [str(tmp_path / name) for name in expected]
    assert isinstance(results[-1], InputProblem)
    assert set(INPUT_EXTENSIONS) == {".txt", ".jsonl", ".json", ".csv", ".html", ".htm"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            '\n  {"id": "s1", "text": "A."}\n{"text": "B."}\n',
            [Article("s1", "A.", origin="<stdin>:2"), Article("stdin-3", "B.", origin="<stdin>:3")],
        ),
        (
            "title: Piped\n\nA plain story.\n",
            [Article("stdin", "A plain story.", title="Piped", origin="<stdin>")],
        ),
        ("", [InputProblem("<stdin>", "standard input is empty; pipe stories in or give file paths")]),
    ],
)
def test_ingest_stdin_detection(data: str, expected: list[Article | InputProblem]) -> None:
    assert list(read_inputs(["-"], stdin=io.StringIO(data))) == expected


def test_ingest_stdin_bytes_from_sys_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = b'{"text": "ok"}\n{"text": "bad \xff"}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    results = list(read_inputs(["-"]))
    assert results[0] == Article("stdin-1", "ok", origin="<stdin>:1")
    assert isinstance(results[1], InputProblem)
    assert results[1].origin == "<stdin>:2"


# --- samples and seeds -----------------------------------------------------------------------------


def test_ingest_samples_read_cleanly() -> None:
    results = _read(SAMPLES)
    assert [r for r in results if isinstance(r, InputProblem)] == []
    articles = [r for r in results if isinstance(r, Article)]
    assert 14 <= len(articles) <= 18
    assert len({a.article_id for a in articles}) == len(articles)
    assert sum(1 for a in articles if a.origin and a.origin.endswith(".txt")) >= 8
    assert all(a.date is None or D(2024, 1, 1) <= a.date <= D(2025, 12, 31) for a in articles)
    assert sum(1 for a in articles if a.date is None) == 1
    text = "\n".join(a.text for a in articles)
    for name in [
        "Mohammed Shia al-Sudani",
        "Mohamed Shiaa Al-Soudani",
        "Abdel Fattah el-Sisi",
        "Abdul Fattah al-Sisi",
    ]:
        assert name in text
    inline = next(a for a in articles if a.article_id == "09_india_mauritius_agreements")
    assert inline.date == D(2025, 3, 12)
    assert inline.text.startswith("Indian Prime Minister")


@pytest.mark.parametrize(
    ("name", "date", "start"),
    [
        ("000_c283dc8e6ac84b51.txt", None, "Iraq is"),
        ("002_7df4192c15947fb3.txt", D(2020, 11, 16), "Brigadier"),
    ],
)
def test_ingest_shared_seeds(name: str, date: dt.date | None, start: str) -> None:
    path = SHARED / "seeds" / name
    if not path.exists():
        pytest.skip("shared seed data is not available")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert (article.article_id, article.date) == (path.stem, date)
    assert article.text.startswith(start)


def test_ingest_jsonl_speed(tmp_path: Path) -> None:
    line = json.dumps({"id": "x", "text": "Iraq praised Egypt.", "date": "2024-01-01"}) + "\n"
    path = _write(tmp_path / "big.jsonl", line * 20_000)
    started = time.perf_counter()
    count = sum(1 for _ in read_inputs([path]))
    assert count == 20_000
    assert time.perf_counter() - started < 2.0  # > 10k lines/s even on a slow machine


# --- properties ------------------------------------------------------------------------------------

_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(st.binary(max_size=400))
def test_ingest_arbitrary_jsonl_bytes_never_raise(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path / "fuzz.jsonl", data)
    for result in read_inputs([path]):
        assert isinstance(result, Article | InputProblem)


_BAD_LINES = st.one_of(
    st.binary(max_size=40).map(lambda b: b"\xff" + b.replace(b"\n", b"")),
    st.text(max_size=40).map(lambda t: ("x" + t).replace("\n", " ").replace("\r", " ").encode()),
    st.sampled_from(
        [
            b"{",
            b"[1, 2]",
            b'"s"',
            b"null",
            b'{"id": 1}',
            b'{"text": ""}',
            b'{"text": 3}',
            b'{"text": "a", "date": "x"}',
        ]
    ),
)
_GOOD_TEXT = st.text(min_size=1, max_size=40).filter(lambda t: t.strip() != "")


@_SETTINGS
@given(st.lists(st.tuples(_GOOD_TEXT, st.lists(_BAD_LINES, max_size=3)), max_size=8))
def test_ingest_jsonl_yields_exactly_the_good_lines(tmp_path: Path, plan: list[tuple[str, list[bytes]]]) -> None:
    lines: list[bytes] = []
    for index, (text, bad) in enumerate(plan):
        lines.extend(bad)
        lines.append(json.dumps({"id": f"g{index}", "text": text}).encode())
    path = _write(tmp_path / "mixed.jsonl", b"\n".join(lines))
    articles = [r for r in read_inputs([path]) if isinstance(r, Article)]
    expected = [(f"g{i}", text.replace("\r\n", "\n").replace("\r", "\n").strip()) for i, (text, _) in enumerate(plan)]
    assert [(a.article_id, a.text) for a in articles] == expected
    assert DEFAULT_MAX_CHARS == 200_000
