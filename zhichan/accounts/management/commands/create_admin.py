import secrets

from django.core.management.base import CommandError

from zhichan.accounts.models import User
from zhichan.lib.commands import OperationalCommand


class Command(OperationalCommand):
    help = "建立系统管理员（正式安装）：随机生成强密码并只显示一次；已有系统管理员时不做任何事。"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--reset", action="store_true", help="为该用户重新生成密码（忘记密码时）")

    def handle(self, *args, username: str, reset: bool, **options):
        user = User.objects.filter(username=username).first()
        if user is not None and not reset:
            self.stdout.write(f"用户 {username} 已存在，未作改动（忘记密码可加 --reset）。")
            return
        if user is None and not reset and User.objects.filter(is_superuser=True, is_active=True).exists():
            self.stdout.write("已有系统管理员，未作改动。")
            return
        if user is not None and not user.is_superuser:
            raise CommandError(f"用户 {username} 不是系统管理员。")
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User(username=username, is_superuser=True, is_staff=True, display_name="系统管理员")
        user.set_password(password)
        user.save()
        self.stdout.write(
            f"系统管理员：{username}\n初始密码（只显示这一次，请登录后在“账号”页修改）：{password}"
        )
