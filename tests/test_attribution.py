"""Tests for attribution (pipeline/attribution.py, discourse.py, metric.py): every example in
configs/attribution.toml, one-line cases in our own sentences, and config error reporting.

Each case builds a tiny article and runs the stages that attribution reads from (normalise,
sentences, entities, claims, attribute) in memory, then checks one claim's fields."""
from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest

from pipeline.attribution import AttributionConfig, change_of, is_target, load_attribution_config
from pipeline.config import load_config
from pipeline.stages import STAGES, Context

CONFIG_PATH = Path(__file__).resolve().parent.parent / "configs" / "attribution.toml"
FIELDS = ("subject", "metric", "period", "period_year", "change", "is_target")


def _data() -> dict:
    with CONFIG_PATH.open("rb") as fh:
        return tomllib.load(fh)


DATA = _data()


@pytest.fixture(scope="module")
def config():
    return load_config()


def attributed(text: str, config) -> list[dict]:
    """The claims of a one-article corpus holding `text`, attribution filled."""
    article = {"article_id": "t", "source": "t.txt", "title": text.strip().splitlines()[0], "text": text,
               "n_chars": len(text), "encoding": "utf-8", "sha256": ""}
    tables: dict[str, list[dict]] = {"articles": [article]}
    ctx = Context(config=config)
    for stage in STAGES:
        if stage.name not in ("ingest", "segment"):
            tables.update(stage.func(tables, ctx))
    return tables["claims"]


def claim_in(text: str, surface: str, config) -> dict:
    found = [c for c in attributed(text, config) if c["surface"] == surface]
    assert found, f"no claim {surface!r} in {text!r}"
    return found[-1]


# --- every group's own examples ------------------------------------------------------------

EXAMPLES = [pytest.param(ex, id=f"{name}-{n}") for name, sec in DATA.items() if isinstance(sec, dict)
            for n, ex in enumerate(sec.get("examples", []))]


def test_every_group_documents_itself() -> None:
    groups = [name for name, sec in DATA.items() if isinstance(sec, dict)]
    assert len(groups) >= 10
    for name in groups:
        assert DATA[name].get("comment", "").strip(), name
        assert DATA[name].get("examples"), name


@pytest.mark.parametrize("example", EXAMPLES)
def test_config_example(config, example: dict) -> None:
    claim = claim_in(example["text"], example["claim"], config)
    for field in FIELDS:
        if field in example:
            assert claim[field] == example[field], (field, claim)


# --- own sentences: subject ----------------------------------------------------------------

SUBJECT = [
    # carried over from the earlier clauses, sentences, the heading, the dominant place
    ("杭州经济运行平稳。一季度，全市规上工业增加值增长6.1%。", "6.1%", "杭州"),
    ("深圳港集团吞吐量再创新高，完成集装箱吞吐量3000万标箱，同比增长5%。", "5%", "深圳港集团"),
    ("苏州外贸稳中有进\n\n本报讯 前三季度，进出口总额1.8万亿元。", "1.8万亿元", "苏州"),
    ("深圳市统计局数据显示，深圳生产总值增长6.2%。", "6.2%", "深圳"),
    ("据海关总署统计，一季度，我国货物贸易进出口总值9.9万亿元。", "9.9万亿元", "我国"),
    ("成都市商务局局长张伟表示，成都社会消费品零售总额增长10%。", "10%", "成都"),
    ("华为公司发布年报。华为全年实现销售收入7042亿元。", "7042亿元", "华为"),
    ("海尔集团去年营收增长8%。该集团海外收入1500亿元。", "1500亿元", "海尔集团"),
    # comparison ranges and modifiers are not subjects
    ("南京软件业务收入位居全国第四。", "第四", "南京"),
    ("济南建成全省首个算力中心，已接入企业500家。", "500家", "济南"),
    ("西安高新区生产总值占全市的30%。", "30%", "西安高新区"),
    ("合肥新能源汽车产量高于全国平均水平20个百分点。", "20个百分点", "合肥"),
    ("武汉已成为比肩上海和深圳的创新城市，集聚高新技术企业1.4万家。", "1.4万家", "武汉"),
    ("位于浦东的上海自贸试验区临港新片区新增企业3000家。", "3000家", "上海自贸试验区临港新片区"),
    # trade partners
    ("前三季度，青岛对日本进出口352亿元，增长9%。", "9%", "日本"),
    ("其中，欧盟为广州第一大贸易伙伴，进出口1200亿元。", "1200亿元", "欧盟"),
    ("此外，对德国、法国和英国出口分别增长12%、8%和5%。", "8%", "法国"),
    ("同期，天津与东盟贸易额增长15%。", "15%", "东盟"),
    # people only when the figure is about them
    ("张三说，厦门今年新增就业岗位5万个。", "5万个", "厦门"),
    ("福州市委书记林宝金表示，福州数字经济规模突破5000亿元。", "5000亿元", "福州"),
    ("重庆长安汽车董事长朱华荣说，“我在汽车行业工作了30年。”", "30年", "朱华荣"),
    ("深圳竹云科技有限公司董事长董宁说，竹云科技将建成百亿元产业园。", "百亿元", "竹云科技"),
    # a statistics office reports national figures: no subject rather than the office
    ("国家统计局10月18日发布数据显示，前三季度国内生产总值增长5.2%。", "5.2%", None),
    ("国家统计局数据显示，北京、上海和广州房价分别下降0.2%、0.1%和0.6%。", "0.1%", "上海"),
    ("全国70个城市中，北京房价下降0.2%，上海房价上涨0.1%。", "0.1%", "上海"),
]


