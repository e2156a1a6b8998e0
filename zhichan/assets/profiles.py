"""Header profiles: the column names of the exports offices receive, mapped to our fields.

Headers are compared after folding (full-width → half-width), with spaces, brackets and the
"[标]" marks removed, so "公开（公告）号", "公开(公告)号" and "公开 (公告) 号" are one header.
For each field the aliases are tried in order; the first present wins (PatSnap's
"[标]当前申请(专利权)人" before "申请(专利权)人", say). A file is labelled with the profile whose
own headers it matches best; mixed or re-saved files still import, since every alias of every
profile is accepted.
"""

import re

from zhichan.lib.text import fold

_NOISE = re.compile(r"[\s()\[\]（）【】:：_\-/]")
# A unit in brackets ("质押金额（万元）") names the unit, not the field; readers look for it themselves.
_UNIT = re.compile(r"[(（](?:人民币)?(?:亿元|万元|元)[)）]")


def header_key(header: str) -> str:
    return _NOISE.sub("", _UNIT.sub("", fold(str(header))).replace("[标]", "")).upper()


# Patent exports. Field → aliases (in order of preference).
PATENT_FIELDS: dict[str, list[str]] = {
    "number": ["申请号", "专利申请号", "申请号码", "APPLICATIONNUMBER", "专利号"],
    "doc_kind": ["文献种类代码", "文献类型", "文献种类"],
    "kind": ["专利类型", "类型", "专利种类"],
    "title": ["发明名称", "名称", "标题", "专利名称", "中文标题", "标题中文", "TITLE"],
    "abstract": ["摘要", "中文摘要", "摘要中文", "ABSTRACT"],
    "claims": ["主权项", "首项权利要求", "独立权利要求", "权利要求", "CLAIMS"],
    "filed_on": ["申请日", "申请日期", "APPLICATIONDATE"],
    "publication_number": ["公开公告号", "公开号", "公开公告号码", "公告号"],
    "published_on": ["公开公告日", "公开日", "公开日期", "公告日"],
    "first_published_on": ["首次公开日"],
    "grant_number": ["授权公告号", "授权号"],
    "granted_on": ["授权公告日", "授权日", "授权日期"],
    "main_ipc": ["主分类号", "IPC主分类", "IPC主分类号", "主IPC"],
    "ipc": ["IPC分类号", "IPC", "分类号", "IPC分类"],
    # Applicants as filed; the holder now (incoPat 当前权利人, PatSnap [标]当前申请(专利权)人) apart.
    "applicants": ["申请专利权人", "原始申请专利权人", "申请人", "专利权人", "申请人名称", "权利人"],
    "holders": ["当前权利人", "标准化当前权利人", "当前申请专利权人"],
    "credit_codes": ["工商统一社会信用代码", "申请人统一社会信用代码", "统一社会信用代码", "信用代码"],
    "address": [
        "第一申请人地址",
        "申请人地址",
        "地址",
        "申请专利权人地址",
        "原始申请专利权人地址",
        "当前申请专利权人地址",
    ],
    "province_code": ["国省代码", "申请人国省代码", "申请人省市代码"],
    # The vendor's own placing of the applicant: a cross-check of address resolution.
    "vendor_province": ["当前申请专利权人州省", "申请人所在省"],
    "vendor_city": ["中国申请人地市", "申请人地市"],
    "vendor_county": ["中国申请人区县", "申请人区县"],
    "inventors": ["发明人", "设计人", "发明设计人", "INVENTOR"],
    "agency": ["代理机构", "专利代理机构"],
    "pct_number": ["PCT国际申请号", "PCT申请号", "PCT申请数据", "国际申请号"],
    "pct_publication": ["PCT国际公布号", "国际公布号", "PCT公布号"],
    "pct_entry_on": ["PCT进入国家阶段日", "进入国家阶段日"],
    "priority": ["优先权信息", "优先权号", "优先权"],
    "family": ["简单同族", "海外同族", "同族专利", "扩展同族", "简单同族成员"],
    "family_size": ["简单同族个数", "简单同族成员数量", "扩展同族个数", "扩展同族成员数量"],
    "cited_by": ["被引证次数", "被引用专利数量", "被引证专利数量"],
    "value_score": ["合享价值度", "专利价值度"],
    # The current legal state, its date, and the history of states.
    "status": ["当前法律状态", "简单法律状态", "法律状态", "法律状态事件", "专利有效性", "法律状态信息"],
    "validity": ["专利有效性"],
    "history": ["法律状态", "法律事件", "法律状态事件", "法律状态信息"],
    "status_on": [
        "法律文书日期",
        "法律状态生效日",
        "法律状态公告日",
        "法律状态日",
        "法律状态更新时间",
        "法律状态变更日",
    ],
    "ended_on": ["失效日", "失效日期"],
    # Dated transactions (several in one cell, separated by ";").
    "transfer_on": ["转让执行日", "转让生效日", "权利转移生效日"],
    "assignors": ["转让人"],
    "assignees": ["受让人", "标准受让人"],
    "license_on": ["许可合同备案日期", "许可备案日", "许可合同备案日"],
    "licensors": ["许可人"],
    "licensees": ["被许可人", "当前被许可人"],
    "license_type": ["许可类型"],
    "pledge_on": ["质押期限", "质押登记日", "质押生效日"],
    "pledgors": ["出质人"],
    "pledgees": ["质权人", "当前质权人"],
    "award": ["获奖", "获奖情况", "专利奖"],
}
PATENT_REQUIRED = ["number", "title", "filed_on", "applicants"]

