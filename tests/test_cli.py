"""The command line, through click's CliRunner: exact output and exit codes."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.runner import describe
from pipeline.stages import STAGE_NAMES

from conftest import SEEDS


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_run_prints_where_and_counts(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(SEEDS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    manifest = describe(out)
    rows = manifest["rows"]
    kinds = ", ".join(f"{k} {v}" for k, v in manifest["claims_by_kind"].items())
    assert result.stdout == (
        f"Wrote tables to {out}/ (articles/, sentences/, tokens/, entities/, claims/)\n"
        f"  articles 5, sentences {rows['sentences']}, entities {rows['entities']}, claims {rows['claims']}\n"
        f"  claims by kind: {kinds}\n"
    )
    assert rows["claims"] > 200


def test_a_stage_runs_alone_from_the_tables(runner: CliRunner, tmp_path: Path) -> None:
    seed = SEEDS / "002_24a14047bbcc1e31.txt"
    for args in (["ingest", str(seed)], ["normalise"], ["sentences"], ["claims"]):
        result = runner.invoke(main, [*args, "--out", str(tmp_path)])
        assert result.exit_code == 0, (args, result.output)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "articles", "claims", "current", "manifest.parquet", "normalised", "sentences"]
    assert "claims 4" not in result.stdout and "articles 1," in result.stdout


@pytest.mark.parametrize("args, message", [
    (["run", "nope.txt"], "Error: nope.txt: no such file or folder\n"),
    (["claims"], "Error: {out}/articles: table 'articles' not found; run the earlier stages first\n"),
])
def test_errors_are_one_line_and_exit_1(runner: CliRunner, tmp_path: Path, args, message: str) -> None:
    out = tmp_path / "o"
    result = runner.invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == message.format(out=out)


def test_undecodable_file_is_named(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x81\x20\x81\x20")
    result = runner.invoke(main, ["run", str(bad), "--out", str(tmp_path / "o")])
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {bad}: not decodable as UTF-8 or GB18030 (--skip-unreadable goes on without it)\n")


def test_bad_config_lists_every_problem_on_one_line(runner: CliRunner, tmp_path: Path) -> None:
    configs = tmp_path / "configs"
    configs.mkdir()
    for name in ("claims.toml", "entities.toml", "attribution.toml"):
        (configs / name).write_text("x = [\n", encoding="utf-8")
    result = runner.invoke(main, ["run", str(SEEDS), "--out", str(tmp_path / "o"), "--configs", str(configs)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {configs}: ") and result.stderr.count("\n") == 1
    for name in ("claims.toml", "entities.toml", "attribution.toml"):
        assert f"{name}: not valid TOML" in result.stderr


@pytest.mark.parametrize("command", ["run", *STAGE_NAMES])
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and f"pipeline {command}" in result.output


def test_no_paths_never_replaces_a_run_of_other_articles(runner: CliRunner, tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("标题\n\n出口增长5%。\n", encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(main, ["run", str(news), "--out", str(out)]).exit_code == 0
    result = runner.invoke(main, ["run", "--out", str(out)])
    assert (result.exit_code, result.stderr) == (1, f"Error: {out}/ holds a run of other articles than seeds/; "
                                                     "give the PATHS to read\n")
    assert runner.invoke(main, ["run", str(news), "--out", str(out)]).stdout.startswith("Nothing new")


def test_paths_do_not_go_with_from(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["run", str(SEEDS), "--from", "claims", "--out", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (
        1, f"Error: PATHS go with a whole run; --from claims works on the articles already in {tmp_path}/\n")


def test_tables_of_other_articles_are_named(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["run", str(SEEDS), "--out", str(tmp_path)]).exit_code == 0
    other = tmp_path / "other.txt"
    other.write_text("标题\n\n增长5%。\n", encoding="utf-8")
    assert runner.invoke(main, ["ingest", str(other), "--out", str(tmp_path)]).exit_code == 0
    result = runner.invoke(main, ["claims", "--out", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {tmp_path}/normalised: holds other articles than {tmp_path}/articles; run again from 'normalise'\n")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_rate_and_time_left_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.cli import progress_bar

    for stream, shown in ((_Terminal(), True), (io.StringIO(), False)):
        monkeypatch.setattr(sys, "stderr", stream)
        with progress_bar("run") as update:
            for done in range(0, 101, 10):
                update("articles", done, 100)
        output = stream.getvalue()
        assert ("run: articles" in output and "articles/s" in output and "100/100" in output) == shown, output
        assert output != "" or not shown
