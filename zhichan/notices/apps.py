from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "zhichan.notices"
    label = "notices"
    verbose_name = _("通知")
