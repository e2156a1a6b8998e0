"""IP service agencies and their practitioners (directory, 等级评定, 质量抽查, 服务绩效考评), and the
pool of experts and talent (技术调查官, 侵权判定专家, 知识产权专员, volunteers), kept current."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.entities.models import Entity
from zhichan.regions.models import Region


class AgencyProfile(models.Model):
    entity = models.OneToOneField(
        Entity, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="agency"
    )
    licence = models.CharField(_("执业许可证号"), max_length=60, blank=True)
    services = models.CharField(
        _("业务范围"), max_length=300, help_text=_("如 专利代理、商标代理、知识产权咨询。")
    )
    registry_names = models.CharField(
        _("登记簿中的名称"), max_length=500, blank=True,
        help_text=_("专利著录项目“代理机构”字段中的写法，多个用分号分隔；空为机构名称。"),
    )  # fmt: skip
    staff_count = models.PositiveSmallIntegerField(_("从业人员数"), default=0)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("服务机构")
        verbose_name_plural = _("服务机构")
        ordering = ["entity__name"]

    def __str__(self) -> str:
        return str(self.entity)

    def get_additional_data(self) -> dict:
        region = self.entity.region
        return {"region": region.code if region else ""}

    def names(self) -> list[str]:
        listed = [n.strip() for n in self.registry_names.replace("；", ";").split(";") if n.strip()]
        return listed or [self.entity.name]


class Qualification(models.TextChoices):
    PATENT = "patent_attorney", _("专利代理师")
    TRADEMARK = "trademark", _("商标代理从业人员")
    IP_ENGINEER = "ip_engineer", _("知识产权师")
    LAWYER = "lawyer", _("律师")


class Practitioner(models.Model):
    agency = models.ForeignKey(
        AgencyProfile, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="practitioners"
    )
    name = models.CharField(_("姓名"), max_length=50)
    qualification = models.CharField(_("资格"), max_length=16, choices=Qualification.choices)
    certificate = models.CharField(_("资格证号"), max_length=60, blank=True)
    practice_number = models.CharField(_("执业证号"), max_length=60, blank=True)
    since = models.DateField(_("执业起始"), null=True, blank=True)
    active = models.BooleanField(_("在职"), default=True)

    class Meta:
        verbose_name = _("从业人员")
        verbose_name_plural = _("从业人员")
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        region = self.agency.entity.region
        return {"region": region.code if region else ""}


class Rating(models.Model):
    """等级评定 or 服务绩效考评 of a year, with its items and who rated."""

    class Kind(models.TextChoices):
        GRADE = "grade", _("等级评定")
        PERFORMANCE = "performance", _("服务绩效考评")

    agency = models.ForeignKey(AgencyProfile, on_delete=models.CASCADE, related_name="ratings")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    items = models.JSONField(_("评分项"), default=list, help_text=_("[[项目, 满分, 得分], …]"))
    score = models.DecimalField(_("总分"), max_digits=6, decimal_places=2)
    result = models.CharField(_("结论"), max_length=20, help_text=_("如 A级 / 优秀 / 合格。"))
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评定人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    rated_on = models.DateField(_("评定日期"))

    class Meta:
        verbose_name = _("评定与考评")
        verbose_name_plural = _("评定与考评")
        ordering = ["agency", "-year", "kind"]
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "year"], name="rating_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} {self.result}"


class QualityCheck(models.Model):
    """A spot check of an agency's filings: a reproducible sample from the registry and the defects found."""

    agency = models.ForeignKey(AgencyProfile, on_delete=models.CASCADE, related_name="checks")
    seed = models.CharField(_("抽样种子"), max_length=100)
    filed_from = models.DateField(_("申请日起"))
    filed_to = models.DateField(_("申请日止"))
    sample = models.JSONField(_("抽取的申请"), default=list, help_text=_("[[申请号, 名称], …]"))
    population = models.PositiveIntegerField(_("可抽总数"), default=0)
    defects = models.JSONField(_("问题"), default=list, help_text=_("[[申请号, 问题], …]"))
    score = models.DecimalField(_("质量得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    conclusion = models.CharField(_("结论"), max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("检查人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    checked_on = models.DateField(_("检查日期"))

    class Meta:
        verbose_name = _("质量抽查")
        verbose_name_plural = _("质量抽查")
        ordering = ["agency", "-checked_on"]

    def __str__(self) -> str:
        return f"{self.agency} {self.checked_on}"


class ExpertKind(models.TextChoices):
    INVESTIGATOR = "investigator", _("技术调查官")
    INFRINGEMENT = "infringement", _("侵权判定专家")
    COMMISSIONER = "commissioner", _("知识产权专员")
    VOLUNTEER = "volunteer", _("知识产权志愿者")
    MEDIATOR = "mediator", _("调解员")
    OTHER = "other", _("其他专家")


class Expert(models.Model):
    """A person in the expert and talent pool. Phone and e-mail are shown to staff only."""

    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=14, choices=ExpertKind.choices)
    name = models.CharField(_("姓名"), max_length=50)
    unit = models.CharField(_("工作单位"), max_length=200)
    title = models.CharField(_("职称/职务"), max_length=100, blank=True)
    specialities = models.CharField(_("专业领域"), max_length=300)
    ipc = models.CharField(_("擅长 IPC"), max_length=200, blank=True, help_text=_("如 H01M; C04B。"))
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    available = models.BooleanField(_("可参与"), default=True)
    availability_note = models.CharField(_("可参与时间说明"), max_length=200, blank=True)
    confirmed_on = models.DateField(
        _("最近核实"), help_text=_("信息经本人确认的日期；一年未核实的标为待更新。")
    )
    active = models.BooleanField(_("在库"), default=True)
    # Rosters counted against the plans (新增专员, 志愿者队的人数与资格): when one joined and left,
    # the team one serves in, and whether one is a patent attorney or holds an intermediate IP title.
    team = models.CharField(
        _("所属队伍"), max_length=100, blank=True, help_text=_("如 宜都市知识产权服务志愿者队。")
    )
    joined_on = models.DateField(_("加入日期"), null=True, blank=True)
    left_on = models.DateField(_("退出日期"), null=True, blank=True)
    qualified = models.BooleanField(_("专利代理师或中级以上知识产权职称"), default=False)

    class Meta:
        verbose_name = _("专家与人才")
        verbose_name_plural = _("专家与人才")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class PeopleMeasure(models.TextChoices):
    JOINED = "joined", _("当年新增人数")
    TEAM_SIZE = "team_size", _("队伍人数")
    TEAM_QUALIFIED = "team_qualified", _("队伍中专利代理师或中级以上职称人数")


class PeopleTarget(models.Model):
    """A plan's target on the talent pool — 每年新增专员10名, a volunteer team of at least 10 with 3
    patent attorneys — with the sentence it comes from."""

    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("人员类型"), max_length=14, choices=ExpertKind.choices)
    measure = models.CharField(_("计量"), max_length=16, choices=PeopleMeasure.choices)
    value = models.PositiveSmallIntegerField(_("不少于"))
    from_year = models.PositiveSmallIntegerField(_("起始年度"))
    to_year = models.PositiveSmallIntegerField(_("截止年度"))
    quote = models.CharField(_("出处原文"), max_length=300)
    source = models.CharField(_("出处"), max_length=200)

    class Meta:
        verbose_name = _("人才队伍目标")
        verbose_name_plural = _("人才队伍目标")
        ordering = ["region", "kind", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "measure", "from_year"], name="people_target_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.get_kind_display()} {self.get_measure_display()} ≥{self.value}"


for model in (AgencyProfile, Practitioner, Rating, QualityCheck, Expert, PeopleTarget):
    auditlog.register(model)
