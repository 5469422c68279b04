"""Tests for pipeline/entities.py: every example in configs/entities.toml, own sentences,
structural guarantees of find_entities, and config error reporting."""
from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest

from pipeline.entities import EntityConfig, Mention, find_entities, load_entity_config

CONFIG_PATH = Path(__file__).resolve().parent.parent / "configs" / "entities.toml"
KINDS = ("gazetteer", "pattern", "suffix", "person", "alias")


def _data() -> dict:
    with CONFIG_PATH.open("rb") as fh:
        return tomllib.load(fh)


DATA = _data()
GROUPS = [g for kind in KINDS for g in DATA.get(kind, [])]


@pytest.fixture(scope="module")
def cfg() -> EntityConfig:
    errors: list[str] = []
    config = load_entity_config(_data(), errors)
    assert errors == []
    return config


def _triples(text: str, config: EntityConfig) -> list[tuple[str, str, str]]:
    return [(m.surface, m.label, m.canonical) for m in find_entities(text, config)]


# --- every rule's own examples -------------------------------------------------------------

EXAMPLES = [pytest.param(g["id"], ex, id=g["id"]) for g in GROUPS for ex in g.get("examples", [])]
NOT_EXAMPLES = [pytest.param(g["id"], ex, id=g["id"]) for g in GROUPS for ex in g.get("not_examples", [])]


def test_every_rule_group_documents_itself() -> None:
    assert len(GROUPS) >= 15
    for g in GROUPS:
        assert g.get("id") and g.get("comment"), g
        assert g.get("examples"), f"{g['id']} has no examples"
        assert g.get("not_examples"), f"{g['id']} has no not_examples"


@pytest.mark.parametrize(("rule_id", "example"), EXAMPLES)
def test_rule_example(cfg: EntityConfig, rule_id: str, example: dict) -> None:
    want = (example["surface"], example["label"], example["canonical"])
    assert want in _triples(example["text"], cfg), rule_id


@pytest.mark.parametrize(("rule_id", "example"), NOT_EXAMPLES)
def test_rule_not_example(cfg: EntityConfig, rule_id: str, example: dict) -> None:
    hits = [m for m in find_entities(example["text"], cfg)
            if example.get("surface", m.surface) == m.surface and example.get("label", m.label) == m.label]
    assert hits == [], rule_id


# --- own sentences ---------------------------------------------------------------------------

