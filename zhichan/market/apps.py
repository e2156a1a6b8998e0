from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "zhichan.market"
    label = "market"
    verbose_name = _("转化运用")
