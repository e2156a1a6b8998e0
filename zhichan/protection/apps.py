from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "zhichan.protection"
    label = "protection"
    verbose_name = _("知识产权保护")