POSITIVE = [
    ("前三季度，浙江省地区生产总值同比增长6.3%。", "浙江省", "place", "浙江"),
    ("宁夏回族自治区粮食产量再创新高。", "宁夏回族自治区", "place", "宁夏"),
    ("香港特别行政区政府公布财政预算。", "香港特别行政区政府", "org", "香港特别行政区政府"),
    ("澳门特别行政区旅游收入回升。", "澳门特别行政区", "place", "澳门"),
    ("成都、重庆两地联手打造经济圈。", "重庆", "place", "重庆"),
    ("苏州市规上工业总产值突破4万亿元。", "苏州市", "place", "苏州"),
    ("1至8月，东莞外贸进出口总值增长4%。", "东莞", "place", "东莞"),
    ("安康市茶叶产业综合产值增长。", "安康市", "place", "安康"),
    ("对德国出口的汽车零部件增长三成。", "德国", "place", "德国"),
    ("沙特是我国最大的原油进口来源国。", "沙特", "place", "沙特阿拉伯"),
    ("我国与东南亚国家联盟贸易额增长。", "东南亚国家联盟", "place", "东盟"),
    ("粤港澳大湾区经济总量超过14万亿元。", "粤港澳大湾区", "place", "粤港澳大湾区"),
    ("成渝地区双城经济圈建设提速。", "成渝地区双城经济圈", "place", "成渝地区双城经济圈"),
    ("我国经济总体回升向好。", "我国", "place", "中国"),
    ("中俄贸易额再创历史新高。", "俄", "place", "俄罗斯"),
    ("赴美留学人数有所下降。", "美", "place", "美国"),
    ("国家统计局新闻发言人付凌晖表示，国民经济持续恢复。", "国家统计局", "org", "国家统计局"),
    ("国家统计局新闻发言人付凌晖表示，国民经济持续恢复。", "付凌晖", "person", "付凌晖"),
    ("据海关总署统计，一季度货物贸易进出口增长5%。", "海关总署", "org", "海关总署"),
    ("央行开展7天期逆回购操作。", "央行", "org", "中国人民银行"),
    ("中国人民银行行长潘功胜在论坛上发表演讲。", "潘功胜", "person", "潘功胜"),
    ("国家发改委印发实施方案。", "国家发改委", "org", "国家发展改革委"),
    ("工信部公布第二批名单。", "工信部", "org", "工业和信息化部"),
    ("美联储宣布维持利率不变。", "美联储", "org", "美联储"),
    ("杭州市统计局数据显示，规上工业增加值增长5.6%。", "杭州市统计局", "org", "杭州市统计局"),
    ("广州市住房和城乡建设局发布通知。", "广州市住房和城乡建设局", "org", "广州市住房和城乡建设局"),
    ("江苏省人民政府办公厅印发实施意见。", "江苏省人民政府办公厅", "org", "江苏省人民政府办公厅"),
    ("深圳市前海管理局发布数据。", "深圳市前海管理局", "org", "深圳市前海管理局"),
    ("重庆市九龙坡区人民法院受理了破产申请。", "重庆市九龙坡区人民法院", "org", "重庆市九龙坡区人民法院"),
    ("成都高新区管委会与企业签署协议。", "成都高新区管委会", "org", "成都高新区管委会"),
    ("宁德时代新能源科技股份有限公司发布公告。", "宁德时代新能源科技股份有限公司", "org", "宁德时代新能源科技股份有限公司"),
    ("贵州茅台酒股份有限公司营业总收入增长。", "贵州茅台酒股份有限公司", "org", "贵州茅台酒股份有限公司"),
    ("中国平安保险（集团）股份有限公司净利润下降。", "中国平安保险（集团）股份有限公司", "org", "中国平安保险（集团）股份有限公司"),
    ("工商银行山东省分行累计发放贷款300亿元。", "工商银行山东省分行", "org", "工商银行山东省分行"),
    ("浙江大学管理学院副院长黄英表示，要稳定预期。", "浙江大学管理学院", "org", "浙江大学管理学院"),
    ("浙江大学管理学院副院长黄英表示，要稳定预期。", "黄英", "person", "黄英"),
    ("北京大学教授刘俏认为，消费复苏仍需时间。", "刘俏", "person", "刘俏"),
    ("中金公司首席经济学家彭文生预计，增速将回升。", "彭文生", "person", "彭文生"),
    ("中金公司首席经济学家彭文生预计，增速将回升。", "中金公司", "org", "中金公司"),
    ("华为技术有限公司轮值董事长徐直军发表演讲。", "华为", "org", "华为"),
    ("华为技术有限公司轮值董事长徐直军发表演讲。", "徐直军", "person", "徐直军"),
    ("阿里巴巴集团董事会主席蔡崇信表示。", "阿里巴巴集团", "org", "阿里巴巴"),
    ("苏州工业园区实现地区生产总值增长。", "苏州工业园区", "org", "苏州工业园区"),
    ("上海自贸试验区临港新片区挂牌成立。", "上海自贸试验区临港新片区", "org", "上海自贸试验区临港新片区"),
    ("中指研究院数据显示，百城新建住宅均价上涨。", "中指研究院", "org", "中国指数研究院"),
    ("欧洲央行宣布加息25个基点。", "欧洲央行", "org", "欧洲央行"),
    ("中东部地区经济增长较快。", "中东部地区", "place", "中东部地区"),
    ("市委书记李强调研企业。", "李强", "person", "李强"),
    ("会见了王振华书记一行。", "王振华", "person", "王振华"),
    ("本报记者 王晓 通讯员 李明", "李明", "person", "李明"),
    ("青岛港\n集团公布吞吐量。", "青岛港\n集团", "org", "青岛港"),  # a known name's 集团: its canonical
    ("宁波舟山港货物吞吐量连续多年居全球第一。", "宁波舟山港", "org", "宁波舟山港"),
    ("深圳竹云科技有限公司董事长董宁说，竹云科技将加快建设研究院。", "竹云科技", "org", "深圳竹云科技有限公司"),
    ("广\n州市商品房成交量回升。", "广\n州市", "place", "广州"),
    # descriptors stop a company name; declared short names; short names without a generic word
    ("A+H股上市公司宁波华光新材料股份有限公司发布年报。", "宁波华光新材料股份有限公司", "org", "宁波华光新材料股份有限公司"),
    ("龙头企业苏州华星光电科技有限公司投产。", "苏州华星光电科技有限公司", "org", "苏州华星光电科技有限公司"),
    ("华光新材年报发布\n宁波华光新材料股份有限公司（以下简称“华光新材”）昨日公告。", "华光新材", "org", "宁波华光新材料股份有限公司"),
    ("合肥市建设投资控股集团（简称“合肥建投”）投资增长。", "合肥建投", "org", "合肥市建设投资控股集团"),
    ("南宁轨道交通集团开通新线。轨道集团安排了志愿者。", "轨道集团", "org", "南宁轨道交通集团"),
    # events, occupations, city sets
    ("第三届长沙国际工程机械展览会开幕。", "长沙国际工程机械展览会", "org", "长沙国际工程机械展览会"),
    ("今年72岁的退休教师刘桂兰来到站台。", "刘桂兰", "person", "刘桂兰"),
    ("市民李丽说，地铁很方便。", "李丽", "person", "李丽"),
    ("重点30城新建商品住宅成交面积增长。", "重点30城", "place", "重点30城"),
    ("二线城市房价企稳。", "二线城市", "place", "二线城市"),
]

