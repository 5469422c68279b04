"""Random text never crashes the pipeline, and every span it reports points into the raw text.

Text is drawn from all of Unicode (control characters, lone CRs and full-width forms
included) mixed with the characters claims are made of, so numbers, units and line breaks
meet in every combination. The stages run in memory on many examples; whole runs read random
bytes from files (lone surrogates encoded as UTF-8 would encode them included: no decoder
accepts them as text) and either write tables or stop with a one-line error naming the file."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pyarrow as pa
from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.config import load_config
from pipeline.errors import InputError
from pipeline.ingest import article_id, title_of
from pipeline.runner import run
from pipeline.stages import STAGES, Context
from pipeline.tables import read_arrow

NEWS = list("0123456789０１２３４５.．,，%％一二两三十百千万亿元美吨个家倍第名约近超过增长下降同比。；！？：\r\n \u3000\t\"“”（）()")
CHARS = st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(NEWS))  # any character text read from a file can hold
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, exclude_categories=())
CONFIG = load_config()
SPANNED = {"sentences": "text", "tokens": "text", "entities": "surface", "claims": "surface"}


def _rows(made: list) -> list[dict]:
    return [r for t in made for r in t.to_pylist()] if made and isinstance(made[0], pa.Table) else made


def _check_spans(text: str, tables: dict) -> None:
    for name, column in SPANNED.items():
        for row in _rows(tables[name]):
            assert text[row["start"]:row["end"]] == row[column], (name, row)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(CHARS, min_size=1, max_size=400))
def test_stages_never_crash_and_spans_hold(text: str) -> None:
    article = {"article_id": article_id(text), "source": "random.txt", "title": title_of(text), "text": text,
               "n_chars": len(text), "encoding": "utf-8", "sha256": ""}
    tables: dict = {"articles": [article]}
    ctx = Context(config=CONFIG)
    for stage in STAGES[1:]:
        tables.update(stage.func(tables, ctx))
    _check_spans(text, tables)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(st.one_of(CHARS, SURROGATES), max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
                 st.binary(max_size=300)))
def test_a_run_over_random_bytes_writes_tables_or_names_the_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        news = Path(tmp) / "news"
        news.mkdir()
        (news / "a.txt").write_bytes(data)
        try:
            run(Path(tmp) / "out", Context(config=CONFIG, paths=[news]))
        except InputError as exc:
            assert str(exc).startswith(f"{news}/a.txt: ") and "\n" not in str(exc)
            return
        [text] = read_arrow(Path(tmp) / "out", "articles")["text"].to_pylist()
        _check_spans(text, {name: read_arrow(Path(tmp) / "out", name).to_pylist() for name in SPANNED})
