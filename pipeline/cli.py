"""Command line: parse options, call the library, turn its errors into one line and exit 1."""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import click

from pipeline import __version__
from pipeline.config import DEFAULT_DIR, load_config
from pipeline.diff import diff_dirs, render_markdown, render_text, to_json, write_parquet
from pipeline.errors import PipelineError, one_line, shown
from pipeline.parallel import default_jobs
from pipeline.review import describe, write_review
from pipeline.runner import held_sources, run
from pipeline.segment import DEFAULT_SEGMENTER, SEGMENTERS
from pipeline.stages import STAGE_NAMES, STAGES, Context, stage_named
from pipeline.tables import write_text

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = PROJECT / "seeds"
DEFAULT_OUT = Path("outputs")

out_option = click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
                          show_default=True, help="Folder the tables are written to.")
configs_option = click.option("--configs", "config_dir", type=click.Path(file_okay=False, path_type=Path),
                              default=DEFAULT_DIR, show_default="configs/", help="Folder of rule files.")

wait_option = click.option("--wait", is_flag=True,
                           help="If another run is writing --out, wait for it to finish instead of stopping.")
segmenter_option = click.option("--segmenter", type=click.Choice(SEGMENTERS), default=DEFAULT_SEGMENTER,
                                 show_default=True, help="Word segmenter of the tokens table (the same tokens; "
                                 "rjieba is jieba in Rust, about twelve times faster).")
skip_option = click.option("--skip-unreadable", is_flag=True,
                           help="Warn about inputs that cannot be read and go on without them (their articles "
                                "already in --out are kept).")


class CliError(click.ClickException):
    """Prints `Error: <message>` and exits 1, as every pipeline error does."""


@contextmanager
def errors_as_messages():
    """The one error boundary: the library's own errors (and the operating system's) become
    `Error: <one line>`, exit 1; Ctrl-C ends the run at once (exit 130), the output folder
    holding its last complete run."""
    try:
        yield
    except PipelineError as exc:
        raise CliError(one_line(str(exc)) or type(exc).__name__) from exc
    except OSError as exc:
        where = f"{shown(exc.filename)}: " if exc.filename else ""
        raise CliError(one_line(f"{where}{exc.strerror or exc}")) from exc
    except KeyboardInterrupt:
        click.echo("Error: interrupted; the output folder holds its last complete run", err=True)
        sys.exit(130)


def warn(message: str) -> None:
    click.echo(f"Warning: {one_line(message)}", err=True)


@contextmanager
def progress_bar(label: str):
    """Progress of a long run on stderr: articles done, articles per second and the time left.
    Shown only on a terminal, so logs stay clean."""
    started = time.monotonic()
    state: dict = {}

    def update(stage: str, done: int, total: int) -> None:
        if total < 20 or not sys.stderr.isatty():
            return
        bar = state.get(stage)
        if bar is None:
            bar = click.progressbar(length=total, label=f"{label}: {stage}", file=sys.stderr, show_eta=True,
                                    show_pos=True, item_show_func=lambda rate: rate)
            state[stage] = bar.__enter__()
        rate = done / max(time.monotonic() - started, 1e-6)
        bar.update(done - bar.pos, f"{rate:,.0f} {stage}/s")
        if done >= total:
            bar.__exit__(None, None, None)
            del state[stage]

    try:
        yield update
    finally:
        for bar in state.values():
            bar.__exit__(None, None, None)


def default_inputs(out_dir: Path) -> Path:
    """seeds/ when no PATHS are given, unless out_dir holds a run of other articles: rerunning
    it on the seeds would drop them all, so the user must say which articles to read."""
    sources = held_sources(out_dir)
    if sources:
        seeds = DEFAULT_SEEDS.resolve()
        if not all(Path(source).resolve().is_relative_to(seeds) for source in sources):
            raise CliError(f"{out_dir}/ holds a run of other articles than seeds/; give the PATHS to read")
    return DEFAULT_SEEDS


