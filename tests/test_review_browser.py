"""The review page in a real browser: Debian's Chromium, headless, driven by Playwright.

Playwright drives the system's /usr/bin/chromium (no browser download). Skipped where Chromium
is not installed (`apt-get install chromium`; .ci/run installs it where it can). Screenshots
go to test-artifacts/ for a person to look at.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import main

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
ARTEFACTS = ROOT / "test-artifacts"
# As this machine's notes advise: no sandbox (root), no GPU, and none of Chromium's own network
# traffic (a closed network refuses it); Playwright gives each launch a fresh --user-data-dir.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


def _open(browser, out: Path, html: Path, *args: str):
    result = CliRunner().invoke(main, ["review", str(out), "--html", str(html), *args])
    assert result.exit_code == 0, result.output
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(html.as_uri())
    page.wait_for_load_state("load")
    return page, requests, errors


def test_seed_review_in_chromium(browser, seed_run: Path, tmp_path: Path) -> None:
    claims = pd.read_parquet(seed_run / "claims")
    page, requests, errors = _open(browser, seed_run, tmp_path / "review.html")
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / "review_seeds.png")
    assert page.locator("mark.claim").count() == len(claims)
    assert page.locator("tbody tr").count() == len(claims)

    # hover: the details show the subject, and the subject's mentions light up
    mentions = pd.read_parquet(seed_run / "entities")
    claim = claims[claims["subject_entity_id"].isin(mentions["entity_id"]) & (claims["kind"] == "money")].iloc[0]
    page.hover(f"#c-{claim['claim_id']}")
    tip = page.locator("#tip")
    assert tip.is_visible()
    assert tip.locator(".f-subject").inner_text() == claim["subject"]
    assert tip.locator(".f-surface").inner_text() == claim["surface"]
    assert tip.locator(".f-pattern_id").inner_text() == claim["pattern_id"]
    lit = page.locator(f'.subj.hl[data-entity="{claim["subject_entity_id"]}"]')
    assert lit.count() == (mentions["entity_id"] == claim["subject_entity_id"]).sum() > 0
    page.screenshot(path=ARTEFACTS / "review_seeds_hover.png")

    # the table filters by subject, and a row jumps to its claim (focused, details shown)
    subject = claim["subject"]
    page.fill(".filters input[name=subject]", subject)
    n = int(claims["subject"].str.contains(subject, regex=False, na=False).sum())
    assert page.locator("tbody tr:visible").count() == n
    assert page.locator(".filters output").inner_text() == f"{n} of {len(claims)} claims"
    row = page.locator("tbody tr:visible").nth(n - 1)
    target = row.get_attribute("data-claim-row")
    row.click()
    assert page.evaluate("document.activeElement.id") == f"c-{target}"
    assert page.url.endswith(f"#c-{target}")
    assert tip.locator(".f-surface").inner_text() == claims.set_index("claim_id").at[target, "surface"]

    # sorting by value puts the smallest first
    page.fill(".filters input[name=subject]", "")
    page.click("th:text('value')")
    first = page.locator("tbody tr").first.get_attribute("data-claim-row")
    assert claims.set_index("claim_id").at[first, "value"] == claims["value"].min()

    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert errors == []
    assert (ARTEFACTS / "review_seeds.png").stat().st_size > 20_000


def test_diff_review_in_chromium(browser, seed_run: Path, approx_run: Path, tmp_path: Path) -> None:
    new = approx_run
    page, _, errors = _open(browser, new, tmp_path / "diff.html", "--diff", str(seed_run))
    changed = page.locator("mark.claim.changed")
    assert changed.count() > 0
    changed.first.hover()
    assert page.locator("#tip .status").inner_text() == "changed"
    assert page.locator("#tip li").all_inner_texts() == ["qualifier: nearly → approx"]
    page.select_option(".filters select[name=status]", "changed")
    assert page.locator("tbody tr:visible").count() == changed.count()
    page.screenshot(path=ARTEFACTS / "review_diff.png")
    assert errors == []
