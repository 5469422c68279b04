"""Every written form of a number that other tools read, one sentence a line (issue 13): ranges
sharing scale words, signs, money symbols, codes and names, compound amounts, vague amounts,
大写 numerals, traditional script, halves and shares, discounts, separators, spaced numerals
and units. The sentences are written for these tests.

(sentence, surface, kind, value, value_high, unit, qualifier)
"""
from __future__ import annotations

import pytest

RANGES = [
    ("每户补贴三到五万元。", "三到五万元", "money", 30000, 50000, "CNY", "range"),
    ("项目预算三千到四千万元。", "三千到四千万元", "money", 3e7, 4e7, "CNY", "range"),
    ("二期总投资七到八百亿元。", "七到八百亿元", "money", 7e10, 8e10, "CNY", "range"),
    ("外派年薪四到六仟英镑。", "四到六仟英镑", "money", 4000, 6000, "GBP", "range"),
    ("单笔融资120-150万元。", "120-150万元", "money", 1.2e6, 1.5e6, "CNY", "range"),
    ("报价在2万元--8万元之间。", "2万元--8万元", "money", 20000, 80000, "CNY", "range"),
    ("审批额度为3万(含)-6万元的项目。", "3万(含)-6万元", "money", 30000, 60000, "CNY", "range"),
    ("奖金三到十万元不等。", "三到十万元", "money", 30000, 100000, "CNY", "range"),
    ("每套一百二十到一百五十万元。", "一百二十到一百五十万元", "money", 1.2e6, 1.5e6, "CNY", "range"),
    ("月租十八至三十万日元。", "十八至三十万日元", "money", 180000, 300000, "JPY", "range"),
    ("每人两到三仟澳元。", "两到三仟澳元", "money", 2000, 3000, "AUD", "range"),
    ("押金2——3万港币。", "2——3万港币", "money", 20000, 30000, "HKD", "range"),
    ("二手车价格从8500到3万港元。", "3万港元", "money", 30000, None, "HKD", "exact"),
    ("活动吸引一到两万人。", "一到两万人", "count", 10000, 20000, "人", "range"),
    ("降幅在1.5至2千万吨之间。", "1.5至2千万吨", "quantity", 1.5e7, 2e7, "吨", "range"),
    ("预计涨幅5%～8%。", "5%～8%", "percent", 5, 8, "%", "range"),
    ("每批次3〜5人。", "3〜5人", "count", 3, 5, "人", "range"),
]

SIGNS = [
    ("利润增长率为负1.5%。", "负1.5%", "percent", -1.5, None, "%", "exact"),
    ("同比增速−3.5%。", "−3.5%", "percent", -3.5, None, "%", "exact"),
    ("夜间气温零下5摄氏度。", "零下5摄氏度", "quantity", -5, None, "摄氏度", "exact"),
    ("山顶气温负3摄氏度。", "负3摄氏度", "quantity", -3, None, "摄氏度", "exact"),
    ("公司净利润为负2.3亿元。", "负2.3亿元", "money", -2.3e8, None, "CNY", "exact"),
    ("测量误差在正负5%以内。", "5%", "percent", 5, None, "%", "under"),
    ("报价在2万元--8万元之间。", "2万元--8万元", "money", 20000, 80000, "CNY", "range"),
    ("指标区间为10%-15%。", "10%-15%", "percent", 10, 15, "%", "range"),
]

SYMBOLS = [
    ("门票售价$35。", "$35", "money", 35, None, "USD", "exact"),
    ("公司募资US$5亿。", "US$5亿", "money", 5e8, None, "USD", "exact"),
    ("演唱会票价HK$450起。", "HK$450", "money", 450, None, "HKD", "exact"),
    ("这款耳机只要￥880。", "￥880", "money", 880, None, "CNY", "exact"),
    ("一碗拉面¥1,200。", "¥1,200", "money", 1200, None, "JPY", "exact"),
    ("课程价格为¥99元。", "¥99元", "money", 99, None, "CNY", "exact"),
    ("欧盟对其罚款€20万。", "€20万", "money", 200000, None, "EUR", "exact"),
    ("球员年薪£3.5万。", "£3.5万", "money", 35000, None, "GBP", "exact"),
    ("服务费RMB 300。", "RMB 300", "money", 300, None, "CNY", "exact"),
    ("签证费RMB300。", "RMB300", "money", 300, None, "CNY", "exact"),
    ("合同金额为USD 1,200,000。", "USD 1,200,000", "money", 1.2e6, None, "USD", "exact"),
    ("车队估值$3-5亿。", "$3-5亿", "money", 3e8, 5e8, "USD", "range"),
    ("每月汇款300 USD。", "300 USD", "money", 300, None, "USD", "exact"),
    ("他报价500美圆。", "500美圆", "money", 500, None, "USD", "exact"),
    ("新加坡站票价S$88。", "S$88", "money", 88, None, "SGD", "exact"),
]

