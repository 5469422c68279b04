"""One-line claim cases: a sentence, the claim's exact surface, and how it must be read.

The sentences are written for these tests (not taken from the seed articles) and cover every
kind and qualifier, ranges, from-to pairs, numeral forms, currencies, the spec's examples, the
decisions configs/claims.toml records where the spec is silent, and a block of not-claims.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from pipeline.claims import claims
from pipeline.normalise import normalise
from pipeline.patterns import load_claims_config
from pipeline.segment import tokenizer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def setup():
    errors: list[str] = []
    config = load_claims_config(tomllib.loads((ROOT / "configs" / "claims.toml").read_text("utf-8")), errors)
    assert errors == []
    return config, tokenizer(ROOT / "configs" / "userdict.txt")


def run(sentence: str, setup) -> list[dict]:
    config, tok = setup
    norm = normalise(sentence, config.joinable_words)
    return claims("t", sentence, norm, [0], config, tok)


def span_of(sentence: str, surface: str) -> tuple[int, int]:
    assert surface in sentence, f"{surface!r} is not in {sentence!r}"
    start = sentence.index(surface)
    return start, start + len(surface)


# (sentence, surface, kind, value, value_high, unit, qualifier)
MONEY = [
    ("农村居民人均可支配收入中位数15860元。", "15860元", "money", 15860, None, "CNY", "exact"),
    ("职工平均数工资为8200元。", "8200元", "money", 8200, None, "CNY", "exact"),
    ("全年完成地区生产总值6123.45亿元，同比增长4.8%。", "6123.45亿元", "money", 612345000000, None, "CNY", "exact"),
    ("该基金会累计募集善款3亿5000多万元。", "3亿5000多万元", "money", 350000000, None, "CNY", "over"),
    ("全市数字经济核心产业营收突破千亿元大关。", "千亿元", "money", 1e11, None, "CNY", "over"),
    ("对获评企业给予一次性奖励200万元。", "200万元", "money", 2000000, None, "CNY", "exact"),
    ("海关统计进出口总值2288.7亿元人民币。", "2288.7亿元人民币", "money", 228870000000, None, "CNY", "exact"),
    ("公司第三季度净利润为12.6亿美元。", "12.6亿美元", "money", 1260000000, None, "USD", "exact"),
    ("港交所上市首日募资约45亿港元。", "45亿港元", "money", 4500000000, None, "HKD", "approx"),
    ("他的年薪也就是千万美元出头。", "千万美元", "money", 1e7, None, "USD", "over"),
    ("项目获得欧盟约3000万欧元资助。", "3000万欧元", "money", 30000000, None, "EUR", "approx"),
    ("丰田计划投资1.5万亿日元建设电池工厂。", "1.5万亿日元", "money", 1.5e12, None, "JPY", "exact"),
    ("该球员转会费高达8000万英镑。", "8000万英镑", "money", 80000000, None, "GBP", "exact"),
    ("三星电子营业利润达到14.1万亿韩元。", "14.1万亿韩元", "money", 1.41e13, None, "KRW", "exact"),
    ("该公司市值超过2万亿美元。", "2万亿美元", "money", 2e12, None, "USD", "over"),
    ("县财政安排专项资金三千五百万元。", "三千五百万元", "money", 35000000, None, "CNY", "exact"),
    ("两亿元资金已全部拨付到位。", "两亿元", "money", 200000000, None, "CNY", "exact"),
    ("合同金额为5亿1万4千6百元。", "5亿1万4千6百元", "money", 500014600, None, "CNY", "exact"),
    ("城镇居民人均可支配收入４５６７８元。", "４５６７８元", "money", 45678, None, "CNY", "exact"),
    ("企业实缴税款1,234,567元。", "1,234,567元", "money", 1234567, None, "CNY", "exact"),
    ("该片区计划总投资400亿，建设周期五年。", "400亿", "money", 40000000000, None, "CNY", "exact"),
    ("马丁的年薪超过千万美元，洛瑞的年薪是575万。", "575万", "money", 5750000, None, "USD", "exact"),
    ("今年以来新增贷款1200亿。", "1200亿", "money", 120000000000, None, "CNY", "exact"),
    ("新建商品住宅成交均价为每平方米1.8万元。", "1.8万元", "money", 18000, None, "CNY", "exact"),
    ("二手房挂牌均价32000元/平方米。", "32000元/平方米", "money", 32000, None, "CNY", "exact"),
    ("螺纹钢现货价格报4350元/吨。", "4350元/吨", "money", 4350, None, "CNY", "exact"),
    ("布伦特原油期货收于每桶82.5美元。", "82.5美元", "money", 82.5, None, "USD", "exact"),
    ("国际油价一度跌至65美元/桶。", "65美元/桶", "money", 65, None, "USD", "exact"),
    ("该股收盘报356.8港元。", "356.8港元", "money", 356.8, None, "HKD", "exact"),
    ("台积电去年营收新台币2.1万亿元。", "2.1万亿元", "money", 2.1e12, None, "TWD", "exact"),
    ("引进一百多万元的检测设备。", "一百多万元", "money", 1000000, None, "CNY", "over"),
    ("项目总投资约12.5亿元。", "12.5亿元", "money", 1250000000, None, "CNY", "approx"),
    ("工程造价不超过800万元。", "800万元", "money", 8000000, None, "CNY", "under"),
    ("基本每股收益0.86元。", "0.86元", "money", 0.86, None, "CNY", "exact"),
    ("预计销售额在3亿至5亿美元之间。", "3亿至5亿美元", "money", 300000000, 500000000, "USD", "range"),
    ("展品单价在5000-8000元之间。", "5000-8000元", "money", 5000, 8000, "CNY", "range"),
    ("每户补助3万至5万元不等。", "3万至5万元", "money", 30000, 50000, "CNY", "range"),
    ("企业获得授信逾百亿元。", "百亿元", "money", 1e10, None, "CNY", "over"),
    ("捐赠价值近千万元的物资。", "千万元", "money", 1e7, None, "CNY", "nearly"),
    ("全年财政收入达到八百六十亿元。", "八百六十亿元", "money", 86000000000, None, "CNY", "exact"),
    ("设立规模为十亿元的产业基金。", "十亿元", "money", 1000000000, None, "CNY", "exact"),
    ("俄方支付了5000万卢布。", "5000万卢布", "money", 50000000, None, "RUB", "exact"),
    ("合同价值1.2亿澳元。", "1.2亿澳元", "money", 120000000, None, "AUD", "exact"),
    ("新加坡淡马锡追加投资2亿新加坡元。", "2亿新加坡元", "money", 200000000, None, "SGD", "exact"),
    ("监管机构开出300万瑞士法郎罚单。", "300万瑞士法郎", "money", 3000000, None, "CHF", "exact"),
    ("发放消费券1600万元以上。", "1600万元", "money", 16000000, None, "CNY", "over"),
    ("人均培训成本降至500元以下。", "500元", "money", 500, None, "CNY", "under"),
    ("获赔十余万元。", "十余万元", "money", 100000, None, "CNY", "over"),
    ("公司全年净亏损-2.3亿元。", "-2.3亿元", "money", -230000000, None, "CNY", "exact"),
    ("总市值约合4800亿港元。", "4800亿港元", "money", 480000000000, None, "HKD", "approx"),
    ("居民人均可支配收入32189元，比上年增长9.1%。", "32189元", "money", 32189, None, "CNY", "exact"),
    ("社会消费品零售总额44万亿元。", "44万亿元", "money", 4.4e13, None, "CNY", "exact"),
    ("营收1234.56亿元，归母净利润89.1亿元。", "89.1亿元", "money", 8910000000, None, "CNY", "exact"),
    ("电影票房突破50亿，创下纪录。", "50亿", "money", 5000000000, None, "CNY", "over"),
    ("１９９８年全市国内生产总值达到１２３．４亿元。", "１２３．４亿元", "money", 12340000000, None, "CNY", "exact"),
    ("产值达三千多万元。", "三千多万元", "money", 30000000, None, "CNY", "over"),
    ("每股派发现金红利1.5港元。", "1.5港元", "money", 1.5, None, "HKD", "exact"),
    ("企业上报的投资额为1.2万亿新台币。", "1.2万亿新台币", "money", 1.2e12, None, "TWD", "exact"),
    ("单价为１２，３４５元。", "１２，３４５元", "money", 12345, None, "CNY", "exact"),
]

PERCENT = [
    ("增长率为百分之五十点五。", "百分之五十点五", "percent", 50.5, None, "%", "exact"),
    ("全市规模以上工业增加值同比增长6.3%。", "6.3%", "percent", 6.3, None, "%", "exact"),
    ("全国居民消费价格同比上涨2.1%。", "2.1%", "percent", 2.1, None, "%", "exact"),
    ("一般贸易出口同比下降3.8%。", "3.8%", "percent", 3.8, None, "%", "exact"),
    ("社会消费品零售总额环比增长0.4%。", "0.4%", "percent", 0.4, None, "%", "exact"),
    ("研发投入占比达50%以上。", "50%", "percent", 50, None, "%", "over"),
    ("城镇化率提高到百分之四十。", "百分之四十", "percent", 40, None, "%", "exact"),
    ("粮食产量增长百分之三点五。", "百分之三点五", "percent", 3.5, None, "%", "exact"),
    ("市场份额达到38.27%。", "38.27%", "percent", 38.27, None, "%", "exact"),
    ("物流成本降低10%-15%。", "10%-15%", "percent", 10, 15, "%", "range"),
    ("利润率预计为8-12%。", "8-12%", "percent", 8, 12, "%", "range"),
    ("销售收入增长４５．６％。", "４５．６％", "percent", 45.6, None, "%", "exact"),
    ("约有七成受访者表示满意。", "七成", "percent", 70, None, "%", "approx"),
    ("超九成企业已经复工。", "九成", "percent", 90, None, "%", "over"),
    ("三分之一的资金用于研发。", "三分之一", "percent", 33.33, None, "%", "exact"),
    ("一半以上的乡镇实现全覆盖。", "一半", "percent", 50, None, "%", "over"),
    ("调查失业率为5.2%左右。", "5.2%", "percent", 5.2, None, "%", "approx"),
    ("全年增速不到3%。", "3%", "percent", 3, None, "%", "under"),
    ("价格涨幅不超过5%。", "5%", "percent", 5, None, "%", "under"),
    ("不良贷款率降至1%以下。", "1%", "percent", 1, None, "%", "under"),
    ("将近40%的订单来自海外。", "40%", "percent", 40, None, "%", "nearly"),
    ("覆盖率接近95%。", "95%", "percent", 95, None, "%", "nearly"),
    ("跨境电商交易额同比增长逾30%。", "30%", "percent", 30, None, "%", "over"),
    ("降幅收窄至2.5%以内。", "2.5%", "percent", 2.5, None, "%", "under"),
    ("人口自然增长率为千分之五。", "千分之五", "percent", 0.5, None, "%", "exact"),
    ("人口出生率为7.52‰。", "7.52‰", "percent", 0.752, None, "%", "exact"),
    ("三成多的企业扩大了投资。", "三成", "percent", 30, None, "%", "over"),
    ("群众满意度达100%。", "100%", "percent", 100, None, "%", "exact"),
    ("农村网民占比近六成。", "六成", "percent", 60, None, "%", "nearly"),
    ("出口额增长了百分之八十五。", "百分之八十五", "percent", 85, None, "%", "exact"),
    ("利润增速为-3.5%。", "-3.5%", "percent", -3.5, None, "%", "exact"),
    ("约占三成的份额来自出口。", "三成", "percent", 30, None, "%", "approx"),
    ("五六成的用户选择线上办理。", "五六成", "percent", 50, 60, "%", "range"),
    ("建议仓位控制在三到五成。", "三到五成", "percent", 30, 50, "%", "range"),
    ("降幅在2至3成之间。", "2至3成", "percent", 20, 30, "%", "range"),
    ("至少20%的席位留给青年。", "20%", "percent", 20, None, "%", "over"),
    ("近五分之二的企业开展了数字化改造。", "五分之二", "percent", 40, None, "%", "nearly"),
    ("超过半数的家庭购买了保险。", "半数", "percent", 50, None, "%", "over"),
    ("CPI同比上涨0.2%，PPI同比下降1.5%。", "1.5%", "percent", 1.5, None, "%", "exact"),
    ("年均增长7%上下。", "7%", "percent", 7, None, "%", "approx"),
    ("全市森林覆盖率达到42.3%以上。", "42.3%", "percent", 42.3, None, "%", "over"),
    ("规模以上工业企业利润下降2.0％。", "2.0％", "percent", 2, None, "%", "exact"),
]

POINTS = [
    ("政策利率预计再下调10至15个基点。", "10至15个基点", "percentage_point", 0.1, 0.15, "pp", "range"),
    ("高技术制造业占比提高1.8个百分点。", "1.8个百分点", "percentage_point", 1.8, None, "pp", "exact"),
    ("城镇登记失业率下降0.5个百分点。", "0.5个百分点", "percentage_point", 0.5, None, "pp", "exact"),
    ("增速高出全国平均水平两个百分点。", "两个百分点", "percentage_point", 2, None, "pp", "exact"),
    ("每年降低一个百分点。", "一个百分点", "percentage_point", 1, None, "pp", "exact"),
    ("增幅回落0.3至0.5个百分点。", "0.3至0.5个百分点", "percentage_point", 0.3, 0.5, "pp", "range"),
    ("降幅收窄3百分点。", "3百分点", "percentage_point", 3, None, "pp", "exact"),
    ("拉动经济增长约0.8个百分点。", "0.8个百分点", "percentage_point", 0.8, None, "pp", "approx"),
    ("一年期贷款市场报价利率下降25个基点。", "25个基点", "percentage_point", 0.25, None, "pp", "exact"),
    ("美联储宣布加息75基点。", "75基点", "percentage_point", 0.75, None, "pp", "exact"),
    ("存款准备金率下调0.25个百分点。", "0.25个百分点", "percentage_point", 0.25, None, "pp", "exact"),
    ("占比提升超过3个百分点。", "3个百分点", "percentage_point", 3, None, "pp", "over"),
]

COUNTS = [
    ("全年举办农民技术培训班130余期。", "130余期", "count", 130, None, "期", "over"),
    ("全镇新增万元户36户。", "36户", "count", 36, None, "户", "exact"),
    ("全市共有高新技术企业5812家。", "5812家", "count", 5812, None, "家", "exact"),
    ("新增市场主体近20万户。", "20万户", "count", 200000, None, "户", "nearly"),
    ("城镇新增就业1100万人以上。", "1100万人", "count", 11000000, None, "人", "over"),
    ("年末全国总人口141175万人。", "141175万人", "count", 1411750000, None, "人", "exact"),
    ("景区接待游客1.2万人次。", "1.2万人次", "count", 12000, None, "人次", "exact"),
    ("今年开行中欧班列620列。", "620列", "count", 620, None, "列", "exact"),
    ("法院受理案件283件。", "283件", "count", 283, None, "件", "exact"),
    ("监管部门抽检食品96批次。", "96批次", "count", 96, None, "批次", "exact"),
    ("银行发放贷款3.5万笔。", "3.5万笔", "count", 35000, None, "笔", "exact"),
    ("新建5G基站3.2万个。", "3.2万个", "count", 32000, None, "个", "exact"),
    ("平台累计服务2.6亿用户。", "2.6亿用户", "count", 260000000, None, "用户", "exact"),
    ("业务覆盖8大行业。", "8大行业", "count", 8, None, "行业", "exact"),
    ("产品分为四大类。", "四大类", "count", 4, None, "类", "exact"),
    ("公司本次发行新股1亿股。", "1亿股", "count", 100000000, None, "股", "exact"),
    ("两市全天成交4.12亿手。", "4.12亿手", "count", 412000000, None, "手", "exact"),
    ("医院拥有员工一千二百三十四名。", "一千二百三十四名", "count", 1234, None, "名", "exact"),
    ("项目吸纳就业四万五千人。", "四万五千人", "count", 45000, None, "人", "exact"),
    ("全县建成二十五个示范村。", "二十五个", "count", 25, None, "个", "exact"),
    ("园区引进一百多家企业。", "一百多家", "count", 100, None, "家", "over"),
    ("已有两家企业在科创板上市。", "两家", "count", 2, None, "家", "exact"),
    ("学校组织了二三十个社团。", "二三十个", "count", 20, 30, "个", "range"),
    ("节日期间六七万人涌入景区。", "六七万人", "count", 60000, 70000, "人", "range"),
    ("每组安排5~8个学员。", "5~8个", "count", 5, 8, "个", "range"),
    ("计划培育3至5家龙头企业。", "3至5家", "count", 3, 5, "家", "range"),
    ("今年招聘500余名教师。", "500余名", "count", 500, None, "名", "over"),
    ("全年举办活动120余场。", "120余场", "count", 120, None, "场", "over"),
    ("新建30所中小学。", "30所", "count", 30, None, "所", "exact"),
    ("航空公司订购8架客机。", "8架", "count", 8, None, "架", "exact"),
    ("船厂交付2艘货轮。", "2艘", "count", 2, None, "艘", "exact"),
    ("央行年内两次下调准备金率。", "两次", "count", 2, None, "次", "exact"),
    ("全市推出15个攻势。", "15个", "count", 15, None, "个", "exact"),
    ("重点打造13条产业链。", "13条", "count", 13, None, "条", "exact"),
    ("三家政策性银行：国开行、进出口银行和农发行。", "三家", "count", 3, None, "家", "exact"),
    ("全省共有1,234家医院。", "1,234家", "count", 1234, None, "家", "exact"),
    ("累计培训１２３名骨干。", "１２３名", "count", 123, None, "名", "exact"),
    ("约4000家企业参与活动。", "4000家", "count", 4000, None, "家", "approx"),
    ("吸引了逾千家企业参展。", "千家", "count", 1000, None, "家", "over"),
    ("近千名志愿者参加服务。", "千名", "count", 1000, None, "名", "nearly"),
    ("万余人参加了马拉松比赛。", "万余人", "count", 10000, None, "人", "over"),
    ("百余家单位参与共建。", "百余家", "count", 100, None, "家", "over"),
    ("落户企业达到5000个以上。", "5000个", "count", 5000, None, "个", "over"),
    ("超过3000家企业接入平台。", "3000家", "count", 3000, None, "家", "over"),
    ("每个街道不少于20个网格。", "20个", "count", 20, None, "个", "over"),
    ("不到10家企业提交了申请。", "10家", "count", 10, None, "家", "under"),
    ("项目数量在50个左右。", "50个", "count", 50, None, "个", "approx"),
    ("惠及1800万户家庭。", "1800万户", "count", 18000000, None, "户", "exact"),
    ("出动执法人员3000余人次。", "3000余人次", "count", 3000, None, "人次", "over"),
    ("微信支付覆盖3.4亿用户。", "3.4亿用户", "count", 340000000, None, "用户", "exact"),
    ("平台连接近70万家供应商。", "70万家", "count", 700000, None, "家", "nearly"),
    ("全年签约项目3713个。", "3713个", "count", 3713, None, "个", "exact"),
    ("入驻企业达到1833家。", "1833家", "count", 1833, None, "家", "exact"),
    ("人才总量增至230万人。", "230万人", "count", 2300000, None, "人", "exact"),
    ("铁路部门加开列车1200列。", "1200列", "count", 1200, None, "列", "exact"),
    ("查处违法案件414件。", "414件", "count", 414, None, "件", "exact"),
    ("共派出111批次服务队。", "111批次", "count", 111, None, "批次", "exact"),
    ("民政部等五部门日前提出要求。", "五部门", "count", 5, None, "部门", "exact"),
    ("五部电影同日上映。", "五部", "count", 5, None, "部", "exact"),
    ("生猪出栏5000万头。", "5000万头", "count", 50000000, None, "头", "exact"),
    ("生产口罩500万只。", "500万只", "count", 5000000, None, "只", "exact"),
    ("全市已有1.6万家规上企业。", "1.6万家", "count", 16000, None, "家", "exact"),
    ("该行业出生人口956万人。", "956万人", "count", 9560000, None, "人", "exact"),
    ("最多3人可以同时办理。", "3人", "count", 3, None, "人", "under"),
    ("已签约70多家企业。", "70多家", "count", 70, None, "家", "over"),
    ("举办招聘会12场，提供岗位3.5万个。", "3.5万个", "count", 35000, None, "个", "exact"),
    ("不足百人的小微企业。", "百人", "count", 100, None, "人", "under"),
]

QUANTITIES = [
    ("上证指数收报3052.37点，跌12.6点。", "3052.37点", "quantity", 3052.37, None, "点", "exact"),
    ("沪指将在3000点至3100点之间震荡。", "3000点至3100点", "quantity", 3000, 3100, "点", "range"),
    ("新机配备6.78英寸屏幕和6100毫安时电池。", "6100毫安时", "quantity", 6100, None, "毫安时", "exact"),
    ("配备6.78英寸OLED屏幕。", "6.78英寸", "quantity", 6.78, None, "英寸", "exact"),
    ("主摄为5000万像素。", "5000万像素", "count", 50000000, None, "像素", "exact"),
    ("日产量10kg左右。", "10kg", "quantity", 10, None, "kg", "approx"),
    ("支持120瓦快充。", "120瓦", "quantity", 120, None, "瓦", "exact"),
    ("他以6米82的成绩获得跳远冠军。", "6米82", "quantity", 6.82, None, "米", "exact"),
    ("日收获能力最高达到960万亩。", "960万亩", "quantity", 9600000, None, "亩", "exact"),
    ("动力电池装机量达到182.5GWh。", "182.5GWh", "quantity", 182.5, None, "GWh", "exact"),
    ("储能电站容量为300MWh。", "300MWh", "quantity", 300, None, "MWh", "exact"),
    ("全县平均亩产806.2公斤。", "806.2公斤", "quantity", 806.2, None, "公斤", "exact"),
    ("新增高标准农田380万亩。", "380万亩", "quantity", 3800000, None, "亩", "exact"),
    ("每次运送10余吨物资。", "10余吨", "quantity", 10, None, "吨", "over"),
    ("新区规划面积52平方公里。", "52平方公里", "quantity", 52, None, "平方公里", "exact"),
    ("全市粮食总产量6.8万吨。", "6.8万吨", "quantity", 68000, None, "吨", "exact"),
    ("全国商品房销售面积1.2亿平方米。", "1.2亿平方米", "quantity", 120000000, None, "平方米", "exact"),
    ("改造老旧小区30万平方米。", "30万平方米", "quantity", 300000, None, "平方米", "exact"),
    ("风电装机容量达到3000万千瓦。", "3000万千瓦", "quantity", 30000000, None, "千瓦", "exact"),
    ("全社会用电量8.6万亿千瓦时。", "8.6万亿千瓦时", "quantity", 8.6e12, None, "千瓦时", "exact"),
    ("新建高速公路120公里。", "120公里", "quantity", 120, None, "公里", "exact"),
    ("参赛选手平均年龄为35岁。", "35岁", "quantity", 35, None, "岁", "exact"),
    ("当日最高气温达到38℃。", "38℃", "quantity", 38, None, "摄氏度", "exact"),
    ("港口完成集装箱吞吐量2200万标准箱。", "2200万标准箱", "quantity", 22000000, None, "标准箱", "exact"),
    ("油田日均产量约50万桶。", "50万桶", "quantity", 500000, None, "桶", "approx"),
    ("完成造林1.5万公顷。", "1.5万公顷", "quantity", 15000, None, "公顷", "exact"),
    ("部分地区降雨量超过200毫米。", "200毫米", "quantity", 200, None, "毫米", "over"),
    ("参训学员年龄在30-40岁之间。", "30-40岁", "quantity", 30, 40, "岁", "range"),
    ("列车最高时速可达350公里/小时。", "350公里/小时", "quantity", 350, None, "公里/小时", "exact"),
    ("全年粮食产量13657亿斤。", "13657亿斤", "quantity", 1365700000000, None, "斤", "exact"),
    ("钢厂年产一百二十万吨钢材。", "一百二十万吨", "quantity", 1200000, None, "吨", "exact"),
    ("十二三岁的孩子最容易近视。", "十二三岁", "quantity", 12, 13, "岁", "range"),
    ("夜间最低气温降至-5℃。", "-5℃", "quantity", -5, None, "摄氏度", "exact"),
    ("北方最低气温零下12℃。", "零下12℃", "quantity", -12, None, "摄氏度", "exact"),
    ("细颗粒物平均浓度为35微克/立方米。", "35微克/立方米", "quantity", 35, None, "微克/立方米", "exact"),
    ("处理污水1000立方米。", "1000立方米", "quantity", 1000, None, "立方米", "exact"),
    ("黄金储备增至2000吨左右。", "2000吨", "quantity", 2000, None, "吨", "approx"),
    ("年处理垃圾不少于10万吨。", "10万吨", "quantity", 100000, None, "吨", "over"),
]

DURATIONS = [
    ("她以2分03秒57打破赛会纪录。", "2分03秒57", "duration", 123.57, None, "秒", "exact"),
    ("他在决赛中跑出9秒83的成绩。", "9秒83", "duration", 9.83, None, "秒", "exact"),
    ("乘高铁到省城只需半个小时。", "半个小时", "duration", 0.5, None, "小时", "exact"),
    ("按近6个月平均销售速度计算，去化周期为15个月。", "15个月", "duration", 15, None, "月", "exact"),
    ("企业开办审批时间压缩至3天。", "3天", "duration", 3, None, "天", "exact"),
    ("检测结果72小时内反馈。", "72小时", "duration", 72, None, "小时", "exact"),
    ("办结时限缩短为五个工作日。", "五个工作日", "duration", 5, None, "工作日", "exact"),
    ("集中培训为期两个半月。", "两个半月", "duration", 2.5, None, "月", "exact"),
    ("每次充电仅需8-10分钟。", "8-10分钟", "duration", 8, 10, "分钟", "range"),
    ("项目建设周期为3至5年。", "3至5年", "duration", 3, 5, "年", "range"),
    ("他深耕行业30多年。", "30多年", "duration", 30, None, "年", "over"),
    ("施工持续了三个多月。", "三个多月", "duration", 3, None, "月", "over"),
    ("大桥建设历时一年半。", "一年半", "duration", 1.5, None, "年", "exact"),
    ("手术耗时4个半小时。", "4个半小时", "duration", 4.5, None, "小时", "exact"),
    ("全程用时3小时20分钟。", "3小时20分钟", "duration", 200, None, "分钟", "exact"),
    ("历时1小时45分完成。", "1小时45分", "duration", 105, None, "分钟", "exact"),
    ("火箭飞行用时45秒。", "45秒", "duration", 45, None, "秒", "exact"),
    ("生产线停工两周。", "两周", "duration", 2, None, "周", "exact"),
    ("工期约18个月。", "18个月", "duration", 18, None, "月", "approx"),
    ("每天工作不超过8小时。", "8小时", "duration", 8, None, "小时", "under"),
    ("救援队伍连续奋战近20天。", "20天", "duration", 20, None, "天", "nearly"),
    ("企业用了48小时完成转产。", "48小时", "duration", 48, None, "小时", "exact"),
    ("项目已运行3年以上。", "3年", "duration", 3, None, "年", "over"),
    ("展期为10天左右。", "10天", "duration", 10, None, "天", "approx"),
    ("轮换周期为六个季度。", "六个季度", "duration", 6, None, "季度", "exact"),
    ("比计划提前3天完工。", "3天", "duration", 3, None, "天", "exact"),
    ("平均等候时间缩短为4-5分钟。", "4-5分钟", "duration", 4, 5, "分钟", "range"),
    ("该村已有2000多年历史。", "2000多年", "duration", 2000, None, "年", "over"),
]

MULTIPLES = [
    ("出口额增长了1.5倍。", "1.5倍", "multiple", 1.5, None, "倍", "exact"),
    ("产能扩大到原来的3倍。", "3倍", "multiple", 3, None, "倍", "exact"),
    ("生产效率提升2-3倍。", "2-3倍", "multiple", 2, 3, "倍", "range"),
    ("线上销量增长近100倍。", "100倍", "multiple", 100, None, "倍", "nearly"),
    ("交易额同比增长一倍。", "一倍", "multiple", 1, None, "倍", "exact"),
    ("是去年同期的十倍。", "十倍", "multiple", 10, None, "倍", "exact"),
    ("订单量增长超过5倍。", "5倍", "multiple", 5, None, "倍", "over"),
    ("十年间居民收入翻了一番。", "一番", "multiple", 2, None, "倍", "exact"),
    ("力争经济总量翻两番。", "两番", "multiple", 4, None, "倍", "exact"),
    ("用电量是十年前的220倍。", "220倍", "multiple", 220, None, "倍", "exact"),
]

RANKS = [
    ("经济总量位居全国第七名。", "第七名", "rank", 7, None, "名", "exact"),
    ("出口增速居北方第2。", "第2", "rank", 2, None, "名", "exact"),
    ("综合实力位居第一。", "第一", "rank", 1, None, "名", "exact"),
    ("日本居第二，韩国居第三。", "第二", "rank", 2, None, "名", "exact"),
    ("数字经济规模全省第一。", "第一", "rank", 1, None, "名", "exact"),
    ("该市排名第3位。", "第3位", "rank", 3, None, "名", "exact"),
    ("跃居全球第二。", "第二", "rank", 2, None, "名", "exact"),
    ("货物吞吐量位列全国第五。", "第五", "rank", 5, None, "名", "exact"),
    ("他在全国技能大赛中获得第一名。", "第一名", "rank", 1, None, "名", "exact"),
    ("在同类城市中排第4。", "第4", "rank", 4, None, "名", "exact"),
    ("营商环境评价居全省首位。", "首位", "rank", 1, None, "名", "exact"),
    ("在年度考核中位列榜首。", "榜首", "rank", 1, None, "名", "exact"),
]

# A change from one figure to another is two exact claims (spec: not a range).
FROM_TO = [
    ("全国经济总量从11万亿元增长到56.1万亿元。", "11万亿元", "money", 1.1e13, None, "CNY", "exact"),
    ("全国经济总量从11万亿元增长到56.1万亿元。", "56.1万亿元", "money", 5.61e13, None, "CNY", "exact"),
    ("数字化率由21.6%提升至44%。", "21.6%", "percent", 21.6, None, "%", "exact"),
    ("数字化率由21.6%提升至44%。", "44%", "percent", 44, None, "%", "exact"),
    ("上市企业从3家增加到15家。", "3家", "count", 3, None, "家", "exact"),
    ("上市企业从3家增加到15家。", "15家", "count", 15, None, "家", "exact"),
    ("贷款利率从5%到4.2%，逐年下降。", "5%", "percent", 5, None, "%", "exact"),
    ("贷款利率从5%到4.2%，逐年下降。", "4.2%", "percent", 4.2, None, "%", "exact"),
    ("审批时限由20个工作日压减至5个工作日。", "20个工作日", "duration", 20, None, "工作日", "exact"),
    ("审批时限由20个工作日压减至5个工作日。", "5个工作日", "duration", 5, None, "工作日", "exact"),
    ("班次由2个增至10个。", "2个", "count", 2, None, "个", "exact"),
    ("三大运营商齐发力。", "三大运营商", "count", 3, None, "运营商", "exact"),
    # a bare 万/亿 count right after what it counts ([vocab.counted_before])
    ("合并月活跃账户数为13.36亿。", "13.36亿", "count", 1336000000, None, "账户", "exact"),
    ("注册用户突破1亿，同比增长5%。", "1亿", "count", 100000000, None, "用户", "over"),
    ("该文阅读量10万+。", "10万", "count", 100000, None, "次", "over"),   # a web count with + after it
    ("该视频播放量突破1亿。", "1亿", "count", 100000000, None, "次", "over"),   # the noun ends at a dictionary oddity (齐发 nz)
    # no plain range runs downwards: a quote's price then its change, the change signed by a spaced dash
    ("只有工商银行[5.08 -0.20%]有这项业务。", "-0.20%", "percent", -0.2, None, "%", "exact"),
    ("招商银行[16.31 0.12%]等都没有。", "0.12%", "percent", 0.12, None, "%", "exact"),
    ("班次由2个增至10个。", "10个", "count", 10, None, "个", "exact"),
]

# Every example in the spec's tables and settled cases, in sentences of our own.
SPEC = [
    ("去年本市生产总值为8739.59亿元。", "8739.59亿元", "money", 873959000000, None, "CNY", "exact"),
    ("社会各界捐款1亿2000多万元。", "1亿2000多万元", "money", 120000000, None, "CNY", "over"),
    ("集团年营收突破千亿元。", "千亿元", "money", 1e11, None, "CNY", "over"),
    ("国内生产总值达到56.1万亿元。", "56.1万亿元", "money", 5.61e13, None, "CNY", "exact"),
    ("获得奖补资金100万元。", "100万元", "money", 1000000, None, "CNY", "exact"),
    ("一季度对外贸易额1144.1亿元人民币。", "1144.1亿元人民币", "money", 114410000000, None, "CNY", "exact"),
    ("工业增加值增长2.2%。", "2.2%", "percent", 2.2, None, "%", "exact"),
    ("本地配套率达到50%以上。", "50%", "percent", 50, None, "%", "over"),
    ("装机容量占比百分之四十。", "百分之四十", "percent", 40, None, "%", "exact"),
    ("线上业务占比45.42%。", "45.42%", "percent", 45.42, None, "%", "exact"),
    ("增速比全国高5.4个百分点。", "5.4个百分点", "percentage_point", 5.4, None, "pp", "exact"),
    ("占比提高4.2个百分点。", "4.2个百分点", "percentage_point", 4.2, None, "pp", "exact"),
    ("每年提升1个百分点。", "1个百分点", "percentage_point", 1, None, "pp", "exact"),
    ("每年推动1000家企业上云。", "1000家", "count", 1000, None, "家", "exact"),
    ("果园亩产806.2公斤。", "806.2公斤", "quantity", 806.2, None, "公斤", "exact"),
    ("新建冷库可储存10余吨。", "10余吨", "quantity", 10, None, "吨", "over"),
    ("新研发的系统仅用2天上线。", "2天", "duration", 2, None, "天", "exact"),
    ("审批只需七个工作日。", "七个工作日", "duration", 7, None, "工作日", "exact"),
    ("设备体积缩小100倍。", "100倍", "multiple", 100, None, "倍", "exact"),
    ("出口额同比增长220倍。", "220倍", "multiple", 220, None, "倍", "exact"),
    ("成交量大约3000套。", "3000套", "count", 3000, None, "套", "approx"),
    ("单日客流破10万人次。", "10万人次", "count", 100000, None, "人次", "over"),
    ("新增就业不低于5万人。", "5万人", "count", 50000, None, "人", "over"),
    ("综合能耗不高于0.5吨标准煤。", "0.5吨", "quantity", 0.5, None, "吨", "under"),
    ("青年代表平均40岁。", "40岁", "quantity", 40, None, "岁", "exact"),
    ("两次发出公开信。", "两次", "count", 2, None, "次", "exact"),
]

# Sentences in the styles the seeds lack: statistics releases, company results, property news,
# older newspaper text in Chinese numerals.
STYLES = [
    ("全国农民工总量29562万人，比上年增长1.1%。", "29562万人", "count", 295620000, None, "人", "exact"),
    ("年末全国民用汽车保有量31903万辆。", "31903万辆", "count", 319030000, None, "辆", "exact"),
    ("全年全国发电量88487亿千瓦时。", "88487亿千瓦时", "quantity", 8.8487e12, None, "千瓦时", "exact"),
    ("资产负债率比上年末上升0.6个百分点。", "0.6个百分点", "percentage_point", 0.6, None, "pp", "exact"),
    ("全年国内游客25.3亿人次。", "25.3亿人次", "count", 2530000000, None, "人次", "exact"),
    ("全年粮食种植面积11833万公顷。", "11833万公顷", "quantity", 118330000, None, "公顷", "exact"),
    ("公司拟发行不超过2.5亿股H股。", "2.5亿股", "count", 250000000, None, "股", "under"),
    ("每股定价区间为18至22港元。", "18至22港元", "money", 18, 22, "HKD", "range"),
    ("智能手机出货量全球市场占有率12.8%，排名全球第三。", "第三", "rank", 3, None, "名", "exact"),
    ("连续第二年位居全球新能源车企销量第一。", "第一", "rank", 1, None, "名", "exact"),
    ("补助标准为每人5-10万元。", "5-10万元", "money", 50000, 100000, "CNY", "range"),
    ("活动预计吸引三至五万人次。", "三至五万人次", "count", 30000, 50000, "人次", "range"),
    ("全市经济总量迈上万亿元台阶。", "万亿元", "money", 1e12, None, "CNY", "over"),
    ("气温将下降6到8摄氏度。", "6到8摄氏度", "quantity", 6, 8, "摄氏度", "range"),
    ("折合楼面价约2.36万元/平方米。", "2.36万元/平方米", "money", 23600, None, "CNY", "approx"),
    ("适龄儿童入学率达百分之九十九点八。", "百分之九十九点八", "percent", 99.8, None, "%", "exact"),
    ("全县乡镇企业发展到一千二百多家。", "一千二百多家", "count", 1200, None, "家", "over"),
    ("从业人员五万余人。", "五万余人", "count", 50000, None, "人", "over"),
    ("旅游创汇八千六百万美元。", "八千六百万美元", "money", 86000000, None, "USD", "exact"),
    ("工业总产值增长了三十多倍。", "三十多倍", "multiple", 30, None, "倍", "over"),
    ("农民人均纯收入二千三百元。", "二千三百元", "money", 2300, None, "CNY", "exact"),
    ("装机容量达四十五万门。", "四十五万门", "count", 450000, None, "门", "exact"),
    ("两市共有4200余只个股上涨。", "4200余只", "count", 4200, None, "只", "over"),
    ("北向资金全天净买入85.6亿元。", "85.6亿元", "money", 8560000000, None, "CNY", "exact"),
    ("上证指数收涨1.35%。", "1.35%", "percent", 1.35, None, "%", "exact"),
    ("当日去化率超八成。", "八成", "percent", 80, None, "%", "over"),
    ("经过56轮竞价。", "56轮", "count", 56, None, "轮", "exact"),
    ("保障房面积在70平方米以下。", "70平方米", "quantity", 70, None, "平方米", "under"),
    ("全年规模以上工业企业利润84039亿元，比上年下降4.0%。", "84039亿元", "money", 8403900000000, None, "CNY", "exact"),
    ("百公里加速仅需3.8秒。", "3.8秒", "duration", 3.8, None, "秒", "exact"),
    ("该车续航里程达到700公里。", "700公里", "quantity", 700, None, "公里", "exact"),
    ("该校有两千余名学生。", "两千余名", "count", 2000, None, "名", "over"),
    ("累计新增减税降费超过1.2万亿元。", "1.2万亿元", "money", 1.2e12, None, "CNY", "over"),
    ("年均复合增长率约为12.3%。", "12.3%", "percent", 12.3, None, "%", "approx"),
    ("每千人口拥有执业医师3.2人。", "3.2人", "count", 3.2, None, "人", "exact"),
    ("平台聚集了2亿用户和100多万家服务商。", "2亿用户", "count", 200000000, None, "用户", "exact"),
    ("平台聚集了2亿用户和100多万家服务商。", "100多万家", "count", 1000000, None, "家", "over"),
    ("全市联系着60万归侨侨眷和海外侨胞。", "60万归侨侨眷和海外侨胞", "count", 600000, None, "归侨侨眷和海外侨胞", "exact"),
    # statistics in thousands, compound units, visits counted per vehicle or ride
    ("全省受灾农作物面积56.3千公顷。", "56.3千公顷", "quantity", 56300, None, "公顷", "exact"),
    ("干流洪峰流量达到9200立方米每秒。", "9200立方米每秒", "quantity", 9200, None, "立方米每秒", "exact"),
    ("高速公路假期通行车辆842.5万辆次。", "842.5万辆次", "count", 8425000, None, "辆次", "exact"),
    ("城市轨道交通累计运送乘客1388万乘次。", "1388万乘次", "count", 13880000, None, "乘次", "exact"),
    ("暴雨造成梅州、河源等6市受灾。", "6市", "count", 6, None, "市", "exact"),
    # qualifiers: a cue before a 的-phrase naming the base, 迈上, 内, and words that only begin with a cue
    ("珠三角九市经济总量约占全省的八成。", "八成", "percent", 80, None, "%", "approx"),
    ("企业营收接近于三年前的两倍。", "两倍", "multiple", 2, None, "倍", "nearly"),
    ("全县工业产值迈上500亿元台阶。", "500亿元", "money", 5e10, None, "CNY", "over"),
    ("受损线路须在48小时内修复。", "48小时", "duration", 48, None, "小时", "exact"),
    ("引进30家上下游配套企业。", "30家", "count", 30, None, "家", "exact"),
    ("建成12个内河港口。", "12个", "count", 12, None, "个", "exact"),
    ("其中约四成为新能源汽车。", "四成", "percent", 40, None, "%", "approx"),
    # ranks among the largest, and a second rank listed after a first
    ("欧盟仍是该省第二大贸易伙伴。", "第二", "rank", 2, None, "名", "exact"),
    ("增速位列西部第一、全国第三。", "第三", "rank", 3, None, "名", "exact"),
    ("出口额居东北三省第一、北方地区第四。", "第四", "rank", 4, None, "名", "exact"),
]

CASES = MONEY + PERCENT + POINTS + COUNTS + QUANTITIES + DURATIONS + MULTIPLES + RANKS + FROM_TO + SPEC + STYLES

KNOWN_MISSES: dict[tuple, str] = {}


def _case_id(case: tuple) -> str:
    return f"{case[2]}:{case[1]}"


@pytest.mark.parametrize("case", CASES + [
    pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=r)) for c, r in KNOWN_MISSES.items()
], ids=_case_id)
def test_claim(case, check_case):
    check_case(case)


# (sentence, text in which no claim may come out)
NOT_CLAIMS = [
    ("他在男子100米决赛中夺冠。", "100米"),
    ("中国队获得4×400米接力银牌。", "400米"),
    ("他在第78分钟打进制胜球。", "78分钟"),
    ("上午10点，展会开幕。", "10点"),
    ("按近6个月平均销售速度计算。", "近6个月"),
    ("他家是村里第一个万元户。", "万元户"),
    ("数据中心二期等一批重大项目开工。", "二期"),
    # dates, years, months, clock times
    ("2020年，全市经济稳中向好。", "2020年"),
    ("会议于3月20日在青岛召开。", "3月20日"),
    ("航班于12:10抵达。", "12:10"),
    ("实施2019—2022年行动计划。", "2019—2022年"),
    ("一九九八年，这里遭遇洪水。", "一九九八年"),
    ("１９９８年全市粮食丰收。", "１９９８年"),
    ("20日，记者从市统计局获悉。", "20日"),
    ("1-11月，全省外贸进出口保持增长。", "1-11月"),
    ("3月份以来价格持续回落。", "3月份"),
    ("上世纪80年代，工厂开始转型。", "80年代"),
    ("从2012年到2023年，城市面貌巨变。", "2012年到2023年"),
    # reference periods
    ("前11个月，全市实际使用外资增长。", "前11个月"),
    ("前两个月，进出口总值增长。", "前两个月"),
    ("前三季度，地区生产总值增长。", "前三季度"),
    ("两年多来，园区建设成效显著。", "两年多来"),
    ("近年来，城市品质不断提升。", "近年来"),
    ("截至5月上旬，已完成招生。", "截至5月上旬"),
    ("一季度，全省经济开局良好。", "一季度"),
    ("过去五年，全市新增就业岗位明显。", "过去五年"),
    ("未来三年，将新建一批学校。", "未来三年"),
    ("十年前，这里还是一片滩涂。", "十年前"),
    ("三年来，累计完成投资。", "三年来"),
    # numbers inside names, titles and identifiers
    ("新建5G基站覆盖城区。", "5G"),
    ("推动工业4.0落地。", "工业4.0"),
    ("地铁2号线正式开通。", "2号线"),
    ("乘坐YG9127航班返回。", "YG9127"),
    ("引进波音737客机。", "波音737"),
    ("升级城市云脑2.0平台。", "城市云脑2.0"),
    ("编制十四五规划纲要。", "十四五"),
    ("入选《2020中国数字城市百强榜》。", "《2020中国数字城市百强榜》"),
    ("构建1+X+N政策体系。", "1+X+N"),
    ("探索4+1工作模式。", "4+1"),
    ("举办第二届儒商大会。", "第二届"),
    ("入选第一批试点名单。", "第一批"),
    ("首批企业已经入驻。", "首批"),
    ("召开第九次代表大会。", "第九次"),
    ("PM2.5浓度持续下降。", "PM2.5"),
    ("学习贯彻党的十九大精神。", "十九大"),
    ("十三届全国人大四次会议开幕。", "十三届全国人大四次会议"),
    ("召开党的十九届五中全会。", "五中全会"),
    ("80后创业者成为主力。", "80后"),
    ("一线城市房价趋稳。", "一线"),
    ("世界500强企业落户青岛。", "500强"),
    ("纪念建党100周年。", "100周年"),
    ("推进3D打印产业发展。", "3D"),
    ("第三产业增加值占比提高。", "第三产业"),
    # slogans and set phrases
    ("推进四链合一。", "四链合一"),
    ("建设双千兆城市。", "双千兆"),
    ("打造一码通城。", "一码通城"),
    ("形成一超多专格局。", "一超多专"),
    ("培育五朵金花。", "五朵金花"),
    ("实行一人一版教学。", "一人一版"),
    ("坚持一企一策帮扶。", "一企一策"),
    ("服务走进千家万户。", "千家万户"),
    ("坚持两手抓。", "两手抓"),
    # 一 as an article
    ("这是一家科技企业。", "一家"),
    ("搭建一个重要平台。", "一个"),
    ("出台一项新制度。", "一项"),
    ("迎来极不平凡的一年。", "一年"),
    # ratings, tiers and group names
    ("新建五星级酒店。", "五星级"),
    ("部署二级节点。", "二级节点"),
    ("入选国家软件百强企业。", "百强"),
    ("胶东五市协同发展。", "胶东五市"),
    ("打好三大攻坚战。", "三大攻坚战"),
    ("三甲医院数量增加。", "三甲"),
    # vague amounts with no bounds to give (数/几 before a scale word are ranges: VAGUE) and 手
    ("吸引上百家企业参展。", "上百家"),
    ("抽调几个部门的骨干。", "几个"),
    ("休整了十来天。", "十来天"),
    ("游客数以万计。", "数以万计"),
    ("二手房成交量回升。", "二手"),
    ("掌握一手资料。", "一手"),
    # denominators of a rate
    ("每10万人拥有医生30名。", "每10万人"),
    ("每10股派发现金红利3元。", "每10股"),
    # numerals inside names of things, places and brands
    ("包括三轮汽车和低速货车。", "三轮"),
    ("国产C919大飞机交付使用。", "C919大飞机"),
    ("七台河市推进煤矿转型。", "七台河"),
    ("三只松鼠发布年报。", "三只松鼠"),
    ("五星红旗迎风飘扬。", "五星"),
    ("实施“十大工程”。", "十大工程"),
    ("推行三证合一改革。", "三证合一"),
    ("一季度GDP增长5.3%，二季度增长4.7%。", "二季度"),
    ("明年3月份将全面投用。", "3月份"),
    ("采访于上午9时开始。", "9时"),
    ("国务院发布〔2021〕5号文件。", "5号"),
    ("打造百亿元级产业集群。", "百亿元级"),
    ("提供7×24小时服务。", "7×24小时"),
    ("全省首个数据交易所挂牌。", "首个"),
    ("首次实现盈利。", "首次"),
    # words that only look numeric
    ("统一标准，万众一心。", "统一"),
    ("这是全国唯一的试点。", "唯一"),
    ("一成不变的做法。", "一成"),
    ("岁月不居，时节如流。", "岁月"),
    ("一元复始，万象更新。", "一元"),
    ("另一半资金用于研发。", "一半"),
    # dates and set terms
    ("10日至12日，全省出现大范围降雨。", "10日至12日"),
    ("三次产业结构持续优化。", "三次"),
    ("二套房贷款利率上调。", "二套"),
    ("入住第一大道128号。", "第一"),
    ("支持7天无理由退货。", "7天"),   # a policy's name
]


KNOWN_NOT_CLAIM_MISSES = {
    ("他排行第二的哥哥在上海工作。", "第二"): "a place among siblings reads as a rank after the cue 排行",
}


@pytest.mark.parametrize("sentence,surface", NOT_CLAIMS + [
    pytest.param(*c, marks=pytest.mark.xfail(strict=True, reason=r)) for c, r in KNOWN_NOT_CLAIM_MISSES.items()
], ids=[s for _, s in NOT_CLAIMS] + [s for _, s in KNOWN_NOT_CLAIM_MISSES])
def test_not_a_claim(sentence, surface, setup):
    start, end = span_of(sentence, surface)
    overlapping = [r["surface"] for r in run(sentence, setup) if r["start"] < end and start < r["end"]]
    assert not overlapping, f"{surface!r} in {sentence!r} gave {overlapping}"


def test_other_claims_survive_next_to_not_claims(setup):
    records = run("2020年前11个月，全市5812家企业实现营收1.2万亿元。", setup)
    assert [(r["surface"], r["kind"]) for r in records] == [("5812家", "count"), ("1.2万亿元", "money")]


def test_spans_map_back_to_raw_text_with_layout_breaks(setup):
    sentence = "新增高标准农田380\n万亩，亩产806 . 2公斤，实现营收154 . 8亿元，新增390多\n\n万家。"
    surfaces = [r["surface"] for r in run(sentence, setup)]
    assert surfaces == ["380\n万亩", "806 . 2公斤", "154 . 8亿元", "390多\n\n万家"]
