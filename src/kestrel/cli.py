"""The ``kestrel`` command: a thin click layer over the library.

Commands parse options, call library functions and format their results. Input problems are
printed as ``warning: file:line: message`` on stderr; errors as ``error: message`` with no
traceback. Exit codes: 0 success, 1 error, 2 usage error, 3 finished but some records were skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kestrel._cli_common import EXIT_SKIPPED, fail_cleanly
from kestrel._cli_scale import engine_run, load_command, watch_command
from kestrel._cli_serve import serve_command
from kestrel._cli_store import actors_command, dyads_command, events_command, export_command, names_command
from kestrel._version import __version__
from kestrel.errors import KestrelError
from kestrel.evaluate import evaluate, read_gold
from kestrel.ingest import DEFAULT_MAX_CHARS, IngestOptions, article_from_text, parse_date, read_inputs
from kestrel.models import Article, InputProblem
from kestrel.parallel import render_parallel, rows_parallel
from kestrel.pipeline import Pipeline, PipelineConfig
from kestrel.resolve import resolve
from kestrel.serialize import events_to_csv, render_csv_rows, render_jsonl
from kestrel.store import BATCH_SIZE, EventStore

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])


def _date_option(value: str | None) -> dt.date | None:
    return parse_date(value) if value else None


def _config(
    actors: tuple[str, ...], patterns: tuple[str, ...], dyadic: bool, drop_negated: bool, drop_modal: bool
) -> PipelineConfig:
    return PipelineConfig(
        actors=actors,
        patterns=patterns,
        require_target=dyadic,
        keep_negated=not drop_negated,
        keep_modal=not drop_modal,
    )


def _pipeline(**coding: Any) -> Pipeline:
    return Pipeline(_config(**coding))


def _coding_options(func: F) -> F:
    for option in reversed(
        [
            click.option(
                "--actors",
                "actors",
                multiple=True,
                type=click.Path(exists=True),
                help="Extra actor knowledge file or folder (repeatable).",
            ),
            click.option(
                "--patterns",
                "patterns",
                multiple=True,
                type=click.Path(exists=True),
                help="Extra event-pattern file or folder (repeatable).",
            ),
            click.option("--dyadic", is_flag=True, help="Only events with both a source and a target."),
            click.option("--drop-negated", is_flag=True, help="Drop events the text says did not happen."),
            click.option(
                "--drop-modal",
                is_flag=True,
                help="Drop future, conditional, hypothetical and questioned events.",
            ),
        ]
    ):
        func = option(func)
    return func


def _input_options(func: F) -> F:
    for option in reversed(
        [
            click.option("--date", "date", help="Publication date (YYYY-MM-DD) for inputs that give none."),
            click.option(
                "--text-field",
                default="text",
                show_default=True,
                help="JSON field / CSV column holding the text.",
            ),
            click.option(
                "--date-field",
                default="date",
                show_default=True,
                help="JSON field / CSV column holding the date.",
            ),
            click.option("--id-field", default="id", show_default=True, help="JSON field / CSV column holding the id."),
            click.option("--max-chars", default=DEFAULT_MAX_CHARS, show_default=True, help="Skip longer texts."),
            click.option("--quiet", "-q", is_flag=True, help="No progress bar or warnings."),
            click.option("--workers", "-w", default=1, show_default=True, help="Processes to code with."),
        ]
    ):
        func = option(func)
    return func


class _Problems:
    """Counts skipped records and reports each on stderr."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.count = 0

    def articles(self, items: Iterable[Article | InputProblem]) -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputProblem):
                self.count += 1
                if not self.quiet:
                    click.echo(f"warning: skipped {item}", err=True)
            else:
                yield item

    def finish(self) -> None:
        if self.count:
            click.echo(f"{self.count} record(s) skipped; see the warnings above.", err=True)
            sys.exit(EXIT_SKIPPED)


def _progress(quiet: bool) -> AbstractContextManager[Progress | None]:
    if quiet:
        return nullcontext()
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def _counted(items: Iterable[Article], progress: Progress | None, what: str) -> Iterator[Article]:
    task = progress.add_task(what, total=None) if progress else None
    for item in items:
        yield item
        if progress is not None and task is not None:
            progress.advance(task)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kestrel")
