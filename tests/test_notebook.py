"""The example notebooks run in a real Jupyter kernel (nbclient + ipykernel) on a fresh run of
the seeds and draw their charts, so they never go stale; they are committed without outputs."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from conftest import ROOT

EXAMPLES = ROOT / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
# A last cell the test adds: the figures the notebook computed, as JSON on stdout.
CHECKS = {
    "money_by_subject.ipynb": "{'bars': len(ax.patches), 'subjects': len(by_subject), 'positive': bool((by_subject > 0).all())}",
    "claims_by_subject_year.ipynb": "{'total': int(per_subject_year['claims'].sum()), 'rows': len(per_subject_year), "
                                    "'bars': int(sum(p.get_width() > 0 for p in ax.patches))}",
}


def test_both_examples_are_checked() -> None:
    assert sorted(CHECKS) == [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_no_stored_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert all(not c.outputs and c.execution_count is None for c in nb.cells if c.cell_type == "code")


def _execute(path: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict, list[dict]]:
    """Run the notebook in a python3 kernel (this interpreter) with PIPELINE_OUT set; return
    what the check cell printed and every output of the notebook's own cells."""
    monkeypatch.setenv("PIPELINE_OUT", str(out_dir))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(path, as_version=4)
    n_own = len(nb.cells)
    nb.cells.append(nbformat.v4.new_code_cell(f"import json as _json; print(_json.dumps({CHECKS[path.name]}))"))
    NotebookClient(nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(EXAMPLES)}}).execute()
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    outputs = [o for c in nb.cells[:n_own] if c.cell_type == "code" for o in c.outputs]
    return json.loads(printed), outputs


def _assert_draws_a_chart(outputs: list[dict]) -> None:
    assert any("image/png" in o.get("data", {}) for o in outputs if o.output_type == "display_data")
    stderr = "".join(o.get("text", "") for o in outputs if o.output_type == "stream" and o.name == "stderr")
    assert "Glyph" not in stderr  # no warning per missing character: at most one plain line about fonts
    assert stderr.count("No CJK font found") <= 1


def test_money_notebook_runs_in_a_kernel(seed_run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checks, outputs = _execute(EXAMPLES / "money_by_subject.ipynb", seed_run, monkeypatch)
    assert 0 < checks["subjects"] <= 10 and checks["positive"]
    assert checks["bars"] == checks["subjects"]
    _assert_draws_a_chart(outputs)


def test_sql_notebook_counts_what_pandas_counts(seed_run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checks, outputs = _execute(EXAMPLES / "claims_by_subject_year.ipynb", seed_run, monkeypatch)
    claims = pd.read_parquet(seed_run / "claims")
    with_year = claims[claims["period_year"].notna()]
    assert checks["total"] == len(with_year) > 0
    assert checks["rows"] >= with_year["subject"].nunique() > 0 and checks["bars"] > 0
    _assert_draws_a_chart(outputs)
