"""`stcawatch bench`: run the benchmarks by hand (never as timed tests)."""
from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("bench")
@click.option("--quick", is_flag=True, help="Small sizes (a smoke run); results are not written.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write results JSON (default bench/results.json; none with --quick).")
@click.option("--quality", "run_quality", is_flag=True, help="Also run bench/quality.py first.")
@click.option("--table", "table_from", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Only print the README table of an existing results file.")
def bench_command(quick, out, run_quality, table_from):
    """Benchmark throughput, NLP/crawl ratios, idle re-run cost and FTS latency at two sizes.

    Example: stcawatch bench            (full run: ≥ 2M words, 1M statements; tens of minutes)
    """
    from bench.run import QUICK, RESULTS, run_benchmarks, table

    if table_from:
        click.echo(table(json.loads(table_from.read_text())))
        return
    target = out or (None if quick else RESULTS)
    results = run_benchmarks(QUICK if quick else None, out=target,
                             log=lambda m: click.echo(m, err=True), run_quality=run_quality)
    click.echo(table(results))
