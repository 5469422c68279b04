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

# An example may carry `known_miss = "why"`: a reading the scored subject choice gets wrong today;
# it runs as a strict xfail, so fixing it fails the test until the mark is removed.
EXAMPLES = [pytest.param(ex, id=f"{name}-{n}",
                         marks=[pytest.mark.xfail(strict=True, reason=ex["known_miss"])] if "known_miss" in ex else [])
            for name, sec in DATA.items() if isinstance(sec, dict)
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


def miss(why: str) -> pytest.MarkDecorator:
    """A reading the scored subject choice gets wrong today: a strict xfail, so a fix shows."""
    return pytest.mark.xfail(strict=True, reason=f"known miss: {why}")


SUBJECT = [
    # a player named right after the team: the player
    ("本场比赛，辽宁队郭艾伦得到全场最高的28分，另有7次助攻。", "28分", "郭艾伦"),
    ("本场比赛，辽宁队郭艾伦得到全场最高的28分，另有7次助攻。", "7次", "郭艾伦"),
    ("广东队方面，周琦拿下20分和12个篮板，但球队全场三分球34投仅8中，命中率只有23.5%。", "23.5%", "广东队"),
    # where the injured were taken (送往X) is a location, never the story's subject of last resort
    ("一辆货车与小客车追尾，事故造成3人受伤。受伤人员已被送往温州医科大学附属第一医院救治，其中2人伤势较重。", "2人", "事故"),
    ("该产品系列全国第一。", "第一", "产品系列"),  # the rank's range (全国) is no part of the name before it
    # a currency before an amount names no thing the amount is about
    ("该公司注册资本人民币5000万元。", "5000万元", "公司"),
    # a measure (总投资) is no subject: the subject carried over stays
    ("据介绍，这批新车共有120辆，每辆车可载客80人，总投资约1.2亿元。", "1.2亿元", "新车"),
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
    pytest.param("合肥新能源汽车产量高于全国平均水平20个百分点。", "20个百分点", "合肥", marks=miss("subject comes out as '新能源汽车'")),
    ("武汉已成为比肩上海和深圳的创新城市，集聚高新技术企业1.4万家。", "1.4万家", "武汉"),
    ("位于浦东的上海自贸试验区临港新片区新增企业3000家。", "3000家", "上海自贸试验区临港新片区"),
    # the named example of a group that opens its clause and acts is the group's name; an example of what is counted is none
    ("民政部等五部门日前要求，今年底前各地养老机构要普遍推行等级评定制度。", "五部门", "民政部"),
    ("阿里巴巴、京东等12家企业参与了活动。", "12家", "阿里巴巴"),
    ("该平台涵盖阿里巴巴、京东等12家企业。", "12家", "平台"),
    # a clause that only brings a name in makes it the topic; the agent after 被 is none
    ("去年夏天请来的米勒被打入冷宫。还有哈希姆-塔比特，这个榜眼秀如今被火箭高薪养着，年薪高达480万美元。", "480万美元", "哈希姆-塔比特"),
    # 其中/其余 with no topic of its own: a part of the group the sentence's previous figure counted
    ("记者：在飞机上这名患者前后三排一共有63个人，其中有37人是入境香港，其余26人转机前往不同的地区。", "37人", "患者"),
    ("国庆假期，景区共接待游客3万人次，其中12名游客在景区内走失后被找回。", "12名", "游客"),
    ("当日全市场股票型ETF成交额为712亿元，其中沪深300ETF成交额超过60亿元。", "60亿元", "沪深300ETF"),
    # a phrase that names a measure (经济损失, 常住人口) is what is measured, not what it is about
    ("这场大火烧毁房屋32间，直接经济损失约500万元。", "500万元", "大火"),
    # a name after a 的-phrase and its modifiers heads the phrase: it is what the clause and the next are about
    ("荷兰议会二院选举投票今天凌晨结束。出口民调显示，现任首相吕特领导的传统右翼自由民主党赢得150个席位中的31席，"
     "继续保持第一大党地位。", "第一", "自由民主党"),
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
    # a statistics office reports on the place it serves, never on itself
    ("国家统计局10月18日发布数据显示，前三季度国内生产总值增长5.2%。", "5.2%", "全国"),
    ("浙江省统计局发布公报，全年地区生产总值增长5.5%。", "5.5%", "浙江省"),
    ("国家统计局杭州调查队发布数据，杭州居民消费价格上涨0.3%。", "0.3%", "杭州"),
    ("国家统计局数据显示，北京、上海和广州房价分别下降0.2%、0.1%和0.6%。", "0.1%", "上海"),
    ("全国70个城市中，北京房价下降0.2%，上海房价上涨0.1%。", "0.1%", "上海"),
    # a source in the headline (ORG：…) is never the topic, nor carried
    pytest.param("海关总署：前三季度外贸进出口增长0.7%\n\n前三季度，我国货物贸易进出口总值30.8万亿元。", "0.7%", "我国", marks=miss("subject comes out as '海关总署'")),
    ("国家统计局：9月份CPI同比持平\n\n9月份，全国居民消费价格环比上涨0.2%。", "0.2%", "全国"),
    # bylines name who wrote it
    ("本报讯（记者 王小明）3月28日，华为公司发布年报。报告显示，公司实现营收7042亿元。", "7042亿元", "华为公司"),
    ("本报讯　记者李建国　通讯员张卫东报道：今年，我县粮食总产量达到12万吨。", "12万吨", "我县"),
    ("（记者 王晓 通讯员 李明）前两月，全县工业产值增长8%。", "8%", "全县"),
    # listed companies: descriptors before the name, declared short names (headline included)
    ("A股上市公司宁波华光新材料股份有限公司（以下简称“华光新材”）发布年报。华光新材全年营收56亿元。", "56亿元", "华光新材"),
    pytest.param("华光新材年报：净利润增长12%\n\n本报讯 深圳华光新材料股份有限公司（简称华光新材）昨日发布年报。", "12%", "华光新材", marks=miss("subject comes out as '华光新材年报'")),
    ("港股上市公司深圳华光新材料股份有限公司发布年报，全年营收56亿元。", "56亿元", "深圳华光新材料股份有限公司"),
    # county and township anaphors: the place written about, else the word itself
    pytest.param("科技兴农结硕果\n全县共推广优良品种12万亩。年末生猪存栏18万头。", "18万头", "全县", marks=miss("subject comes out as '生猪'")),
    ("该县去年粮食总产量达到15万吨。", "15万吨", "该县"),
    ("昆山经济稳步发展。全市地区生产总值增长6%。", "6%", "昆山"),
    ("寿光蔬菜产业兴旺。全县蔬菜产量达到450万吨。", "450万吨", "寿光"),
    # city sets are places
    ("11月，重点30城新建商品住宅成交面积增长13%。", "13%", "重点30城"),
    ("其中，一线城市二手房成交量增长20%，三四线城市下降5%。", "5%", "三四线城市"),
    # people with an occupation, events, short names, a figure describing a name
    ("今年68岁的村民王大山种了30亩小麦。", "68岁", "王大山"),
    ("第五届青岛国际啤酒博览会吸引了300余家企业参展。", "300余家", "青岛国际啤酒博览会"),
    ("南宁轨道交通集团开通新线。当天，轨道集团安排了800名志愿者。", "800名", "轨道集团"),
    # last resort: the place named as a topic, the organisation named most, a place that only locates
    ("央行开展逆回购操作\n\n央行当日开展了3000亿元逆回购操作。当日有1900亿元逆回购到期。", "1900亿元", "央行"),
    ("年报出炉\n\n宁波华光新材料股份有限公司（简称华光新材）发布年报。华光新材在合肥建厂。\n\n年报显示，营收56亿元。",
     "56亿元", "华光新材"),
    pytest.param("运行平稳\n\n一季度，青岛市生产总值3600亿元。\n\n海尔集团营收增长8%。海尔智家收入300亿元。海尔新建工厂3个。"
     "\n\n一季度，规上工业增加值增长6%。", "6%", "青岛市", marks=miss("subject comes out as '海尔'")),
]


@pytest.mark.parametrize(("text", "surface", "subject"), SUBJECT)
def test_subject(config, text: str, surface: str, subject: str | None) -> None:
    assert claim_in(text, surface, config)["subject"] == subject


# --- own sentences: metric -----------------------------------------------------------------

METRIC = [
    ("前三季度，南京地区生产总值12000亿元，同比增长4.5%。", "4.5%", "地区生产总值同比增长"),
    ("一季度，广东出口1.2万亿元、增长3%。", "3%", "出口增长"),
    ("全市民营企业进出口752.8亿元，占全市进出口总值的65.8%。", "65.8%", "民营企业进出口占全市进出口总值"),
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
    # a change word with a qualifier (实际增长, 大增) reads against the plain metric, never against a change
    ("全市农村居民人均可支配收入15705元，实际增长7.3%。", "7.3%", "农村居民人均可支配收入实际增长"),
    ("全国居民人均可支配收入29398元，扣除价格因素实际增长5.9%。", "5.9%", "居民人均可支配收入实际增长"),
    ("储能系统收入80亿元，同比大增47%；电池销量增长13%。", "13%", "电池销量增长"),
    ("增加值增长4.0%，比上半年加快0.2个百分点。", "0.2个百分点", "增加值比上半年加快"),
    ("报告期内，同比大增47%，二季度同比增长12%。", "12%", "同比增长"),
    # 分别 with a change word before each figure
    ("外资企业和国有企业分别进出口100亿元和60亿元，分别下降3%和增长2%。", "3%", "进出口下降"),
    # a noun before 分别 that all its figures measure, not the figures of the clause before
    ("汽、柴油价格每吨分别提高390元和370元，全国平均每升零售价分别提高0.29元和0.32元。", "0.32元", "平均每升零售价提高"),
    # generic nouns and hollow words read against what came before
    ("进口铁矿砂500万吨，减少6%，价值300亿元。", "300亿元", "进口铁矿砂价值"),
    ("新增高新技术企业120家，总数达到800家，居全省第二。", "第二", "新增高新技术企业总数全省排名"),
    ("一线城市去化周期约为16个月，三四线城市普遍在28个月以上。", "28个月", "去化周期"),
    ("日均客运量翻了一番，达到110万人次。", "110万人次", "日均客运量"),
    ("全年有1200余人的志愿者队伍参与服务。", "1200余人", "参与服务"),
    ("最关键的盾构区间历时三个多月完成贯通。", "三个多月", "最关键的盾构区间完成贯通"),
    ("力争到2025年粮食总产突破15万吨。", "15万吨", "粮食总产"),
    ("成都二手房成交量维持在2万套以上。", "2万套", "二手房成交量"),
    # a figure that modifies the noun after it: the value it gives, or else that noun
    ("新机搭载一块有效像素约6100万的背照式传感器。", "6100万", "有效像素"),
    ("该机使用容量为2280毫安时的新款电池。", "2280毫安时", "容量"),
    ("公司推出了一款售价2999元的手机。", "2999元", "售价"),
    ("目前这款产品济南一家经销商报出了399元的价格。", "399元", "价格"),
    # a record after a verb says what was done, the unit what is measured; a noun ends before a joiner
    ("东湖队后卫李明轩砍下职业生涯新高的41分，另有6个篮板和8次助攻进账。", "41分", "得分"),
    ("东湖队后卫李明轩砍下职业生涯新高的41分，另有6个篮板和8次助攻进账。", "8次", "助攻进账"),
    ("该公司注册资本人民币5000万元。", "5000万元", "注册资本"),
    ("他们已经被安排到麦理浩夫人度假村接受医学观察一个礼拜。", "一个礼拜", "接受医学观察"),
    ("他也是火箭当前年薪最高的球员，可也仅仅是千万美元出头。", "千万美元", "年薪"),
    ("4.3英寸高清屏幕 昂达VX585HD仅售399元", "399元", "售价"),
    ("普通债券型基金仅一只下挫，东方稳健回报涨0.51%居首。", "0.51%", "涨幅"),
    ("这款手机搭载6.7英寸OLED屏幕。", "6.7英寸", "OLED屏幕"),
    ("这款手机配备6.7英寸屏幕和5000毫安电池。", "6.7英寸", "屏幕"),
    # a duration that ends its clause with 内 measures the next clause
    ("眩晕：使用后单体目标，3回合内，无法做出任何动作。", "3回合", "无法做出任何动作"),
    ("窗口收到申请后，20个工作日内，作出是否准予许可的决定。", "20个工作日", "作出是否准予许可的决定"),
    # a note on the measure word does not end the words after it
    ("支持在上海市、重庆市、深圳市、河北雄安新区等6市（区）扩大金融科技创新监管试点。", "6市", "扩大金融科技创新监管试点"),
    ("全省10个县（市、区）、86个乡镇受灾。", "10个", "县"),
    # 市/县/乡 after the subject is its suffix only as a word of its own (全县|乡镇企业, 俄罗斯|市场销量)
    ("今年一至九月，全县乡镇企业总产值达到十二亿三千万元。", "十二亿三千万元", "乡镇企业总产值"),
    ("莱西市姜山镇新建企业12家。", "12家", "新建企业"),
    ("另配备一颗6倍光学变焦的潜望式长焦镜头。", "6倍", "光学变焦"),
    # a scene (在…中) and what precedes it go; a rank keeps it as its range
    ("门德斯上赛季代表维多利亚竞技在各项赛事中出场38次。", "38次", "出场"),
    ("该机型在同价位段安卓手机中的市场份额达到11%。", "11%", "市场份额"),
    ("新能源汽车在总销量中的占比达到43.4%。", "43.4%", "总销量中的占比"),
    # a noun glued to a derived word (药|占比) is a measure of its own, not a share of the metric before
    ("医院住院患者次均费用为7850元，比上年下降3.6%；药占比降至24.3%。", "24.3%", "药占比"),
    # a record word alone before a level reached says how far, the clause before says what
    ("多家银行下调首套房贷利率 最低降至3.65%", "3.65%", "房贷利率"),
    # a duration that modifies a noun measures that noun, when it is one (not a clause)
    ("经过5个小时的紧急救援，被困人员全部获救。", "5个小时", "紧急救援"),
    # words after a figure are a plain metric that a later change is read against
    ("今年全省共有68.3万人报名参加高考，比去年增加2.1万人。", "2.1万人", "报名参加高考增加"),
    # a comparison with the usual (较常年同期) goes like one with last year
    ("四川盆地东部降水量较常年同期偏少七成。", "七成", "东部降水量偏少"),
    # examples closed by 等 go; the verb before them and the kind after them stay
    ("南平市组织消防、武警、民兵等救援力量1800余人参与抢险。", "1800余人", "组织救援力量参与抢险"),
    # a range word (中, 里) ends the noun after a figure; what follows belongs to the next figure
    ("公民联盟在议会230个议席中赢得86席。", "230个", "议会议席"),
    ("公民联盟在议会230个议席中赢得86席。", "86席", "赢得"),
    # a record word before a counted noun says how good it was, the noun what was counted
    ("巨鲸队外援马库斯·里德拿下全队最高的27分和11个篮板。", "11个", "篮板"),
    # a count or share right after the group it is part of: what that part did, and the group's noun
    ("积极配置型基金逾半数飘红。保守配置型基金仅一只下挫，兴业转债基金涨幅居首。", "一只", "下挫基金"),
    ("积极配置型基金逾半数飘红。保守配置型基金仅一只下挫，兴业转债基金涨幅居首。", "半数", "飘红基金"),
    ("该公司裁员300人。", "300人", "裁员"),
    ("今年游客同比增长12%。", "12%", "同比增长"),
    # an ordinal of a noun and a closed bracket stay in a metric, as the article writes them
    ("全年全市地区生产总值（GDP）20059亿元，比上年增长5.6%。", "20059亿元", "地区生产总值（GDP）"),
    ("全年全市地区生产总值(GDP)20059亿元，比上年增长5.6%。", "20059亿元", "地区生产总值(GDP)"),
    ("全年全市地区生产总值（GDP）20059亿元，比上年增长5.6%。", "5.6%", "地区生产总值(GDP)增长"),
    ("其中，第一产业增加值367亿元，增长2.0%。", "367亿元", "第一产业增加值"),
    ("杭州市统计公报\n\n年末全市常住人口1252.2万人，比上年末增加14.6万人。", "1252.2万人", "常住人口"),
    # a time word may stand before a bare verb (今日|开展)
    ("央行今日开展2000亿元7天期逆回购操作。", "2000亿元", "开展7天期逆回购操作"),
    # a place after 在 goes with it, whether the 在 was cut already or not
    ("宁德时代拟在匈牙利投资73.4亿欧元建设电池工厂。", "73.4亿欧元", "投资"),
    # 这次, 本次, 此次 open no metric
    ("本次公开发行新股4500万股。", "4500万股", "公开发行新股"),
    ("这次考试共有3000余名考生参加。", "3000余名", "考试考生参加"),
    # a time window is the figure's period, no part of what it measures
    ("乌克兰方面称，俄军在过去24小时内发动了40次袭击。", "40次", "俄军发动袭击"),
    ("过去24小时内，俄军发动了40次袭击。", "40次", "发动袭击"),
    # how a figure was worked out is no part of what it measures
    ("该股按首日收盘价计算的市盈率为2.6倍。", "2.6倍", "市盈率"),
    ("二季度实际国内生产总值环比增长0.8%，按年率计算增长3.1%。", "3.1%", "实际国内生产总值按年率计算增长"),
    # a joiner that ends a word is no joiner (参与)
    ("这次活动有5家电商平台参与。", "5家", "电商平台参与"),
    # a name that only modifies what is counted, after the verb, leaves the verb in the metric
    ("代理商夏先生说，今年还关了南京的两家专卖店。", "两家", "关了南京专卖店"),
    # words after a figure cut at the length cap end after a whole word
    ("各地要实现60%以上的养老机构符合《养老机构服务安全基本规范》强制性国家标准。", "60%", "养老机构符合《养老机构服务安全基本规范》强制性"),
    # a counted noun keeps a short account of what it did, not a long one
    ("现场有400多名建设者正配合验收。", "400多名", "建设者正配合验收"),
    ("5000多名农业生产人员奔走在田间地头和实验室为插秧做准备。", "5000多名", "农业生产人员"),
    ("截至2023年末，全国60岁及以上人口达到2.97亿人。", "2.97亿人", "人口"),
    ("该基金最新规模为56.3亿元，今年以来收益率已由负转正，达到3.12%。", "3.12%", "收益率"),
    ("这部纪录片共五集，每集50分钟。", "五集", "集数"),
    ("2023年全国粮食总产量13908.2亿斤，比上年增加177.6亿斤，连续9年稳定在1.3万亿斤以上。", "1.3万亿斤", "粮食总产量"),
    # a rank verb inside: what is ranked before it, the range after it, and 排名 once
    ("辽宁队以13胜2负的战绩排名联赛第二。", "第二", "战绩联赛排名"),
    ("一九九八年全县工农业总产值完成四亿三千万元，比上年增长百分之十二点五。", "四亿三千万元", "工农业总产值"),
    ("一九九八年全县工农业总产值完成四亿三千万元，比上年增长百分之十二点五。", "百分之十二点五", "工农业总产值增长"),
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
    ("强降雨共造成房屋倒塌217间。", "217间", None),
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


def test_anaphor_subject_has_no_entity(config) -> None:
    claims = attributed("全县粮食产量增长5%。", config)
    assert claims and claims[0]["subject"] == "全县" and claims[0]["subject_entity_id"] is None


@pytest.mark.parametrize(("metric", "want"), [
    ("》上线首日即登顶国家和地区", "上线首日即登顶国家和地区"),
    ("调整为“", "调整为"),
    ("顶层设计为“一超多专”平台", "顶层设计为“一超多专”平台"),
    ("投资者每中一签)可浮盈", "投资者每中一签)可浮盈"),
])
def test_a_metric_has_no_dangling_quote_at_its_edges(metric: str, want: str) -> None:
    from pipeline.attribution.tidy import _balanced
    assert _balanced(metric) == want


def test_a_byline_without_a_date_opens_no_metric(config) -> None:
    """本报讯（记者 黎晓 实习生 周然） is a dateline with its byline even without a date: never a metric."""
    claims = attributed("书博会闭幕\n\n本报讯（记者 黎晓 实习生 周然）5月20日，为期五天的书博会在武汉闭幕。", config)
    assert claims and all("记者" not in (c["metric"] or "") for c in claims)


def test_words_of_a_figure_are_never_a_subject(config) -> None:
    """万人 of 1342|万人 is no noun phrase, though the tagger reads it as a noun."""
    claims = attributed("今年高考报名人数达1342万人，比去年增加51万人。", config)
    assert [c["surface"] for c in claims] == ["1342万人", "51万人"]
    assert all(c["subject"] != "万人" for c in claims)


def test_byline_person_is_never_the_subject(config) -> None:
    claims = attributed("本报讯（记者 陈思远）昨日，营业收入增长5%。", config)
    assert claims and claims[0]["subject"] is None


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
