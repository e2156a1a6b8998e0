from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "zhichan.events"
    label = "events"
    verbose_name = _("培训与宣传活动")
