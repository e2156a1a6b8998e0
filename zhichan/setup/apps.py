from django.apps import AppConfig


class SetupConfig(AppConfig):
    name = "zhichan.setup"
    verbose_name = "设置"