def main() -> None:
    """Kestrel: code political events (who did what to whom, when and where) from news text.

    \b
    Examples:
      kestrel code --text "Iraqi Defense Minister Juma Inad Sadoon visited Tehran on Monday." --date 2020-11-16
      kestrel code news/ --output events.jsonl
      kestrel run news/ --db kestrel.duckdb
    """


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--text", "text", help="Code this text instead of files.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    default="-",
    help="Write events here (default: standard output).",
)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@_input_options
@_coding_options
@fail_cleanly
def code(
    inputs: tuple[str, ...],
    text: str | None,
    output: str,
    fmt: str,
    date: str | None,
    text_field: str,
    date_field: str,
    id_field: str,
    max_chars: int,
    quiet: bool,
    workers: int,
    **coding: Any,
) -> None:
    """Code files, folders or standard input ('-') into events, without a database.

    \b
    Examples:
      kestrel code --text "Iraqi Defense Minister Juma Inad Sadoon visited Tehran on Monday." --date 2020-11-16
      kestrel code stories.jsonl --output events.jsonl
      kestrel code archive/ --format csv --output events.csv
      cat story.txt | kestrel code - --date 2020-11-16
      kestrel code big.jsonl --workers 2 --output events.jsonl
    """
    if not inputs and text is None:
        raise click.UsageError("give INPUT files/folders, '-' for standard input, or --text")
    config = _config(**coding)
    problems = _Problems(quiet)
    default_date = _date_option(date)
    if text is not None:
        articles: Iterable[Article] = [article_from_text(text, article_id="text", date=default_date)]
    else:
        options = IngestOptions(text_field, date_field, id_field, max_chars=max_chars, default_date=default_date)
        articles = problems.articles(read_inputs(inputs, options))
    with _open_output(output) as out, _progress(quiet or text is not None) as progress:
        if fmt == "csv":
            out.write(events_to_csv([], header=True))
        render = render_csv_rows if fmt == "csv" else render_jsonl
        for chunk in render_parallel(_counted(articles, progress, "coding"), render, config, workers=workers):
            out.write(chunk)
    problems.finish()


