"""The IP registry (创造): patents with their legal-event timeline, trademarks, geographical
indications, copyrights, plant varieties, IC layout designs and data-IP registrations, and the
imports that fill it.

Status on a date. A patent is *pending* from filing until grant, *valid* from its grant date,
and from ``ended_on`` on it has ``end_status``. ``ended_on`` is the effective date of the
earliest terminating event that a later restoration (恢复权利) did not annul, or the end of the
legal term. Because restoration annuls the lapse it answers, a right has one interval of
validity, so "valid on D" is the indexed condition ``granted_on <= D < ended_on`` (an event
effective on D already applies on D). See docs/legal-status.md.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.entities.models import Entity
from zhichan.regions.models import Region


class ImportKind(models.TextChoices):
    PATENTS = "patents", _("专利")
    TRADEMARKS = "trademarks", _("商标")
    PLEDGES = "pledges", _("专利质押登记")
    GIS = "gis", _("地理标志")
    COPYRIGHTS = "copyrights", _("著作权（含软件）")
    VARIETIES = "varieties", _("植物新品种")
    LAYOUTS = "layouts", _("集成电路布图设计")
    DATAIP = "dataip", _("数据知识产权")


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
    UNDONE = "undone", _("已撤销")


class ImportBatch(models.Model):
    """One import of one file: who, when, which file (SHA-256), what it did, and its quality."""

    kind = models.CharField(_("数据类型"), max_length=16, choices=ImportKind.choices)
    profile = models.CharField(_("表头格式"), max_length=32, blank=True)
    filename = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件SHA-256"), max_length=64, db_index=True)
    size = models.BigIntegerField(_("文件大小（字节）"), default=0)
    status = models.CharField(
        _("状态"), max_length=8, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    runner = models.CharField(
        _("执行进程"), max_length=100, blank=True, help_text=_("主机:进程号，用于识别中断的导入。")
    )
    rows_read = models.PositiveIntegerField(_("读取行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变化"), default=0)
    rejected = models.PositiveIntegerField(_("未导入"), default=0)
    outside = models.PositiveIntegerField(
        _("管辖范围外（供分析）"),
        default=0,
        help_text=_("第一申请人在导入单位管辖范围以外的记录：留作分析，不计入指标。"),
    )
    events_added = models.PositiveIntegerField(_("新增法律事件"), default=0)
    entities_created = models.PositiveIntegerField(_("新建主体"), default=0)
    errors = models.JSONField(_("行错误"), default=list, blank=True)
    quality = models.JSONField(_("数据质量报告"), default=dict, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("导入者辖区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("数据导入记录")
        verbose_name_plural = _("数据导入记录")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.filename}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code if self.region_id else ""}


class ImportUndo(models.Model):
    """The values a record had before an import changed it, so that the import can be undone."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="undo")
    model = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    previous = models.JSONField()

    class Meta:
        indexes = [models.Index(fields=["batch", "model"], name="importundo_batch")]

    def __str__(self) -> str:
        return f"{self.model} #{self.object_id}"


# ---------------------------------------------------------------------------------------------
# Patents


class PatentKind(models.TextChoices):
    INVENTION = "invention", _("发明")
    UTILITY = "utility", _("实用新型")
    DESIGN = "design", _("外观设计")


class PatentStatus(models.TextChoices):
    PENDING = "pending", _("审中")
    VALID = "valid", _("有效")
    LAPSED = "lapsed", _("终止（未缴年费或放弃）")
    EXPIRED = "expired", _("期满终止")
    INVALIDATED = "invalidated", _("全部无效")
    WITHDRAWN = "withdrawn", _("撤回")
    REJECTED = "rejected", _("驳回")


class EventKind(models.TextChoices):
    LAPSE = "lapse", _("未缴年费终止")
    SURRENDER = "surrender", _("放弃专利权")
    EXPIRY = "expiry", _("期限届满")
    INVALIDATION = "invalidation", _("宣告全部无效")
    PARTIAL_INVALIDATION = "partial_invalidation", _("宣告部分无效")
    WITHDRAWAL = "withdrawal", _("撤回/视为撤回")
    REJECTION = "rejection", _("驳回")
    RESTORATION = "restoration", _("权利恢复")
    TRANSFER = "transfer", _("权利转移")
    LICENSE = "license", _("实施许可备案")
    PLEDGE = "pledge", _("质押登记")
    PLEDGE_RELEASE = "pledge_release", _("质押解除")


class RegistryPatents(models.Manager):
    """The registry: patents of the regions offices hold. Records kept only for analysis (an
    industry search's rows outside the importer's area) are left out; ``Patent.everything`` has them."""

    def get_queryset(self):
        return super().get_queryset().filter(outside=False)