PATENT_PROFILES = {
    "cnipa": (
        "国家知识产权局专利检索及分析系统",
        [
            "申请号",
            "申请日",
            "公开(公告)号",
            "公开(公告)日",
            "发明名称",
            "IPC分类号",
            "申请(专利权)人",
            "发明人",
            "申请人地址",
            "国省代码",
            "代理机构",
        ],
    ),
    "incopat": (
        "incoPat",
        [
            "标题",
            "申请号",
            "申请日",
            "公开(公告)号",
            "公开(公告)日",
            "IPC主分类",
            "IPC",
            "申请人",
            "申请人地址",
            "当前法律状态",
            "法律状态公告日",
            "简单同族",
            "专利类型",
            "PCT国际申请号",
        ],
    ),
    "patsnap": (
        "智慧芽 PatSnap",
        [
            "标题",
            "申请号",
            "申请日",
            "公开(公告)号",
            "授权日",
            "IPC主分类号",
            "IPC分类号",
            "[标]当前申请(专利权)人",
            "申请(专利权)人",
            "简单法律状态",
            "法律状态/事件",
            "失效日",
            "简单同族",
        ],
    ),
    "zhichan": (
        "知产导入模板",
        [
            "申请号",
            "专利类型",
            "名称",
            "申请日",
            "授权公告日",
            "主分类号",
            "IPC分类号",
            "申请人",
            "申请人统一社会信用代码",
            "第一申请人地址",
            "法律状态",
            "法律状态生效日",
        ],
    ),
}

# Patent pledge-registration lists (专利权质押登记信息).
PLEDGE_FIELDS: dict[str, list[str]] = {
    "number": ["专利号", "申请号", "专利申请号"],
    "title": ["专利名称", "发明名称", "名称"],
    "pledgor": ["出质人", "出质人名称"],
    "pledgee": ["质权人", "质权人名称"],
    "registered_on": ["登记日", "质押登记日", "登记生效日", "生效日"],
    "released_on": ["解除日", "质押解除日", "注销日"],
    "contract": ["合同登记号", "登记号", "质押登记号"],
    "amount": ["质押金额", "融资金额", "担保金额", "质押融资金额", "主债权金额"],
    "item_amount": ["单项质押金额", "标的质押金额", "本项分摊金额", "分摊金额"],
    "item_kind": ["质押物类型", "标的类型", "权利类型", "知识产权类型"],
    "loan_start": ["贷款起始日", "贷款起息日", "借款起始日"],
    "loan_end": ["贷款到期日", "借款到期日"],
    "loan_rate": ["贷款利率", "年利率", "执行利率"],
}
PLEDGE_REQUIRED = ["number", "registered_on"]
PLEDGE_PROFILES = {
    "cnipa_pledge": ("专利权质押登记信息", ["专利号", "出质人", "质权人", "登记生效日", "合同登记号"])
}