def summary(out_dir: Path, manifest: dict) -> str:
    """What a run prints at the end: where the tables are, and the counts."""
    rows = manifest["rows"]
    files = ", ".join(f"{n}/" for n in rows)
    if manifest["stages_run"]:
        lines = [f"Wrote tables to {out_dir}/ ({files})"]
    else:
        lines = [f"Nothing new: the tables in {out_dir}/ are up to date ({files})"]
    lines.append(f"  articles {rows.get('articles', 0)}, sentences {rows.get('sentences', 0)}, "
                 f"entities {rows.get('entities', 0)}, claims {rows.get('claims', 0)}")
    if manifest.get("claims_by_kind"):
        lines.append("  claims by kind: " + ", ".join(f"{k} {v}" for k, v in manifest["claims_by_kind"].items()))
    run_info = manifest["run"]
    if run_info["mode"] == "incremental":
        lines.append(f"  incremental: processed {run_info['processed']} new or changed article(s), "
                     f"reused {run_info['reused']}, removed {run_info['removed']}")
    elif run_info.get("why_full") and run_info["why_full"] != "no earlier run in this folder":
        lines.append(f"  full run: {run_info['why_full']}")
    return "\n".join(lines)


class InOrder(click.Group):
    """Lists commands as they were added: run, then the stages in pipeline order, then diff.
    A usage error (an unknown option, a bad value) exits 1 like every other error."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def make_context(self, *args, **kwargs) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:
            exc.exit_code = 1
            raise

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            exc.exit_code = 1
            raise


@click.group(cls=InOrder, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pipeline")
def main() -> None:
    """Turn Chinese news articles into Parquet tables of numeric claims.

    \b
    Example:
      pipeline run seeds/ --out outputs/
      python -c "import pandas as pd; print(pd.read_parquet('outputs/claims').head())"
    """


@main.command("run")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@out_option
@configs_option
@click.option("--from", "first", type=click.Choice(STAGE_NAMES), default="ingest", show_default=True,
              help="Resume from this stage, reading the earlier tables from --out.")
@click.option("--full", is_flag=True, help="Process every article, even those an earlier run in --out already did.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=default_jobs(), show_default="the machine's cores",
              help="Worker processes for large batches (the output is the same for any number).")
@segmenter_option
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the stages run: here (local), or on a dask.distributed cluster (dask).")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: the cluster's scheduler (tcp://host:8786); default: a local "
                   "cluster of --jobs worker processes.")
@wait_option
@skip_option
def run_command(paths: tuple[Path, ...], out_dir: Path, config_dir: Path, first: str, full: bool, jobs: int,
                segmenter: str, engine: str, scheduler: str | None, wait: bool, skip_unreadable: bool) -> None:
    """Run every stage on PATHS (files or folders of *.txt; default: seeds/).

    On a folder that already holds a run, only new or changed articles are processed
    (everything is, when the configs, the pipeline version or the segmenter changed);
    use --full to force it.

    \b
    Example:
      pipeline run news/2026-11/ --out outputs/
      pipeline run --out outputs/ --from claims    # re-extract, keep the segmentation
      pipeline run news/ --engine dask --scheduler tcp://scheduler:8786
    """
    with errors_as_messages(), progress_bar("run") as update:
        if paths and first != "ingest":
            raise CliError(f"PATHS go with a whole run; --from {first} works on the articles already in {out_dir}/")
        if scheduler is not None and engine != "dask":
            raise CliError("--scheduler goes with --engine dask")
        config = load_config(config_dir)
        inputs = (list(paths) or [default_inputs(out_dir)]) if first == "ingest" else []
        ctx = Context(config=config, paths=inputs, progress=update, warn=warn, skip_unreadable=skip_unreadable,
                      segmenter=segmenter)
        manifest = run(out_dir, ctx, first=first, full=full, jobs=jobs, wait=wait,
                       engine=dask_engine(scheduler, jobs) if engine == "dask" else None)
    click.echo(summary(out_dir, manifest))


def dask_engine(scheduler: str | None, jobs: int):
    """The dask engine (imported only when asked for: dask is an optional dependency)."""
    from pipeline.engines import DaskEngine

    return DaskEngine(scheduler=scheduler, workers=jobs)


def _stage_command(name: str, doc: str) -> Callable:
    needs_paths = name == "ingest"

    def command(out_dir: Path, config_dir: Path, wait: bool, paths: tuple[Path, ...] = (),
                skip_unreadable: bool = False, segmenter: str = DEFAULT_SEGMENTER) -> None:
        with errors_as_messages():
            config = load_config(config_dir)
            ctx = Context(config=config, paths=list(paths) or [DEFAULT_SEEDS], warn=warn,
                          skip_unreadable=skip_unreadable, segmenter=segmenter)
            manifest = run(out_dir, ctx, first=name, last=name, wait=wait)
        click.echo(summary(out_dir, manifest))

    command.__doc__ = (f"{doc}\n\nRuns the '{name}' stage alone"
                       + (" on PATHS (default: seeds/)." if needs_paths else ", reading the earlier tables from --out.")
                       + f"\n\n\b\nExample:\n  pipeline {name} " + ("seeds/ " if needs_paths else "") + "--out outputs/")
    command = wait_option(configs_option(out_option(command)))
    if needs_paths:
        command = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))(skip_option(command))
    if "tokens" in stage_named(name).writes:
        command = segmenter_option(command)
    return main.command(name)(command)


for _stage in STAGES:
    _stage_command(_stage.name, (_stage.func.__doc__ or "").strip())


@main.command("diff")
@click.argument("old_dir", type=click.Path(file_okay=False, path_type=Path))
@click.argument("new_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "parquet"]), default="text",
              show_default=True, help="How to show the differences.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output (required for parquet).")
@click.option("--exit-code", is_flag=True, help="Exit with 1 when there is any difference (for CI).")
def diff_command(old_dir: Path, new_dir: Path, fmt: str, output: Path | None, exit_code: bool) -> None:
    """Show the claims and entities added, removed and changed between two output folders.

    \b
    Example:
      pipeline run news/ --out outputs/before/
      (edit configs/claims.toml)
      pipeline run news/ --out outputs/after/
      pipeline diff outputs/before/ outputs/after/ --exit-code
    """
    with errors_as_messages():
        diffs = diff_dirs(old_dir, new_dir)
        if fmt == "parquet":
            if output is None:
                raise CliError("--format parquet needs --output FILE.parquet")
            write_parquet(diffs, output)
        else:
            text = {"text": render_text, "markdown": render_markdown,
                    "json": lambda d: json.dumps(to_json(d), ensure_ascii=False, indent=1, sort_keys=True) + "\n"}[fmt](diffs)
            if output is None:
                click.echo(text, nl=False)
            else:
                write_text(output, text)
    if exit_code and any(d.changes for d in diffs):
        sys.exit(1)


@main.command("review")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT)
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The page to write (one file, everything inline).")
@click.option("--diff", "old_dir", type=click.Path(file_okay=False, path_type=Path),
              help="An older output folder: mark the claims added, removed and changed since.")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many articles (by file path).")
@click.option("--where", help='Show only the claims for which this holds, e.g. \'kind == "money" and value > 1e8\'.')
def review_command(out_dir: Path, html_path: Path, old_dir: Path | None, limit: int | None, where: str | None) -> None:
    """Write an HTML page to review the claims in OUT_DIR (default: outputs/) in a browser.

    Each article's text with its claims marked by kind, their details on hover, and a table
    of the claims to sort and filter. A large output shows its first 200 articles unless
    --limit or --where says otherwise.

    \b
    Example:
      pipeline review outputs/ --html review.html
      pipeline review outputs/after/ --diff outputs/before/ --html changes.html
      pipeline review outputs/ --where 'kind == "money"' --limit 50 --html money.html
    """
    with errors_as_messages():
        review = write_review(out_dir, html_path, limit=limit, where=where, old_dir=old_dir)
    click.echo(describe(review, html_path))