@pytest.mark.parametrize(("text", "surface", "subject"), SUBJECT)
def test_subject(config, text: str, surface: str, subject: str | None) -> None:
    assert claim_in(text, surface, config)["subject"] == subject


# --- own sentences: metric -----------------------------------------------------------------

METRIC = [
    ("前三季度，南京地区生产总值12000亿元，同比增长4.5%。", "4.5%", "地区生产总值同比增长"),
    ("一季度，广东出口1.2万亿元、增长3%。", "3%", "出口增长"),
    ("民营企业进出口752.8亿元，占全市进出口总值的65.8%。", "65.8%", "民营企业进出口占全市进出口总值"),
    ("一般贸易进出口500亿元，占比提高3.1个百分点。", "3.1个百分点", "一般贸易进出口占比提高"),
    ("2023年，厦门软件业务收入突破1500亿元。", "1500亿元", "软件业务收入"),
    ("目前，长沙已累计建成5G基站4.2万个。", "4.2万个", "累计建成5G基站"),
    ("阿里巴巴已服务了120万家企业客户。", "120万家", "服务企业客户"),
    ("该平台聚集了2亿用户和100多万家服务商。", "100多万家", "聚集服务商"),
    ("郑州有8家企业入选中国500强。", "8家", "企业入选中国500强"),
    ("其中，纺织品、服装和鞋类出口分别增长5%、7%和9%。", "7%", "服装出口增长"),
    ("浙江生产效率提高了25%，成本下降了30%。", "30%", "成本下降"),
    ("武汉集聚光电子企业1.6万家，数量全国第一。", "第一", "集聚光电子企业数量全国排名"),
    ("前三季度国内生产总值增长5.2%。分季度看，一季度增长4.5%，二季度增长6.3%。", "6.3%", "国内生产总值增长"),
    ("招商银行发布三季报。该行实现营业收入2553亿元。", "2553亿元", "实现营业收入"),
    ("万科发布公告称，公司10月实现合同销售金额280.5亿元。", "280.5亿元", "实现合同销售金额"),
    ("青岛海尔搭建的卡奥斯平台已链接近70万家企业。", "70万家", "链接企业"),
]


@pytest.mark.parametrize(("text", "surface", "metric"), METRIC)
def test_metric(config, text: str, surface: str, metric: str) -> None:
    assert claim_in(text, surface, config)["metric"] == metric


# --- own sentences: period, change, target -------------------------------------------------

PERIOD = [
    ("2022年上半年，西安生产总值5400亿元。", "5400亿元", "2022年上半年", 2022),
    ("1-8月，东莞外贸进出口总值增长4%。", "4%", "1-8月", None),
    ("2023年一季度，长沙生产总值增长5%；前两个月，出口增长9%。", "9%", "前两个月", 2023),
    ("截至2023年底，全国5G基站总数337.7万个。", "337.7万个", "截至2023年底", 2023),
    ("今年以来，无锡新增市场主体6万户。", "6万户", "今年以来", None),
    ("前11个月，天津出口增长6%。其中，机电产品出口2000亿元。", "2000亿元", "前11个月", None),
]


