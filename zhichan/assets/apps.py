from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "zhichan.assets"
    label = "assets"
    verbose_name = _("知识产权登记")
