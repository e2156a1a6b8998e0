from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "zhichan.catalog"
    label = "catalog"
    verbose_name = _("公共服务事项清单")
