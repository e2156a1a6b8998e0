from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "zhichan.supervision"
    label = "supervision"
    verbose_name = _("工作任务督办")
