from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "zhichan.monitor"
    label = "monitor"
    verbose_name = _("知识产权监测")

    def ready(self):
        from zhichan.lib.stamp import stamp_moved
        from zhichan.monitor import warm

        stamp_moved.connect(warm.schedule, dispatch_uid="zhichan.monitor.warm")