CURRENCIES = [
    ("央行到期定存单5306亿台币。", "5306亿台币", "money", 5.306e11, None, "TWD", "exact"),
    ("这台相机售价1.9万新台币。", "1.9万新台币", "money", 19000, None, "TWD", "exact"),
    ("房租两千港币。", "两千港币", "money", 2000, None, "HKD", "exact"),
    ("每月花费3万日币。", "3万日币", "money", 30000, None, "JPY", "exact"),
    ("签下2亿卢比的合同。", "2亿卢比", "money", 2e8, None, "INR", "exact"),
    ("每人奖励4000林吉特。", "4000林吉特", "money", 4000, None, "MYR", "exact"),
    ("被罚款50万比索。", "50万比索", "money", 500000, None, "MXN", "exact"),
    ("矿业公司投资10亿兰特。", "10亿兰特", "money", 1e9, None, "ZAR", "exact"),
    ("首轮融资30亿印尼盾。", "30亿印尼盾", "money", 3e9, None, "IDR", "exact"),
    ("一碗河粉4.5万越南盾。", "4.5万越南盾", "money", 45000, None, "VND", "exact"),
    ("月薪8000菲律宾比索。", "8000菲律宾比索", "money", 8000, None, "PHP", "exact"),
    ("兑换445奈拉。", "445奈拉", "money", 445, None, "NGN", "exact"),
    ("每人补助5000瑞典克朗。", "5000瑞典克朗", "money", 5000, None, "SEK", "exact"),
    ("进口额二十五万三千二百泰铢。", "二十五万三千二百泰铢", "money", 253200, None, "THB", "exact"),
    ("对方索赔两个亿卢布。", "两个亿卢布", "money", 2e8, None, "RUB", "exact"),
    ("项目总投资三个亿。", "三个亿", "money", 3e8, None, "CNY", "exact"),
    ("营收新台币 177.1 亿元。", "177.1 亿元", "money", 1.771e10, None, "TWD", "exact"),
    ("法院判决赔偿人民币300。", "300", "money", 300, None, "CNY", "exact"),
    ("票价港币两千九百六十元。", "两千九百六十元", "money", 2960, None, "HKD", "exact"),
    ("只花了1.2万台币。", "1.2万台币", "money", 12000, None, "TWD", "exact"),
]

COMPOUND = [
    ("地铁票价12元5角。", "12元5角", "money", 12.5, None, "CNY", "exact"),
    ("账单共计46元3角2分。", "46元3角2分", "money", 46.32, None, "CNY", "exact"),
    ("猪肉一斤七块八毛。", "七块八毛", "money", 7.8, None, "CNY", "exact"),
    ("午饭花了二十八块五毛钱。", "二十八块五毛钱", "money", 28.5, None, "CNY", "exact"),
    ("这本杂志五美元又二十美分。", "五美元又二十美分", "money", 5.2, None, "USD", "exact"),
    ("这台旧电脑两美元又三美分。", "两美元又三美分", "money", 2.03, None, "USD", "exact"),
    ("手机壳五元三毛。", "五元三毛", "money", 5.3, None, "CNY", "exact"),
    ("找零十块三毛。", "十块三毛", "money", 10.3, None, "CNY", "exact"),
    ("一共一百三十五块六角七分钱。", "一百三十五块六角七分钱", "money", 135.67, None, "CNY", "exact"),
    ("欠款六十四万零一百四十三元一角七分。", "六十四万零一百四十三元一角七分", "money", 640143.17, None, "CNY", "exact"),
    ("每股派息50美分。", "50美分", "money", 0.5, None, "USD", "exact"),
    ("一根冰棍只要5毛钱。", "5毛钱", "money", 0.5, None, "CNY", "exact"),
    ("这个手机壳花费我三块。", "三块", "money", 3, None, "CNY", "exact"),
    ("打印费十块钱。", "十块钱", "money", 10, None, "CNY", "exact"),
    ("把蛋糕切成三块。", "三块", "count", 3, None, "块", "exact"),
    ("至少九千块钱以上。", "九千块钱", "money", 9000, None, "CNY", "over"),
]