NEGATIVE = [
    ("他对美好生活充满向往。", None),
    ("各大银行纷纷下调存款利率。", None),
    ("这家公司去年营收增长了三成。", None),
    ("10月份，新建商品住宅销售价格环比下降。", None),
    ("上市公司数量持续增加。", None),
    ("要以人民为中心推进城市更新。", None),
    ("优化营商环境，建设数字政府。", None),
    ("美国央行宣布加息。", "org"),
    ("主任高度重视安全生产。", "person"),
    ("公司总部迁往新址。", "org"),
    ("成功举办第三届博览会。", "org"),
    ("大学生就业形势总体稳定。", "org"),
    ("朝阳产业发展势头良好。", "place"),
    ("广\n\n州", "place"),
    ("并将联合国内外产业链上下游企业。", "org"),
    ("引进京东方等龙头企业。", "org"),
    ("这是又一次集中行动。", "org"),
    ("《管理办法》（以下简称《办法》）自发布之日起施行。", None),
    ("百城中有39个城市新房价格上涨。", "org"),
    ("居民消费价格同比上涨。", "person"),
    ("他在论坛上发表演讲。", None),
]


@pytest.mark.parametrize(("text", "surface", "label", "canonical"), POSITIVE)
def test_sentence_yields(cfg: EntityConfig, text: str, surface: str, label: str, canonical: str) -> None:
    assert (surface, label, canonical) in _triples(text, cfg)


@pytest.mark.parametrize(("text", "label"), NEGATIVE)
def test_sentence_yields_nothing(cfg: EntityConfig, text: str, label: str | None) -> None:
    assert [t for t in _triples(text, cfg) if label is None or t[1] == label] == []


# --- structure of the result ---------------------------------------------------------------

SAMPLE = ("山东省委书记林武在济南主持召开会议。青岛海关数据显示，1-9月青岛市对东盟进出口增长。\n"
          "国家统计局、中国人民银行和海尔集团的负\n责人出席，市长赵豪志讲话。中美贸易、RCEP生效。")


def test_offsets_sorted_disjoint_and_deterministic(cfg: EntityConfig) -> None:
    mentions = find_entities(SAMPLE, cfg)
    assert len(mentions) >= 10
    assert all(isinstance(m, Mention) and SAMPLE[m.start:m.end] == m.surface for m in mentions)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))
    assert find_entities(SAMPLE, cfg) == mentions
    assert {(m.surface, m.label) for m in mentions} >= {("青岛海关", "org"), ("赵豪志", "person"),
                                                        ("山东省委", "org"), ("东盟", "place")}


def test_longest_wins_then_gazetteer(cfg: EntityConfig) -> None:
    # 山东省农业农村厅 (suffix rule, longer) hides the place 山东省 inside it
    assert _triples("山东省农业农村厅发文。", cfg) == [("山东省农业农村厅", "org", "山东省农业农村厅")]
    # same span from gazetteer and suffix rule: the gazetteer's canonical wins
    assert _triples("卡奥斯平台上线。", cfg) == [("卡奥斯平台", "platform", "卡奥斯")]