@pytest.mark.parametrize(("text", "surface", "period", "year"), PERIOD)
def test_period(config, text: str, surface: str, period: str, year: int | None) -> None:
    claim = claim_in(text, surface, config)
    assert (claim["period"], claim["period_year"]) == (period, year)


CHANGE = [
    ("全省粮食产量增长2.1%。", "2.1%", "increase"),
    ("工业品出厂价格同比下降2.5%。", "2.5%", "decrease"),
    ("平均审批时间缩短40%。", "40%", "decrease"),
    ("企业综合成本降低15%。", "15%", "decrease"),
    ("居民人均可支配收入比上年增加3000元。", "3000元", "increase"),
    ("占GDP比重由21.6%提升至44%。", "44%", None),
    ("规上工业增加值3000亿元。", "3000亿元", None),
    ("全市常住人口1034万人。", "1034万人", None),
]


@pytest.mark.parametrize(("text", "surface", "change"), CHANGE)
def test_change(config, text: str, surface: str, change: str | None) -> None:
    assert claim_in(text, surface, config)["change"] == change


TARGET = [
    ("到2025年，数字经济核心产业增加值占比达到10%。", "10%", True),
    ("力争全年新增市场主体5万户。", "5万户", True),
    ("预计全年接待游客3000万人次。", "3000万人次", True),
    ("成都计划新建5G基站2万个。", "2万个", True),
    ("苏州将新建保障性租赁住房3万套。", "3万套", True),
    ("2022年，厦门接待游客8900万人次。", "8900万人次", False),
    ("该技术将能耗降低了20%。", "20%", False),
    ("从2012年到2022年，电商交易额从8万亿元增长到43万亿元。", "43万亿元", False),
]


@pytest.mark.parametrize(("text", "surface", "target"), TARGET)
def test_target(config, text: str, surface: str, target: bool) -> None:
    assert claim_in(text, surface, config)["is_target"] is target


# --- the helpers alone and the whole stage --------------------------------------------------

def test_change_of_and_is_target_alone(config) -> None:
    cfg: AttributionConfig = config.attribution
    assert change_of("出口增长", cfg) == "increase"
    assert change_of("从11万亿元增长到", cfg) is None
    assert change_of("新增", cfg) is None
    assert is_target("青岛将建成", cfg) and not is_target("将行业成本降低", cfg)


def test_every_claim_keeps_its_fields_and_order(config) -> None:
    text = "青岛经济\n\n前两个月，青岛出口677.8亿元，增长57.5%；进口466.3亿元，增长19.2%。"
    claims = attributed(text, config)
    assert [c["surface"] for c in claims] == ["677.8亿元", "57.5%", "466.3亿元", "19.2%"]
    assert all(c["subject"] == "青岛" and c["subject_entity_id"] for c in claims)
    assert [c["metric"] for c in claims] == ["出口", "出口增长", "进口", "进口增长"]
    assert {c["period"] for c in claims} == {"前两个月"}


def test_article_without_entities_has_no_subject(config) -> None:
    claims = attributed("今年粮食产量增长5%。", config)
    assert claims and claims[0]["subject"] is None and claims[0]["subject_entity_id"] is None


# --- config errors -------------------------------------------------------------------------

def test_broken_config_reports_every_problem() -> None:
    data = copy.deepcopy(_data())
    data["period"]["regex"] = "(?<=unclosed"
    data["change"]["increase"] = []
    del data["rank"]["comment"]
    data["metric"]["follow_max_chars"] = "many"
    del data["partner"]
    errors: list[str] = []
    assert load_attribution_config(data, errors) is None
    expected = ["[period] regex does not compile", "[change] increase must", "[rank] needs a comment",
                "[metric] follow_max_chars must", "[partner] missing"]
    for fragment in expected:
        assert any(fragment in e for e in errors), (fragment, errors)


def test_valid_config_loads_without_errors() -> None:
    errors: list[str] = []
    assert isinstance(load_attribution_config(_data(), errors), AttributionConfig)
    assert errors == []
