"""Template context shared by every back-office page."""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

ADMIN_ONLY = "admin"  # shown to office administrators (and system administrators) only
BANK_ONLY = "bank"  # shown to the users of a bank only

# The mission's six areas. An item without a URL name is a module that has not landed yet and
# is shown greyed out, so staff can see what the platform will hold.
NAVIGATION = [
    (
        _("监测"),
        [
            (_("总览"), "home"),
            (_("指标监测"), "monitor:board"),
            (_("规划目标"), "monitor:plans"),
            (_("区域对比"), "monitor:peers"),
            (_("产业分类统计"), "classify:summary"),
            (_("季度排名"), "monitor:rankings"),
            (_("监测报告"), "monitor:reports"),
        ],
    ),
    (
        _("创造"),
        [
            (_("创新主体"), "entities:list"),
            (_("专利"), "assets:patents"),
            (_("商标"), ("assets:rights", "trademarks")),
            (_("地理标志"), ("assets:rights", "gis")),
            (_("著作权"), ("assets:rights", "copyrights")),
            (_("数据导入"), "assets:imports"),
            (_("申请人关联待核"), "assets:reviews"),
        ],
    ),
    (
        _("运用"),
        [
            (_("质押登记"), "finance:pledges"),
            (_("授信企业白名单"), "finance:whitelists"),
            (_("贴息测算"), "finance:subsidy"),
            (_("风险补偿资金池"), "finance:pool"),
            (_("风险补偿申请"), "finance:claims"),
            (_("融资需求"), "finance:needs"),
            (_("知识产权保险"), "finance:insurance"),
            (_("转让许可"), "market:transactions"),
            (_("专利供给与开放许可"), "market:listings"),
            (_("技术需求"), "market:demands"),
            (_("专利检索与匹配"), "market:search"),
            (_("专利推送"), "market:recommendations"),
            (_("对接跟进"), "market:deals"),
            (_("存量专利分级"), "market:grades"),
            (_("专利池"), "market:pools"),
            (_("地理标志运用"), "assets:gi"),
            (_("专利产品备案"), "market:products"),
            (_("奖补项目"), "awards:programmes"),
            (_("高价值专利培育项目"), "awards:projects"),
        ],
    ),
    (
        _("保护"),
        [
            (_("投诉举报"), "protection:complaints"),
            (_("案件办理"), "protection:cases"),
            (_("跨区域协作"), "protection:handoffs"),
            (_("处理周期"), "protection:cycle"),
            (_("法定时限"), "protection:limits"),
            (_("保护工作站"), "protection:stations"),
            (_("海外风险预警"), "protection:warnings"),
            (_("执法信息公开"), "protection:disclosures"),
        ],
    ),
    (
        _("管理"),
        [
            (_("信用分级分类"), "credit:grades"),
            (_("双随机一公开"), "inspections:plans"),
            (_("非正常申请筛查"), "screening:runs"),
            (_("工作任务督办"), "supervision:plans"),
            (_("行政区划"), "regions:list"),
            (_("地址解析"), "regions:resolve"),
            (_("分类口径"), "classify:overview"),
            (_("后台任务"), "jobs:list"),
            (_("审计日志"), "audit:list"),
            (_("业务设置"), "setup:index", ADMIN_ONLY),
            (_("用户管理"), "users", ADMIN_ONLY),
        ],
    ),
    (
        _("服务"),
        [
            (_("公共服务事项"), "catalog:list"),
            (_("服务机构"), "agencies:list"),
            (_("专家与人才库"), "agencies:experts"),
            (_("专利导航"), "navigation:scopes"),
            (_("专利预警"), "navigation:watches"),
            (_("培训与宣传活动"), "events:list"),
            (_("公示异议"), "portal:objections"),
        ],
    ),
]


# Enterprise and bank users (no back office): their own pages only, never a link to a 403.
SELF_SERVICE = [
    (
        _("我的"),
        [
            (_("我的主页"), "portal:mine"),
            (_("奖补申报"), "awards:mine"),
            (_("培育项目申报"), "awards:projects_mine"),
            (_("供需与融资"), "market:mine"),
            (_("专利推送"), "market:recommendations"),
        ],
    ),
    (
        _("质押融资"),
        [
            (_("质押登记"), "finance:pledges"),
            (_("授信企业白名单"), "finance:versions"),
            (_("贴息测算"), "finance:subsidy"),
            (_("风险补偿申请"), "finance:claims"),
            (_("企业融资需求"), "finance:needs", BANK_ONLY),
        ],
    ),
    (_("公共服务"), [(_("服务门户"), "portal:home"), (_("投诉举报"), "protection:public_new")]),
]


def demo(request) -> dict:
    """``demo``: this is a demo installation (``ZHICHAN_DEMO=1``); every page says so."""
    return {"demo": settings.DEMO}


def navigation(request) -> dict:
    from zhichan.accounts.access import can_manage_users, is_staff_user
    from zhichan.web.help import manual_for

    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {
            "navigation": [],
            "home_region_code": settings.HOME_REGION_CODE,
            "home_url": reverse("portal:home"),
            "help_url": reverse("help_page", args=["public"]),
        }
    path = request.path
    menu = []
    areas, home = NAVIGATION, reverse("home")
    if not is_staff_user(request.user):
        areas = SELF_SERVICE if request.user.entity_id else [SELF_SERVICE[-1]]
        home = reverse("portal:mine")
    for area, items in areas:
        entries = []
        for label, name, *only in items:
            if only and only[0] == ADMIN_ONLY and not can_manage_users(request.user):
                continue
            if only and only[0] == BANK_ONLY and request.user.role != "bank":
                continue
            if isinstance(name, tuple):
                url = reverse(name[0], args=name[1:])
            else:
                url = reverse(name) if name else None
            active = bool(url) and (path == url if url == "/" else path.startswith(url))
            entries.append({"label": label, "url": url, "active": active})
        menu.append({"label": area, "items": entries, "active": any(e["active"] for e in entries)})
    return {
        "navigation": menu,
        "home_region_code": settings.HOME_REGION_CODE,
        "home_url": home,
        "staff_user": is_staff_user(request.user),
        "help_url": reverse("help_page", args=[manual_for(request.user)]),
        "unread_notices": SimpleLazyObject(lambda: _unread(request.user)),
    }


def _unread(user) -> int:
    from zhichan.notices.models import Notice

    return Notice.objects.filter(user=user, read_at__isnull=True).count()
