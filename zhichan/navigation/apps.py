from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NavigationConfig(AppConfig):
    name = "zhichan.navigation"
    label = "navigation"
    verbose_name = _("专利导航与预警")
