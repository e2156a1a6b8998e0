"""Telling people: one call makes the in-app notices and sends the e-mail and SMS each person
chose, after the transaction that caused them commits, through the background worker."""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from zhichan.accounts.models import User
from zhichan.notices.models import SMS_BY_DEFAULT, Notice, Preference
from zhichan.notices.sms import send_sms

log = logging.getLogger("zhichan.notices")

RETRY_AFTER = timedelta(minutes=10)


def channels(user: User, kind: str) -> tuple[bool, bool]:
    """(e-mail, SMS) for this user and kind: their choice, else the default; a channel without an
    address is off."""
    chosen = Preference.objects.filter(user=user, kind=kind).first()
    email, sms = (chosen.email, chosen.sms) if chosen else (True, kind in SMS_BY_DEFAULT)
    return email and bool(user.email), sms and bool(user.mobile)


def notify(
    users: Iterable[User], *, kind: str, title: str, body: str = "", link: str = "", key: str = ""
) -> list:
    """In-app notices for ``users`` (each once per ``key`` when one is given), delivered by e-mail
    and SMS once the current transaction commits."""
    made = []
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        try:
            with transaction.atomic():
                made.append(Notice.objects.create(user=user, kind=kind, title=title[:200], body=body,
                                                  link=link[:300], key=key[:120]))  # fmt: skip
        except IntegrityError:  # this reminder was sent already
            continue
    if made:
        ids = [n.pk for n in made]
        transaction.on_commit(lambda: _queue(ids))
    return made


def _queue(ids: list[int]) -> None:
    try:
        deliver_task.enqueue(ids)
    except Exception:  # the notices are in the app; `zhichan send-notices` sends what is left
        log.exception("could not queue the delivery of notices %s", ids)


def deliver(ids: Iterable[int]) -> dict:
    """Send the e-mail and SMS of these notices that are still due; a failure is recorded on the
    notice and retried by ``deliver_pending``."""
    sent = {"email": 0, "sms": 0, "failed": 0}
    for notice in Notice.objects.filter(pk__in=list(ids)).select_related("user"):
        email, sms = channels(notice.user, notice.kind)
        text = _message(notice)
        failure = ""
        if email and notice.emailed_at is None:
            try:
                send_mail(f"【知产】{notice.title}", text, None, [notice.user.email])
                Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
                sent["email"] += 1
            except Exception as error:
                failure = _("邮件未发出：%(e)s") % {"e": error}
        if sms and notice.texted_at is None:
            try:
                send_sms(notice.user.mobile, f"【知产】{notice.title}。{notice.body}"[:300])
                Notice.objects.filter(pk=notice.pk).update(texted_at=timezone.now())
                sent["sms"] += 1
            except Exception as error:
                failure = (failure + " " + _("短信未发出：%(e)s") % {"e": error}).strip()
        if failure:
            log.warning("notice %s: %s", notice.pk, failure)
            sent["failed"] += 1
        Notice.objects.filter(pk=notice.pk).update(failure=failure[:300])
    return sent


def deliver_pending(*, now=None) -> dict:
    """Retry what failed or was never queued (older than ten minutes, within the last three days)."""
    now = now or timezone.now()
    due = Notice.objects.filter(
        created_at__lt=now - RETRY_AFTER, created_at__gte=now - timedelta(days=3)
    ).filter(Q(emailed_at__isnull=True) | Q(texted_at__isnull=True))
    return deliver(due.values_list("pk", flat=True))


def _message(notice: Notice) -> str:
    lines = [notice.title, "", notice.body] if notice.body else [notice.title]
    if notice.link:
        lines += ["", _("详情：%(u)s") % {"u": settings.ZHICHAN_SITE_URL.rstrip("/") + notice.link}]
    lines += ["", _("（知产平台自动发送；在“通知 › 通知设置”中可选择接收方式。）")]
    return "\n".join(lines)


@task()
def deliver_task(ids: list[int]) -> dict:
    return deliver(ids)


def officials_of(region) -> list[User]:
    """The active officials bound to ``region`` itself."""
    from zhichan.accounts.models import Role

    return list(User.objects.filter(region=region, role=Role.OFFICIAL, is_active=True))


def users_of(entity) -> list[User]:
    """The enterprise or university users bound to ``entity``."""
    return list(User.objects.filter(entity=entity, is_active=True)) if entity is not None else []
