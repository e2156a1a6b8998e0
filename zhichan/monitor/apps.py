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

        from django.core.signals import request_started
        from django.db.models.signals import post_delete, post_save

        from zhichan.monitor import office
        from zhichan.monitor.models import OfficeIndicator

        # Office-defined indicators: read again after a change, and checked at each request.
        for signal in (post_save, post_delete):
            signal.connect(office.changed, sender=OfficeIndicator, dispatch_uid=f"zhichan.office.{signal}")
        request_started.connect(office.forget, dispatch_uid="zhichan.office.forget")
