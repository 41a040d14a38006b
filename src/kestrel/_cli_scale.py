"""CLI for scale-out work: the dask engine behind ``kestrel run --engine dask``, ``load`` and ``watch``."""

from __future__ import annotations

from collections.abc import Sequence

import click

from kestrel._cli_common import EXIT_SKIPPED, fail_cleanly
from kestrel.engines import load_output, run_dask
from kestrel.engines.dask_engine import resolve_pass
from kestrel.engines.resolve_pass import read_resolution
from kestrel.ingest import IngestOptions, parse_date
from kestrel.pipeline import PipelineConfig
from kestrel.resolve import link_events, resolve, resolve_actors
from kestrel.store import EventStore
from kestrel.watch import PollResult, Watcher

__all__ = ["engine_run", "load_command", "watch_command"]


def engine_run(
    inputs: Sequence[str],
    output: str,
    config: PipelineConfig,
    options: IngestOptions,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    lines_per_partition: int = 500,
    quiet: bool = False,
) -> int:
    """Run the dask engine for ``kestrel run --engine dask``; print a summary; return the exit code.

    Exit codes: 0 done, 1 some partitions failed (rerun to retry them), 3 done but some records
    were skipped.
    """
    report = run_dask(
        inputs,
        output,
        config,
        options,
        scheduler=scheduler,
        workers=workers,
        lines_per_partition=lines_per_partition,
    )
    if not quiet:
        for problem in report.problem_samples:
            click.echo(f"warning: {problem}", err=True)
    rate = report.articles / report.seconds if report.seconds else 0.0
    click.echo(
        f"{report.output}: {report.partitions} partition(s): {report.coded} coded, {report.skipped} already done, "
        f"{len(report.failed)} failed; {report.articles} article(s), {report.events} event(s), "
        f"{report.problems} skipped record(s) in {report.seconds:.1f}s ({rate:.1f} articles/s)."
    )
    for where, error in report.failed:
        click.echo(f"error: partition {where} failed: {error}", err=True)
    if report.failed:
        click.echo("error: run the same command again to retry the failed partitions", err=True)
        return 1
    passed = resolve_pass(output, scheduler=scheduler, workers=workers)
    click.echo(
        f"{report.output}: resolution pass compared {passed.blocks} block(s) on the cluster: {passed.merges} "
        f"actor merge(s), {passed.linked_events} linked event(s) from {passed.events} event(s)."
    )
    return EXIT_SKIPPED if report.problems else 0


@click.command(name="load")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--db", required=True, type=click.Path(dir_okay=False), help="DuckDB store to load into (created if missing)."
)
@fail_cleanly
def load_command(folder: str, db: str) -> None:
    """Load Parquet output of `kestrel run --engine dask` into an event store, then resolve actors.

    Loading again adds nothing; only finished partitions (per the manifest) are loaded.

    \b
    Examples:
      kestrel run news/ --engine dask --output out/
      kestrel load out/ --db kestrel.duckdb
    """
    with EventStore(db) as store:
        loaded = load_output(folder, store)
        found = read_resolution(folder)
        if found is None:  # no distributed pass in this output: resolve here
            resolution = resolve(store)
        else:
            merges, links = found
            resolution = resolve_actors(store, merges)
            linked = link_events(store, links=links)
            resolution.event_groups = linked.event_groups
    click.echo(
        f"{db}: {loaded.new} new article(s), {loaded.duplicate} already stored; {loaded.events} event(s), "
        f"{loaded.mentions} mention(s) added; {resolution.actors} actor(s), {resolution.event_groups} linked event(s)."
    )


def _echo_poll(result: PollResult, quiet: bool) -> None:
    if not quiet:
        for problem in result.problems:
            click.echo(f"warning: {problem}", err=True)
    if result.new or not quiet:
        click.echo(
            f"{result.files} changed file(s), {result.entries} feed entr(ies): {result.new} new article(s), "
            f"{result.known} already stored, {len(result.problems)} skipped; {result.events} event(s) added."
        )


@click.command(name="watch")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False))
@click.option(
    "--db", required=True, type=click.Path(dir_okay=False), help="DuckDB store to code into (created if missing)."
)
@click.option("--feed", "feeds", multiple=True, help="RSS or Atom feed URL to follow (repeatable).")
@click.option("--interval", default=30.0, show_default=True, help="Seconds between polls.")
@click.option("--once", is_flag=True, help="Poll once and exit.")
@click.option("--date", "date", help="Publication date (YYYY-MM-DD) for inputs that give none.")
@click.option("--quiet", "-q", is_flag=True, help="Only report polls that add articles; no warnings.")
@fail_cleanly
def watch_command(
    folder: str | None, db: str, feeds: tuple[str, ...], interval: float, once: bool, date: str | None, quiet: bool
) -> None:
    """Code new articles as they arrive in FOLDER and/or feeds; already stored articles are skipped.

    \b
    Examples:
      kestrel watch incoming/ --db kestrel.duckdb
      kestrel watch --feed https://example.org/world.rss --db kestrel.duckdb --interval 300
      kestrel watch incoming/ --db kestrel.duckdb --once
    """
    if folder is None and not feeds:
        raise click.UsageError("give a FOLDER to watch, or --feed URL, or both")
    options = IngestOptions(default_date=parse_date(date) if date else None)
    with EventStore(db) as store:
        watcher = Watcher(store, folder, feeds, options=options, settle=0.0 if once else 2.0)
        if once:
            _echo_poll(watcher.poll(), quiet)
            return
        try:
            watcher.run(interval, on_poll=lambda result: _echo_poll(result, quiet))
        except KeyboardInterrupt:
            click.echo("stopped.")
