"""The example notebook runs on a fresh run of the seeds and draws its chart, so it never goes stale."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "examples" / "money_by_subject.ipynb"


def test_notebook_has_no_stored_outputs() -> None:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in cells if c["cell_type"] == "code")


def test_notebook_runs_and_draws_its_chart(seed_run: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    monkeypatch.setenv("PIPELINE_OUT", str(seed_run))
    namespace: dict = {}
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        for cell in cells:
            if cell["cell_type"] == "code":
                exec(compile("".join(cell["source"]), str(NOTEBOOK), "exec"), namespace)
        namespace["fig"].savefig(tmp_path / "chart.png")
    by_subject = namespace["by_subject"]
    assert 0 < len(by_subject) <= 10 and (by_subject > 0).all()
    assert len(namespace["ax"].patches) == len(by_subject)
    assert (tmp_path / "chart.png").stat().st_size > 5000
