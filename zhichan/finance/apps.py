from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "zhichan.finance"
    label = "finance"
    verbose_name = _("知识产权金融")