def _open_output(path: str) -> AbstractContextManager[TextIO]:
    if path == "-":
        return nullcontext(sys.stdout)
    return Path(path).open("w", encoding="utf-8")


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--db", type=click.Path(dir_okay=False), help="DuckDB file to code into (created if missing).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Dask scheduler address (default: a local cluster of --workers).")
@click.option("--output", type=click.Path(file_okay=False), help="With --engine dask: folder for the Parquet output.")
@click.option("--summary", is_flag=True, help="Print the events and actors found when done.")
@click.option(
    "--batch-size",
    default=BATCH_SIZE,
    show_default=True,
    type=click.IntRange(min=1),
    help="Articles written per transaction.",
)
@_input_options
@_coding_options
@fail_cleanly
def run(
    inputs: tuple[str, ...],
    db: str | None,
    engine: str,
    scheduler: str | None,
    output: str | None,
    summary: bool,
    batch_size: int,
    date: str | None,
    text_field: str,
    date_field: str,
    id_field: str,
    max_chars: int,
    quiet: bool,
    workers: int,
    **coding: Any,
) -> None:
    """Code inputs into the event store; re-running with the same inputs adds nothing.

    \b
    Examples:
      kestrel run news/ --db kestrel.duckdb
      kestrel run feed.jsonl --db kestrel.duckdb --summary
      kestrel run archive/ --db kestrel.duckdb --workers 2
      kestrel run archive/ --engine dask --workers 2 --output out/   # then: kestrel load out/ --db k.duckdb
    """
    config = _config(**coding)
    problems = _Problems(quiet)
    options = IngestOptions(text_field, date_field, id_field, max_chars=max_chars, default_date=_date_option(date))
    if engine == "dask":
        if not output:
            raise click.UsageError("--engine dask writes Parquet: give --output DIR (then `kestrel load DIR --db`)")
        sys.exit(engine_run(inputs, output, config, options, scheduler=scheduler, workers=workers, quiet=quiet))
    if not db:
        raise click.UsageError("give --db PATH (or --engine dask --output DIR)")
    with EventStore(db) as store, _progress(quiet) as progress:
        articles = _counted(problems.articles(read_inputs(inputs, options)), progress, "coding")
        added = store.add_all(rows_parallel(articles, config, workers=workers), batch_size)
        new, duplicate, events = added.new, added.duplicate, added.events
        resolution = resolve(store)
        click.echo(
            f"{db}: {new} new article(s), {duplicate} already stored, {problems.count} skipped; {events} event(s) "
            f"added; {resolution.actors} actor(s), {resolution.event_groups} linked event(s)."
        )
        if summary:
            from kestrel._cli_summary import print_summary

            print_summary(store, Console())
    problems.finish()


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--errors",
    "show_errors",
    default=0,
    show_default=True,
    help="Also print this many misses and false events with their evidence.",
)
@_coding_options
@fail_cleanly
def eval_command(gold: str, as_json: bool, show_errors: int, **coding: Any) -> None:
    """Score the coder on a gold JSONL file (precision, recall, F1; pentaclass accuracy).

    \b
    Examples:
      kestrel eval gold.jsonl
      kestrel eval gold.jsonl --json
      kestrel eval gold.jsonl --errors 20
    """
    pipeline = _pipeline(**coding)
    report = evaluate(read_gold(gold), pipeline.code_article, keep_errors=show_errors > 0)
    data = report.as_dict()
    if as_json:
        click.echo(json.dumps(data, indent=2))
    else:
        from kestrel._cli_summary import print_eval

        print_eval(data, Console())
    if show_errors:
        for err in report.errors[:show_errors]:
            click.echo(json.dumps(err, ensure_ascii=False))


@main.command()
@click.argument("text", required=False)
@click.option("--date", "date", help="The date the actor is coded for (roles change over time).")
@click.option("--context", help="A sentence to read first, for references such as 'the minister'.")
@click.option(
    "--input",
    "input_path",
    type=click.Path(exists=True, dir_okay=False),
    help='JSONL of {"id", "text", "date"?, "context"?}.',
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    help="Where --input results go.",
)
@click.option(
    "--actors",
    "actors",
    multiple=True,
    type=click.Path(exists=True),
    help="Extra actor knowledge file or folder.",
)
@fail_cleanly
def actor(
    text: str | None,
    date: str | None,
    context: str | None,
    input_path: str | None,
    output: str,
    actors: tuple[str, ...],
) -> None:
    """Code one actor string, or a JSONL file of them, and print JSON.

    \b
    Examples:
      kestrel actor "Iraqi Defense Minister Juma Inad Sadoon" --date 2020-11-16
      kestrel actor --input actors.jsonl --output coded.jsonl
    """
    from kestrel._cli_summary import actor_json

    if (text is None) == (input_path is None):
        raise click.UsageError("give either TEXT or --input FILE")
    pipeline = Pipeline(PipelineConfig(actors=actors))
    if text is not None:
        click.echo(json.dumps(actor_json(pipeline, text, _date_option(date), context), ensure_ascii=False))
        return
    assert input_path is not None
    bad = 0
    with Path(input_path).open(encoding="utf-8") as fh, _open_output(output) as out:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                day = _date_option(item.get("date") or None)
                result = actor_json(pipeline, str(item["text"]), day, item.get("context"))
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError, KestrelError) as exc:
                bad += 1
                click.echo(f"warning: skipped {input_path}:{number}: {exc}", err=True)
                continue
            out.write(json.dumps({"id": item.get("id"), **result}, ensure_ascii=False) + "\n")
    if bad:
        sys.exit(EXIT_SKIPPED)


for _command in (
    events_command,
    actors_command,
    dyads_command,
    export_command,
    names_command,
    load_command,
    watch_command,
    serve_command,
):
    main.add_command(_command)