class Patent(models.Model):
    """One Chinese patent application (and the patent granted on it), keyed by application number."""

    number = models.CharField(_("申请号"), max_length=16, unique=True)
    kind = models.CharField(_("专利类型"), max_length=10, choices=PatentKind.choices)
    title = models.CharField(_("名称"), max_length=500)
    abstract = models.TextField(_("摘要"), blank=True)
    claims = models.TextField(_("主权项"), blank=True, help_text=_("独立权利要求（首项权利要求）的文字。"))
    filed_on = models.DateField(_("申请日"))
    publication_number = models.CharField(_("公开（公告）号"), max_length=20, blank=True)
    published_on = models.DateField(_("公开（公告）日"), null=True, blank=True)
    grant_number = models.CharField(_("授权公告号"), max_length=20, blank=True)
    granted_on = models.DateField(_("授权公告日"), null=True, blank=True)
    main_ipc = models.CharField(_("主分类号"), max_length=20, blank=True)
    ipc_codes = models.CharField(_("IPC分类号"), max_length=1000, blank=True)
    applicants = models.CharField(_("申请（专利权）人"), max_length=1000)
    first_applicant = models.ForeignKey(
        Entity,
        verbose_name=_("第一申请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="first_patents",
        db_constraint=False,  # bulk-loaded: Django applies on_delete; see docs/imports.md
    )
    address = models.CharField(_("第一申请人地址"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所属区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="patents",
        db_index=False,  # the (region, filed_on) index serves
        db_constraint=False,  # filled by the importer from region ids it has just read; see docs/imports.md
        help_text=_("由第一申请人地址解析得到。"),
    )
    inventors = models.CharField(_("发明人"), max_length=1000, blank=True)
    agency = models.CharField(_("代理机构"), max_length=200, blank=True)
    pct_number = models.CharField(_("PCT申请号"), max_length=40, blank=True)
    priority = models.CharField(_("优先权"), max_length=300, blank=True)
    family = models.JSONField(_("海外同族"), default=list, blank=True)
    family_size = models.PositiveSmallIntegerField(_("简单同族个数"), null=True, blank=True)
    pct_publication = models.CharField(_("PCT国际公布号"), max_length=40, blank=True)
    pct_entry_on = models.DateField(_("PCT进入国家阶段日"), null=True, blank=True)
    holders = models.CharField(
        _("当前权利人"),
        max_length=1000,
        blank=True,
        help_text=_("与申请人不同时记录（据导出文件的“当前权利人”）。"),
    )
    legal_state = models.CharField(_("当前法律状态"), max_length=100, blank=True)
    legal_state_on = models.DateField(_("法律状态日"), null=True, blank=True)
    legal_history = models.TextField(_("法律状态历史"), blank=True)
    cited_by = models.PositiveIntegerField(_("被引证次数"), null=True, blank=True)
    value_score = models.PositiveSmallIntegerField(_("价值度"), null=True, blank=True)
    vendor_place = models.CharField(
        _("数据商标注的区县"),
        max_length=100,
        blank=True,
        help_text=_("如 incoPat 的“中国申请人地市/区县”，用于核对地址解析。"),
    )
    outside = models.BooleanField(
        _("管辖范围外（仅供分析）"),
        default=False,
        help_text=_("第一申请人在导入单位管辖范围以外：供专利导航、预警和对标分析，不计入任何指标。"),
    )
    place = models.CharField(
        _("解析区划代码"),
        max_length=12,
        blank=True,
        help_text=_("管辖范围外的记录不归属区划，其地址解析结果记于此。"),
    )
    expires_on = models.DateField(_("法定期限届满日"), null=True, blank=True)
    ended_on = models.DateField(_("失效日"), null=True, blank=True)
    end_status = models.CharField(
        _("失效后状态"), max_length=12, choices=PatentStatus.choices, blank=True, default=""
    )
    import_batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # read only by undo, which can afford a scan
        db_constraint=False,  # bookkeeping; batches are never deleted
    )
    row_hash = models.CharField(max_length=32, blank=True, editable=False)
    # The import's rows as read (all publications of the application): a re-import that finds them
    # unchanged skips parsing them. Empty for records entered otherwise.
    source_hash = models.CharField(max_length=32, blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    everything = models.Manager()
    objects = RegistryPatents()

    class Meta:
        verbose_name = _("专利")
        verbose_name_plural = _("专利")
        ordering = ["-filed_on", "-pk"]
        default_manager_name = "objects"
        base_manager_name = "everything"
        indexes = [
            # Covers the indicator board (monitor/compute.py): counting by region reads the index only.
            models.Index(
                fields=["region", "filed_on", "kind", "granted_on", "ended_on", "pct_number"],
                name="patent_region_board",
            ),
            # Covers the list filters, so that a list ordered by filing date filters inside the index.
            models.Index(
                fields=["filed_on", "region", "kind", "granted_on", "ended_on", "end_status"],
                name="patent_list",
            ),
            models.Index(fields=["main_ipc"], name="patent_main_ipc"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code if self.region_id else ""}

    def status_on(self, day) -> str | None:
        """The legal status on ``day`` (None before filing)."""
        from zhichan.assets.status import status_on

        return status_on(self, day)


class PatentApplicant(models.Model):
    """An applicant (patentee) of a patent, in the order of the register."""

    patent = models.ForeignKey(
        Patent,
        on_delete=models.CASCADE,
        related_name="applicant_links",
        db_index=False,
        db_constraint=False,  # bulk-loaded: Django applies on_delete; see docs/imports.md
    )  # the (patent, position) constraint serves
    position = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("名称"), max_length=200)
    entity = models.ForeignKey(
        Entity,
        verbose_name=_("主体"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patent_links",
        db_constraint=False,  # bulk-loaded: Django applies on_delete; see docs/imports.md
        db_index=False,  # the (entity, …) index serves
    )
    # Copies of the patent's validity interval, kept by `applicant_validity_sync` wherever the
    # patent's interval changes, so that "holds a valid patent on D" reads one index.
    granted_on = models.DateField(null=True, blank=True, editable=False)
    ended_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("专利申请人")
        verbose_name_plural = _("专利申请人")
        ordering = ["patent", "position"]
        constraints = [
            models.UniqueConstraint(fields=["patent", "position"], name="patent_applicant_position")
        ]
        # An entity's patents without reading the link rows (the board's "enterprises holding a
        # valid patent" probes it once per enterprise).
        indexes = [models.Index(fields=["entity", "granted_on", "ended_on"], name="patent_applicant_entity")]

    def __str__(self) -> str:
        return self.name


class PatentEvent(models.Model):
    """A legal event on the register (终止, 无效, 恢复, 转移, 质押…) with its effective date."""

    patent = models.ForeignKey(
        Patent,
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,
        db_constraint=False,  # bulk-loaded: Django applies on_delete; see docs/imports.md
    )  # the unique (patent, kind, effective_on) constraint serves
    kind = models.CharField(_("事件"), max_length=24, choices=EventKind.choices)
    effective_on = models.DateField(_("生效日"))
    date_estimated = models.BooleanField(
        _("日期为推定"), default=False, help_text=_("来源数据未给出日期，按导入日记录。")
    )
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    amount = models.DecimalField(
        _("金额（元）"), max_digits=16, decimal_places=2, null=True, blank=True,
        help_text=_("质押登记的融资（担保）金额，转让、许可的合同金额。"),
    )  # fmt: skip
    # A transfer that moved the right to a holder in another region: the region before and after.
    # Figures as of a date before the transfer count the patent where it was (docs/indicators.md).
    region_before = models.ForeignKey(
        "regions.Region", verbose_name=_("转移前所在区划"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    region_after = models.ForeignKey(
        "regions.Region", verbose_name=_("转移后所在区划"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    import_batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,  # bookkeeping; batches are never deleted
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("法律事件")
        verbose_name_plural = _("法律事件")
        ordering = ["patent", "effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["patent", "kind", "effective_on"], name="patent_event_unique")
        ]
        indexes = [models.Index(fields=["kind", "effective_on"], name="patent_event_period")]

    def __str__(self) -> str:
        return f"{self.effective_on} {self.get_kind_display()}"

    def get_additional_data(self) -> dict:
        return {"region": self.patent.region.code if self.patent.region_id else "", "patent": self.patent_id}


class PatentAward(models.Model):
    """An award a patent received (中国专利奖, 省专利奖, 国家科学技术奖…)."""

    patent = models.ForeignKey(
        Patent,
        on_delete=models.CASCADE,
        related_name="awards",
        db_constraint=False,  # bulk-loaded: Django applies on_delete; see docs/imports.md
    )
    award = models.CharField(_("奖项"), max_length=100, help_text=_("如“中国专利奖”“湖北省专利奖”。"))
    grade = models.CharField(_("等级"), max_length=50, blank=True, help_text=_("如“金奖”“优秀奖”。"))
    year = models.PositiveSmallIntegerField(_("年度"))
    session = models.CharField(_("届次"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("专利获奖")
        verbose_name_plural = _("专利获奖")
        ordering = ["-year", "award"]
        constraints = [
            models.UniqueConstraint(fields=["patent", "award", "year"], name="patent_award_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.award}{self.grade}"

    def get_additional_data(self) -> dict:
        return {"region": self.patent.region.code if self.patent.region_id else "", "patent": self.patent_id}


# ---------------------------------------------------------------------------------------------
# Other rights: one row each, held by one holder (co-holders listed in ``holders``).


class RightStatus(models.TextChoices):
    PENDING = "pending", _("审中")
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("期满未续展")
    INVALIDATED = "invalidated", _("无效/撤销")
    WITHDRAWN = "withdrawn", _("撤回/注销")
    REJECTED = "rejected", _("驳回")


class Right(models.Model):
    """Fields every non-patent right shares."""

    number = models.CharField(_("登记号"), max_length=40)
    title = models.CharField(_("名称"), max_length=300)
    holders = models.CharField(_("权利人"), max_length=1000)
    holder = models.ForeignKey(
        Entity,
        verbose_name=_("第一权利人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("权利人地址"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filed_on = models.DateField(_("申请日"), null=True, blank=True)
    registered_on = models.DateField(_("登记（注册）日"), null=True, blank=True)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    ended_on = models.DateField(_("失效日"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=RightStatus.choices, default=RightStatus.VALID
    )
    note = models.CharField(_("备注"), max_length=500, blank=True)
    import_batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    row_hash = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-registered_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code if self.region_id else ""}

    def valid_on(self, day) -> bool:
        from zhichan.assets.status import right_valid_on

        return right_valid_on(self, day)


class MarkKind(models.TextChoices):
    ORDINARY = "ordinary", _("普通商标")
    COLLECTIVE = "collective", _("集体商标")
    CERTIFICATION = "certification", _("证明商标")


class Trademark(Right):
    """A trademark registration (or application) in one Nice class."""

    nice_class = models.PositiveSmallIntegerField(_("国际分类"))
    mark_kind = models.CharField(
        _("商标类型"), max_length=16, choices=MarkKind.choices, default=MarkKind.ORDINARY
    )
    is_gi = models.BooleanField(_("地理标志商标"), default=False)
    madrid = models.BooleanField(_("马德里国际注册"), default=False)
    madrid_number = models.CharField(_("国际注册号"), max_length=20, blank=True)
    well_known = models.BooleanField(_("驰名商标"), default=False)
    well_known_on = models.DateField(_("驰名商标认定日"), null=True, blank=True)
    published_on = models.DateField(_("初审公告日"), null=True, blank=True)
    agency = models.CharField(_("代理机构"), max_length=200, blank=True)
    goods = models.TextField(_("商品/服务项目"), blank=True)

    class Meta(Right.Meta):
        verbose_name = _("商标")
        verbose_name_plural = _("商标")
        constraints = [models.UniqueConstraint(fields=["number", "nice_class"], name="trademark_unique")]
        indexes = [
            # Covers the indicator board: valid marks by region from the index alone.
            models.Index(
                fields=["region", "registered_on", "ended_on", "expires_on", "madrid"],
                name="trademark_region_board",
            ),
            models.Index(fields=["registered_on", "ended_on"], name="trademark_validity"),
        ]


class GIMode(models.TextChoices):
    TRADEMARK = "trademark", _("地理标志证明商标/集体商标")
    PGI = "pgi", _("地理标志保护产品")
    AGI = "agi", _("农产品地理标志")


class GeographicalIndication(Right):
    """A geographical indication under any of the three systems."""

    mode = models.CharField(_("保护方式"), max_length=10, choices=GIMode.choices)
    product = models.CharField(_("产品类别"), max_length=100, blank=True)
    area = models.TextField(_("保护范围"), blank=True)
    trademark = models.ForeignKey(
        Trademark,
        verbose_name=_("对应商标"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="geographical_indications",
    )

    class Meta(Right.Meta):
        verbose_name = _("地理标志")
        verbose_name_plural = _("地理标志")
        constraints = [models.UniqueConstraint(fields=["mode", "number"], name="gi_unique")]


class GIUser(models.Model):
    """An enterprise authorised to use a geographical indication (用标企业)."""

    gi = models.ForeignKey(GeographicalIndication, on_delete=models.CASCADE, related_name="users")
    entity = models.ForeignKey(
        Entity, verbose_name=_("用标主体"), on_delete=models.PROTECT, related_name="gi_uses"
    )
    authorized_on = models.DateField(_("核准日"), null=True, blank=True)
    valid_to = models.DateField(_("有效期至"), null=True, blank=True)
    mark_used = models.BooleanField(
        _("已使用专用标志"), default=False, help_text=_("在产品或包装上使用地理标志专用标志。")
    )
    products = models.CharField(_("使用产品"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("地理标志用标主体")
        verbose_name_plural = _("地理标志用标主体")
        constraints = [models.UniqueConstraint(fields=["gi", "entity"], name="gi_user_unique")]

    def __str__(self) -> str:
        return f"{self.gi.title} · {self.entity}"

    def get_additional_data(self) -> dict:
        return {"region": self.gi.region.code if self.gi.region_id else ""}


class CopyrightKind(models.TextChoices):
    WORK = "work", _("作品")
    SOFTWARE = "software", _("计算机软件")


class Copyright(Right):
    """A copyright registration (作品登记) or software copyright registration (软著登记)."""

    kind = models.CharField(_("类型"), max_length=10, choices=CopyrightKind.choices)
    category = models.CharField(_("作品类别/版本号"), max_length=100, blank=True)
    completed_on = models.DateField(_("创作完成日"), null=True, blank=True)
    first_published_on = models.DateField(_("首次发表日"), null=True, blank=True)

    class Meta(Right.Meta):
        verbose_name = _("著作权登记")
        verbose_name_plural = _("著作权登记")
        constraints = [models.UniqueConstraint(fields=["number"], name="copyright_unique")]


class PlantVariety(Right):
    """A plant variety right (植物新品种权)."""

    application_number = models.CharField(_("申请号"), max_length=40, blank=True)
    genus = models.CharField(_("属或种"), max_length=100, blank=True)

    class Meta(Right.Meta):
        verbose_name = _("植物新品种")
        verbose_name_plural = _("植物新品种")
        constraints = [models.UniqueConstraint(fields=["number"], name="variety_unique")]


class LayoutDesign(Right):
    """An integrated-circuit layout-design registration (集成电路布图设计专有权)."""

    commercial_use_on = models.DateField(_("首次商业利用日"), null=True, blank=True)

    class Meta(Right.Meta):
        verbose_name = _("集成电路布图设计")
        verbose_name_plural = _("集成电路布图设计")
        constraints = [models.UniqueConstraint(fields=["number"], name="layout_unique")]


class DataIPRegistration(Right):
    """A data-IP registration certificate (数据知识产权登记证书)."""

    registrar = models.CharField(_("登记机构"), max_length=100, blank=True)
    data_category = models.CharField(_("数据类别"), max_length=100, blank=True)

    class Meta(Right.Meta):
        verbose_name = _("数据知识产权登记")
        verbose_name_plural = _("数据知识产权登记")
        constraints = [models.UniqueConstraint(fields=["number"], name="dataip_unique")]


# ---------------------------------------------------------------------------------------------
# Applicant linking review


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    RESOLVED = "resolved", _("已关联")
    DISMISSED = "dismissed", _("不关联")


class LinkReview(models.Model):
    """A holder name that matched several entities: staff pick the right one (or none)."""

    name = models.CharField(_("数据中的名称"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True)
    candidates = models.ManyToManyField(Entity, verbose_name=_("候选主体"), related_name="+")
    patent_applicant = models.ForeignKey(
        PatentApplicant, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    right_model = models.CharField(max_length=32, blank=True)  # trademark, copyright, …
    right_id = models.BigIntegerField(null=True, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    chosen = models.ForeignKey(
        Entity, verbose_name=_("确认主体"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("申请人关联待核")
        verbose_name_plural = _("申请人关联待核")
        ordering = ["status", "-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.region.code if self.region_id else ""}


auditlog.register(ImportBatch, exclude_fields=["errors", "quality"])
auditlog.register(Patent, exclude_fields=["row_hash", "source_hash", "updated_at"])
auditlog.register(PatentEvent)
auditlog.register(PatentAward)
auditlog.register(Trademark, exclude_fields=["row_hash", "updated_at"])
auditlog.register(GeographicalIndication, exclude_fields=["row_hash", "updated_at"])
auditlog.register(GIUser)
auditlog.register(Copyright, exclude_fields=["row_hash", "updated_at"])
auditlog.register(PlantVariety, exclude_fields=["row_hash", "updated_at"])
auditlog.register(LayoutDesign, exclude_fields=["row_hash", "updated_at"])
auditlog.register(DataIPRegistration, exclude_fields=["row_hash", "updated_at"])
auditlog.register(LinkReview)