# Trademark exports (中国商标网 query) and the other registries.
TRADEMARK_FIELDS: dict[str, list[str]] = {
    "number": ["注册号", "申请号/注册号", "申请注册号", "注册号/申请号", "申请号", "商标注册号"],
    "nice_class": ["国际分类", "国际分类号", "类别", "商品类别", "尼斯分类"],
    "title": ["商标名称", "商标", "名称", "商标文字"],
    "holders": ["申请人名称中文", "申请人名称", "注册人", "申请人", "商标注册人", "权利人"],
    "credit_codes": ["统一社会信用代码", "注册人统一社会信用代码", "信用代码"],
    "address": ["申请人地址中文", "申请人地址", "注册人地址", "地址"],
    "filed_on": ["申请日期", "申请日"],
    "published_on": ["初审公告日期", "初审公告日"],
    "registered_on": ["注册公告日期", "注册日期", "注册日", "注册公告日"],
    "term": ["专用权期限", "专用期限", "有效期"],
    "expires_on": ["专用权期限截止日", "有效期至", "到期日"],
    "status": ["商标状态", "状态", "当前状态", "法律状态"],
    "mark_kind": ["商标类型", "类型"],
    "is_gi": ["地理标志", "是否地理标志"],
    "madrid_number": ["国际注册号", "马德里国际注册号"],
    "madrid": ["马德里", "是否马德里"],
    "well_known": ["驰名商标", "是否驰名商标"],
    "well_known_on": ["驰名商标认定日"],
    "agency": ["代理/办理机构", "代理机构", "代理组织"],
    "goods": ["商品/服务项目", "商品服务项目", "指定商品服务", "商品服务"],
}
TRADEMARK_REQUIRED = ["number", "nice_class", "title", "holders"]
TRADEMARK_PROFILES = {
    "cnipa_trademark": (
        "中国商标网商标查询",
        [
            "申请/注册号",
            "国际分类",
            "申请日期",
            "商标名称",
            "申请人名称(中文)",
            "申请人地址(中文)",
            "初审公告日期",
            "注册公告日期",
            "专用权期限",
            "商标类型",
            "商标状态",
            "代理/办理机构",
        ],
    ),
    "zhichan": (
        "知产导入模板",
        [
            "注册号",
            "国际分类",
            "商标名称",
            "注册人",
            "统一社会信用代码",
            "注册人地址",
            "申请日",
            "注册日",
            "有效期至",
            "商标状态",
            "商标类型",
        ],
    ),
}

COMMON_RIGHT_FIELDS: dict[str, list[str]] = {
    "holders": [
        "权利人",
        "著作权人",
        "品种权人",
        "申请人",
        "登记主体",
        "数据持有者",
        "注册人",
        "著作权人名称",
    ],
    "credit_codes": ["统一社会信用代码", "信用代码"],
    "address": ["权利人地址", "地址", "申请人地址"],
    "filed_on": ["申请日", "申请日期"],
    "registered_on": ["登记日期", "登记日", "授权日", "授权日期", "批准日期", "发证日期", "注册日"],
    "expires_on": ["有效期至", "保护期至", "到期日"],
    "status": ["状态", "法律状态"],
    "note": ["备注"],
}
RIGHT_FIELDS: dict[str, dict[str, list[str]]] = {
    "gis": {
        "number": ["公告号", "注册号", "登记证书编号", "证书编号", "编号"],
        "title": ["产品名称", "地理标志名称", "名称"],
        "mode": ["保护方式", "类型", "地理标志类型"],
        "product": ["产品类别", "类别"],
        "area": ["保护范围", "地域范围", "产地范围"],
    },
    "copyrights": {
        "number": ["登记号", "登记证书号", "作品登记号", "软著登记号"],
        "title": ["软件全称", "作品名称", "名称", "软件名称"],
        "kind": ["类型", "登记类型"],
        "category": ["作品类别", "版本号", "类别"],
        "completed_on": ["创作完成日期", "开发完成日期", "完成日期"],
        "first_published_on": ["首次发表日期", "首次发表日"],
    },
    "varieties": {
        "number": ["品种权号", "授权号", "品种权证书号"],
        "title": ["品种名称", "名称"],
        "application_number": ["申请号"],
        "genus": ["属或种", "作物种类", "种属"],
    },
    "layouts": {
        "number": ["登记号", "布图设计登记号"],
        "title": ["布图设计名称", "名称"],
        "commercial_use_on": ["首次商业利用日", "首次商业利用日期"],
    },
    "dataip": {
        "number": ["登记证书编号", "证书编号", "登记号"],
        "title": ["数据名称", "数据知识产权名称", "名称"],
        "registrar": ["登记机构", "登记平台"],
        "data_category": ["数据类别", "数据类型", "所属行业"],
    },
}
RIGHT_REQUIRED = ["number", "title", "holders"]


def mapping(headers: list[str], fields: dict[str, list[str]]) -> dict[str, str]:
    """field → the file's header that supplies it."""
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(header_key(header), header)
    result = {}
    for field, aliases in fields.items():
        for alias in aliases:
            header = by_key.get(header_key(alias))
            if header is not None and header not in result.values():
                result[field] = header
                break
    return result


def detect(headers: list[str], profiles: dict[str, tuple[str, list[str]]]) -> str:
    """The profile whose own headers the file matches best ("" if none matches at all)."""
    keys = {header_key(h) for h in headers}
    best, best_score = "", 0
    for name, (_label, own) in profiles.items():
        score = sum(1 for h in own if header_key(h) in keys) / len(own)
        if score > best_score:
            best, best_score = name, score
    return best