VAGUE = [
    ("投入数千万人民币改造。", "数千万人民币", "money", 1e7, 1e8, "CNY", "range"),
    ("坚持几十年如一日。", "几十年", "duration", 10, 100, "年", "range"),
    ("邀请数十名专家授课。", "数十名", "count", 10, 100, "名", "range"),
    ("组建十几个服务团队。", "十几个", "count", 10, 20, "个", "range"),
    ("二十几岁的年轻人。", "二十几岁", "quantity", 20, 30, "岁", "range"),
    ("损失十几万元。", "十几万元", "money", 1e5, 2e5, "CNY", "range"),
    ("募集数十亿元人民币。", "数十亿元人民币", "money", 1e9, 1e10, "CNY", "range"),
    ("吸引几万名游客。", "几万名", "count", 10000, 100000, "名", "range"),
]

UPPER = [
    ("税额共计壹仟玖佰圆整。", "壹仟玖佰圆整", "money", 1900, None, "CNY", "exact"),
    ("合同金额肆佰叁拾萬圆整。", "肆佰叁拾萬圆整", "money", 4.3e6, None, "CNY", "exact"),
    ("收到人民币壹万贰仟叁佰肆拾伍元整。", "壹万贰仟叁佰肆拾伍元整", "money", 12345, None, "CNY", "exact"),
    ("判令被告赔偿伍万元。", "伍万元", "money", 50000, None, "CNY", "exact"),
    ("货款贰拾万零伍佰元整。", "贰拾万零伍佰元整", "money", 200500, None, "CNY", "exact"),
    ("罚金人民币捌仟元。", "捌仟元", "money", 8000, None, "CNY", "exact"),
    ("差额拾萬零五十六點叁叁個百分點。", "拾萬零五十六點叁叁個百分點", "percentage_point", 100056.33, None, "pp", "exact"),
]

TRADITIONAL = [
    ("營收達新臺幣6259億元。", "6259億元", "money", 6.259e11, None, "TWD", "exact"),
    ("兩岸貿易額增長百分之三點五。", "百分之三點五", "percent", 3.5, None, "%", "exact"),
    ("該公司裁減兩千個職位。", "兩千個", "count", 2000, None, "个", "exact"),
    ("樓價下跌一成半。", "一成半", "percent", 15, None, "%", "exact"),
    ("股價收報45.6港元。", "45.6港元", "money", 45.6, None, "HKD", "exact"),
    ("逾幾十萬人參加。", "幾十萬人", "count", 1e5, 1e6, "人", "range"),
    ("氣溫降至零下5攝氏度。", "零下5攝氏度", "quantity", -5, None, "摄氏度", "exact"),
    ("總值1,234萬港元。", "1,234萬港元", "money", 1.234e7, None, "HKD", "exact"),
    ("共有三萬五千個單位。", "三萬五千個", "count", 35000, None, "个", "exact"),
    ("失業率上升0.5個百分點。", "0.5個百分點", "percentage_point", 0.5, None, "pp", "exact"),
    ("澳門博彩收入約二百億澳門元。", "二百億澳門元", "money", 2e10, None, "MOP", "approx"),
    ("工程耗時兩年半。", "兩年半", "duration", 2.5, None, "年", "exact"),
    ("每月開支約3萬圓。", "3萬圓", "money", 30000, None, "CNY", "approx"),
]

SHARES = [
    ("运来两吨半钢材。", "两吨半", "quantity", 2.5, None, "吨", "exact"),
    ("绳长三米半。", "三米半", "quantity", 3.5, None, "米", "exact"),
    ("民营企业占比四成半。", "四成半", "percent", 45, None, "%", "exact"),
    ("满意度八成二。", "八成二", "percent", 82, None, "%", "exact"),
    ("出勤率约七点五成。", "七点五成", "percent", 75, None, "%", "approx"),
    ("发生概率为十万分之三。", "十万分之三", "percent", 0.003, None, "%", "exact"),
    ("约占三 分 之 一。", "三 分 之 一", "percent", 33.33, None, "%", "approx"),
    ("部分商品打6折。", "6折", "percent", 60, None, "%", "exact"),
    ("门票七五折优惠。", "七五折", "percent", 75, None, "%", "exact"),
    ("过季服装打对折。", "对折", "percent", 50, None, "%", "exact"),
    ("会员享受九折。", "九折", "percent", 90, None, "%", "exact"),
    ("机票低至8.5折。", "8.5折", "percent", 85, None, "%", "exact"),
    ("特价机票3-5折。", "3-5折", "percent", 30, 50, "%", "range"),
]

