from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "zhichan.search"
    label = "sitesearch"
    verbose_name = _("全站搜索")
