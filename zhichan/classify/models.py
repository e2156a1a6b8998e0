"""Classification schemes and tables: the IPC with Chinese titles (more tables come with issue 4)."""

from django.db import models
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
