from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "zhichan.screening"
    label = "screening"
    verbose_name = _("非正常申请与恶意注册筛查")
