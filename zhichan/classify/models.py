"""Classification schemes and tables: the IPC scheme, the official correspondence tables, rule
versions and the stored classes of each patent."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IPCLevel(models.TextChoices):
    SECTION = "section", _("部")
    CLASS = "class", _("大类")
    SUBCLASS = "subclass", _("小类")
    MAIN_GROUP = "main_group", _("大组")
    SUBGROUP = "subgroup", _("小组")


class IPCEntry(models.Model):
    """One symbol of the IPC scheme with its Chinese title, in the normalized form of lib/ipc.py."""

    code = models.CharField(_("分类号"), max_length=20, unique=True)
    level = models.CharField(_("层级"), max_length=12, choices=IPCLevel.choices)
    title = models.TextField(_("中文含义"))
    edition = models.CharField(_("版本"), max_length=10)

    class Meta:
        verbose_name = _("国际专利分类号")
        verbose_name_plural = _("国际专利分类号")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:30]}"


class TableKind(models.TextChoices):
    IPC_NIC = "ipc_nic", _("国际专利分类与国民经济行业分类参照关系表")
    NIC_PI = "nic_pi", _("知识产权（专利）密集型产业统计分类")
    IPC_SEI = "ipc_sei", _("战略性新兴产业分类与国际专利分类参照关系表")


class Scheme(models.TextChoices):
    NIC = "nic", _("国民经济行业")
    PI = "pi", _("专利密集型产业")
    SEI = "sei", _("战略性新兴产业")


class ClassTable(models.Model):
    """One edition of an official correspondence table, loaded from a file (provenance kept)."""

    kind = models.CharField(_("表"), max_length=10, choices=TableKind.choices)
    edition = models.CharField(_("版本"), max_length=20, help_text=_("如“2018”“2021（试行）”。"))
    source = models.TextField(_("来源"), help_text=_("文件从何而来：发布机关、文号、取得途径。"))
    filename = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("规则行数"), default=0)
    defects = models.TextField(_("已知缺陷"), blank=True)
    loaded_at = models.DateTimeField(_("导入时间"), auto_now=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("分类参照表")
        verbose_name_plural = _("分类参照表")
        ordering = ["kind", "-edition"]
        constraints = [models.UniqueConstraint(fields=["kind", "edition"], name="class_table_edition")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.edition}）"


class ClassRule(models.Model):
    """One row of a table: IPC patterns (or industry codes) that map to a target class.

    ``include``/``exclude`` hold patterns separated by "; ": ``H01M 10/0525`` one symbol, ``H01M 10/*``
    a main group with its subgroups, ``H01M*`` a subclass, ``G16*`` a class. ``keywords`` (| between
    terms) must also occur in the title or abstract when given. For the NIC → PI table, ``include``
    holds the four-digit industry code.
    """

    table = models.ForeignKey(ClassTable, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveIntegerField(_("行号"))
    target = models.CharField(_("类别代码"), max_length=10)
    include = models.TextField(_("包含"))
    exclude = models.TextField(_("不含"), blank=True)
    keywords = models.CharField(_("关键词"), max_length=300, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    source_ref = models.CharField(_("出处"), max_length=40, blank=True, help_text=_("原表页码或行号。"))

    class Meta:
        verbose_name = _("参照规则")
        verbose_name_plural = _("参照规则")
        ordering = ["table", "position"]
        constraints = [models.UniqueConstraint(fields=["table", "position"], name="class_rule_position")]

    def __str__(self) -> str:
        return f"{self.target} ← {self.include[:40]}"


class ClassName(models.Model):
    """The name of a class code in a scheme (industries, categories), with its parent."""

    scheme = models.CharField(_("体系"), max_length=4, choices=Scheme.choices)
    code = models.CharField(_("代码"), max_length=10)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.CharField(_("上级代码"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("类别名称")
        verbose_name_plural = _("类别名称")
        ordering = ["scheme", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="class_name_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class RuleSet(models.Model):
    """A named rule version: which table editions and which thresholds a classification used."""

    name = models.CharField(_("规则版本"), max_length=40, unique=True)
    description = models.TextField(_("说明"), blank=True)
    ipc_nic = models.ForeignKey(
        ClassTable, verbose_name=_("IPC—国民经济行业参照表"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": TableKind.IPC_NIC},
    )  # fmt: skip
    nic_pi = models.ForeignKey(
        ClassTable, verbose_name=_("专利密集型产业统计分类"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": TableKind.NIC_PI},
    )  # fmt: skip
    ipc_sei = models.ForeignKey(
        ClassTable, verbose_name=_("战略性新兴产业—IPC参照表"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": TableKind.IPC_SEI},
    )  # fmt: skip
    thresholds = models.JSONField(_("口径参数"), default=dict, blank=True)
    threshold_sources = models.JSONField(
        _("口径参数依据"), default=dict, blank=True, help_text=_("改动默认值的参数各自的依据（文件、文号）。")
    )
    kept_current = models.BooleanField(
        _("随数据更新"), default=True, help_text=_("登记库变化时自动重算本版本的分类结果。")
    )
    is_default = models.BooleanField(_("默认版本"), default=False)
    computed_at = models.DateTimeField(_("最近全量计算"), null=True, blank=True)
    computed_count = models.PositiveIntegerField(_("已分类专利数"), default=0)
    changed_at = models.DateTimeField(
        _("口径变更时间"),
        null=True,
        blank=True,
        help_text=_("参照表或口径参数最近一次变更；此后须全量重新分类。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # What a classification depends on: a change of any of these makes the stored classes stale.
    INPUTS = ("ipc_nic_id", "nic_pi_id", "ipc_sei_id", "thresholds")

    class Meta:
        verbose_name = _("分类规则版本")
        verbose_name_plural = _("分类规则版本")
        ordering = ["-is_default", "-created_at"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        before = RuleSet.objects.filter(pk=self.pk).values(*self.INPUTS).first() if self.pk else None
        if before is None or any(before[f] != getattr(self, f) for f in self.INPUTS):
            self.changed_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "changed_at"}
        super().save(*args, **kwargs)
        if self.stale:
            from zhichan.classify.tasks import classify_soon

            transaction.on_commit(lambda: classify_soon(self.pk))

    @property
    def stale(self) -> bool:
        """Not yet classified in full since it was created or its tables or thresholds changed."""
        return self.computed_at is None or (
            self.changed_at is not None and self.changed_at > self.computed_at
        )

    def get_additional_data(self) -> dict:
        return {"region": ""}


class PatentClass(models.Model):
    """A patent's classes under one rule version (recomputed, never edited by hand).

    ``pi_mask`` and ``sei_mask`` have one bit per patent-intensive category (1–7) and per
    first-level strategic emerging industry (1–9); ``hv_mask`` one bit per high-value criterion
    other than the 10-year maintenance, which is date-bound: ``hv_on`` is the first day on which
    the patent counts as high-value (if valid that day).
    """

    # Derived rows, bulk-written a million at a time: no database constraints on the keys (a
    # deferred check per row would cost PostgreSQL seconds at commit); Django applies on_delete.
    ruleset = models.ForeignKey(
        RuleSet, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    patent = models.ForeignKey(
        "assets.Patent", on_delete=models.CASCADE, related_name="classes", db_constraint=False
    )
    industries = models.CharField(_("国民经济行业"), max_length=300, blank=True)
    pi_mask = models.PositiveSmallIntegerField(_("专利密集型产业"), default=0)
    sei_codes = models.CharField(_("战略性新兴产业"), max_length=200, blank=True)
    sei_mask = models.PositiveSmallIntegerField(_("战略性新兴产业大类"), default=0)
    hv_mask = models.PositiveSmallIntegerField(_("高价值条件"), default=0)
    hv_on = models.DateField(_("计为高价值起始日"), null=True, blank=True)
    # Copies of the patent's type, region and validity interval, written with the classes (which
    # are recomputed whenever these change), so that the indicator board counts high-value and
    # patent-intensive patents from this table's index alone (monitor/compute.py).
    invention = models.BooleanField(default=False, editable=False)
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+",
        db_constraint=False, db_index=False, editable=False,
    )  # fmt: skip
    granted_on = models.DateField(null=True, blank=True, editable=False)
    ended_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("专利分类结果")
        verbose_name_plural = _("专利分类结果")
        constraints = [models.UniqueConstraint(fields=["ruleset", "patent"], name="patent_class_unique")]
        # The indicator board counts high-value and patent-intensive patents from these rows only.
        indexes = [
            models.Index(
                fields=["ruleset", "region", "hv_on", "granted_on", "ended_on"],
                name="patent_class_hv",
                condition=models.Q(hv_on__isnull=False),
            ),
            models.Index(
                fields=["ruleset", "region", "invention", "granted_on", "ended_on"],
                name="patent_class_pi",
                condition=models.Q(pi_mask__gt=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patent_id} · {self.sei_codes or '—'}"


auditlog.register(ClassTable)
auditlog.register(RuleSet)