SEPARATORS = [
    ("增幅达百分之2,350。", "百分之2,350", "percent", 2350, None, "%", "exact"),
    ("利差扩大1,250个百分点。", "1,250个百分点", "percentage_point", 1250, None, "pp", "exact"),
    ("增长三 十 个 百 分 点。", "三 十 个 百 分 点", "percentage_point", 30, None, "pp", "exact"),
    ("同比下降百 分 之 7。", "百 分 之 7", "percent", 7, None, "%", "exact"),
    ("上涨一 百 五 十 个 百 分 点。", "一 百 五 十 个 百 分 点", "percentage_point", 150, None, "pp", "exact"),
    ("全场陆 点 五 折。", "陆 点 五 折", "percent", 65, None, "%", "exact"),
    ("支持率七成 六。", "七成 六", "percent", 76, None, "%", "exact"),
    ("营收１２，３４５万元。", "１２，３４５万元", "money", 123450000, None, "CNY", "exact"),
    ("参观者三千 五百 人。", "三千 五百 人", "count", 3500, None, "人", "exact"),
]

UNITS = [
    ("如今身高168公分。", "168公分", "quantity", 168, None, "厘米", "exact"),
    ("如今身高168cm。", "168cm", "quantity", 168, None, "cm", "exact"),
    ("如今身高168CM。", "168CM", "quantity", 168, None, "cm", "exact"),
    ("这里水深超过250m。", "250m", "quantity", 250, None, "m", "over"),
    ("限速120km/h。", "120km/h", "quantity", 120, None, "km/h", "exact"),
    ("每份含热量300千卡。", "300千卡", "quantity", 300, None, "千卡", "exact"),
    ("一顿饭摄入800大卡。", "800大卡", "quantity", 800, None, "千卡", "exact"),
    ("每条消息512字节。", "512字节", "quantity", 512, None, "字节", "exact"),
    ("内存64兆字节。", "64兆字节", "quantity", 64, None, "兆字节", "exact"),
    ("主频2400兆赫。", "2400兆赫", "quantity", 2400, None, "兆赫", "exact"),
    ("反对党赢得45席。", "45席", "count", 45, None, "席", "exact"),
    ("这部30集电视剧开播。", "30集", "count", 30, None, "集", "exact"),
    ("全剧共40集。", "40集", "count", 40, None, "集", "exact"),
    ("运来近一吨冰毒。", "一吨", "quantity", 1, None, "吨", "nearly"),
    ("日均20万公斤。", "20万公斤", "quantity", 200000, None, "公斤", "exact"),
]

CASES = RANGES + SIGNS + SYMBOLS + CURRENCIES + COMPOUND + VAGUE + UPPER + TRADITIONAL + SHARES + SEPARATORS + UNITS

KNOWN_MISSES = {
    ("全场７ ２ 折。", "７ ２ 折", "percent", 72, None, "%", "exact"):
        "ASCII digits with a space between are two numbers (分别为120 150亿元), so only ２ 折 is read",
    ("酒量不过三两白酒。", "三两", "quantity", 3, None, "两", "exact"):
        "两 as a weight after a numeral reads as part of the numeral",
}

# (sentence, text in which no claim may come out, or no claim of a minus)
NOT_CLAIMS = [
    ("一波三折的谈判。", "三折"),
    ("百折不挠的精神。", "百折"),
    ("折合人民币约5亿元。", "折合"),
    ("两集团合并。", "两集"),
    ("调查人数十分有限。", "数十"),
    ("新冠COVID-19疫情。", "19"),
    ("上证指数十分活跃。", "数十"),
]


def _case_id(case: tuple) -> str:
    return f"{case[2]}:{case[1]}"


@pytest.mark.parametrize("case", CASES + [
    pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=r)) for c, r in KNOWN_MISSES.items()
], ids=_case_id)
def test_form(case, check_case):
    check_case(case)


@pytest.mark.parametrize("sentence,surface", NOT_CLAIMS, ids=[s for _, s in NOT_CLAIMS])
def test_not_a_claim(sentence, surface, read_claims):
    start = sentence.index(surface)
    end = start + len(surface)
    overlapping = [r["surface"] for r in read_claims(sentence) if r["start"] < end and start < r["end"]]
    assert not overlapping, f"{surface!r} in {sentence!r} gave {overlapping}"


@pytest.mark.parametrize("sentence", [
    "报价在2万元--8万元之间。", "审批额度为3万(含)-6万元的项目。", "提高10%-15%。", "区间为5-8倍。", "3~5万元",
    "编号为A-3的展位", "2023年-2025年", "票价HK$450-500",
])
def test_a_dash_between_numbers_is_never_a_minus(sentence, read_claims):
    assert all(r["value"] >= 0 for r in read_claims(sentence)), sentence