def test_name_seen_with_title_is_found_again(cfg: EntityConfig) -> None:
    text = "市人大常委会主任宋远方出席。宋远方说，要依法履职。"
    assert [m.start for m in find_entities(text, cfg) if m.label == "person"] == [8, 14]


@pytest.mark.parametrize(("picked", "extended"), [
    ([(0, 2, "person", "韩宇"), (11, 14, "person", "韩宇航")], [(0, 3, 3, "person", "韩宇航")]),
    ([(0, 2, "place", "韩宇"), (11, 14, "person", "韩宇航")], []),   # another label: another thing
    ([(0, 3, "person", "韩宇航"), (11, 14, "person", "韩宇航")], []),  # named in full already
    ([(0, 2, "place", "韩宇"), (11, 14, "place", "韩宇航")], []),      # places are not names of one thing
])
def test_a_name_found_in_part_is_read_in_full_where_the_article_names_it_so(picked, extended) -> None:
    from pipeline.entities import _named_in_full
    assert _named_in_full("韩宇航砍下41分，全场韩宇航投篮21次", picked, ("person", "org", "product")) == extended


def test_frozen(cfg: EntityConfig) -> None:
    with pytest.raises(Exception):
        cfg.names_scan = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        cfg.names["新名字"] = ("place", "新名字")  # type: ignore[index]


# --- config errors -------------------------------------------------------------------------

def _group(**fields: object) -> dict:
    """A rule group with valid examples unless the test overrides them."""
    return {"examples": [{"text": "青岛", "surface": "青岛", "label": "place", "canonical": "青岛"}],
            "not_examples": [{"text": "无"}], **fields}


def test_broken_config_reports_every_error_at_once() -> None:
    data = copy.deepcopy(_data())
    data["gazetteer"] += [
        _group(comment="no id", label="place", entries=[["某地"]]),
        _group(id="place.china", comment="duplicate id", label="place", entries=[["甲地"]]),
        _group(id="x.clash", comment="alias under two canonicals", label="place", entries=[["乙地", "山东省"]]),
        _group(id="x.label", comment="bad label", label="thing", entries=[["丙地"]]),
    ]
    data["pattern"].append(_group(id="x.regex", comment="bad regex", label="place",
                                  patterns=[{"canonical": "美国", "regex": "(?<=中美"}]))
    data["suffix"].append(_group(id="x.nocomment", label="org", suffixes=["公社"], examples=[{"text": "只有文本"}]))
    data["person"].append(_group(id="x.direction", comment="bad direction", direction="sideways", titles=["经理"]))
    data["suffix_settings"]["max_name_chars"] = "twenty"
    errors: list[str] = []
    config = load_entity_config(data, errors)
    expected = ["gazetteer[", "place.china: duplicate id", "x.clash: alias '山东省'",
                "x.label: unknown label", "x.regex: bad pattern", "x.nocomment: missing comment",
                "x.nocomment: examples must", "x.direction: direction", "suffix_settings"]
    for fragment in expected:
        assert any(fragment in e for e in errors), (fragment, errors)
    assert len(errors) == len(expected), errors
    # the valid rest of the config still works
    assert ("青岛海关", "org", "青岛海关") in _triples("青岛海关通报。", config)


def test_empty_config_reports_missing_person_and_model_settings() -> None:
    errors: list[str] = []
    config = load_entity_config({}, errors)
    assert sum(e.startswith("person_settings.") for e in errors) == 4
    assert [e for e in errors if not e.startswith("person_settings.")] == ["entities.toml: [model_settings] missing"]
    assert find_entities("青岛海关通报。", config) == []


def test_a_declared_short_name_survives_a_name_read_in_full(cfg) -> None:
    """（以下简称“X”） and a person named in part (韩宇 before 韩宇航) in one article: both hold."""
    from pipeline.tagger import Word
    text = "北京嘉诺澜曦科技股份有限公司（以下简称“曦乐澜”）韩宇航参会。曦乐澜称，韩宇航说好。"
    first, second = text.index("韩宇航"), text.rindex("韩宇航")
    words = [Word(first, first + 2, "韩宇", "PER"), Word(second, second + 3, "韩宇航", "PER")]
    surfaces = [m.surface for m in find_entities(text, cfg, words)]
    assert surfaces.count("曦乐澜") == 2 and surfaces.count("韩宇航") == 2
