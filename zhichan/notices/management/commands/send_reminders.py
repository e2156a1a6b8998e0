"""`zhichan send-reminders`: annual-fee and renewal reminders to the holders' users, and another
try for e-mail and SMS that did not go out (run it daily)."""

from django.utils import timezone

from zhichan.lib.commands import OperationalCommand
from zhichan.notices import events
from zhichan.notices.services import deliver_pending


class Command(OperationalCommand):
    help = "发送年费与商标续展提醒，并重发未发出的邮件和短信（每天运行）。"

    def handle(self, *args, **options):
        today = timezone.localdate()
        fees = events.fees_due(today)
        retried = deliver_pending()
        self.stdout.write(
            f"新提醒 {fees} 条；重发：邮件 {retried['email']} 封，短信 {retried['sms']} 条，失败 {retried['failed']} 条。"
        )
