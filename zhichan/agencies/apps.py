from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "zhichan.agencies"
    label = "agencies"
    verbose_name = _("服务机构与专家")
