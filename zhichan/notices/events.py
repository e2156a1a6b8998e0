"""Who is told what, when the platform's work moves: called by the services that move it.

Each notice carries a key where a run could repeat (a reminder, an alert, a fee's due day), so
a worker that runs twice or a command run again tells nobody twice.
"""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from zhichan.notices.models import NoticeKind
from zhichan.notices.services import notify, officials_of, users_of

FEE_HORIZON = timedelta(days=30)


def deadlines_due(deadlines, *, overdue: bool) -> int:
    """A reminder before, or an alert after, each of these office deadlines: to the handler of
    its complaint or case, or to the officials of its region when nobody handles it yet."""
    sent = 0
    for deadline in deadlines.select_related("limit", "complaint__handler", "case__handler", "complaint__region",
                                             "case__region"):  # fmt: skip
        work = deadline.case or deadline.complaint
        if work is None:
            continue
        if deadline.case_id:
            what = _("案件 %(n)s“%(t)s”") % {"n": work.number, "t": work.title}
            link = reverse("protection:case", args=[work.pk])
        else:
            what = _("投诉举报（回执码 %(r)s）") % {"r": work.receipt}
            link = reverse("protection:complaint", args=[work.pk])
        people = [work.handler] if work.handler_id else officials_of(work.region)
        values = {"w": what, "l": deadline.limit.label, "d": f"{deadline.due_on:%Y年%-m月%-d日}"}
        if overdue:
            title = _("已逾期：%(w)s的%(l)s（%(d)s 届满）") % values
            kind, key = NoticeKind.OVERDUE, f"deadline:{deadline.pk}:overdue"
        else:
            title = _("时限将至：%(w)s的%(l)s %(d)s 届满") % values
            kind, key = NoticeKind.DEADLINE, f"deadline:{deadline.pk}:remind:{deadline.due_on}"
        sent += len(notify(people, kind=kind, title=title, link=link, key=key))
    return sent


def application_moved(application, to: str, comment: str = "") -> None:
    """The applicant hears of each decision on its award application."""
    from zhichan.awards.models import AppStatus

    labels = {
        AppStatus.RETURNED: _("已退回，请修改后重新提交"),
        AppStatus.REJECTED: _("未获支持"),
        AppStatus.APPROVED: _("已批准"),
        AppStatus.PAID: _("奖补资金已拨付"),
    }
    if to not in labels:
        return
    people = users_of(application.entity) + ([application.created_by] if application.created_by_id else [])
    notify(
        people, kind=NoticeKind.APPLICATION,
        title=_("奖补申报“%(p)s”%(s)s") % {"p": application.programme.name, "s": labels[to]},
        body=_("审核意见：%(c)s") % {"c": comment} if comment.strip() else "",
        link=reverse("awards:application", args=[application.pk]),
    )  # fmt: skip


def complaint_moved(complaint, to: str, public_note: str = "") -> None:
    """A complainant who filed while signed in hears of each step (the public reply only)."""
    from zhichan.protection.models import ComplaintStatus

    if not complaint.filed_by_id:
        return
    notify(
        [complaint.filed_by], kind=NoticeKind.CASE,
        title=_("您的%(k)s（回执码 %(r)s）：%(s)s")
        % {"k": complaint.get_kind_display(), "r": complaint.receipt, "s": ComplaintStatus(to).label},
        body=public_note.strip(), link=reverse("portal:mine"),
    )  # fmt: skip


def case_moved(case, to: str) -> None:
    """The parties that are registered entities hear each step of their case, and so does whoever
    filed the complaint it came from while signed in. Steps only: no party's details."""
    from zhichan.protection.models import CaseStatus

    people = [user for party in case.parties.filter(entity__isnull=False).select_related("entity")
              for user in users_of(party.entity)]  # fmt: skip
    if case.complaint_id and case.complaint.filed_by_id:
        people.append(case.complaint.filed_by)
    notify(
        people, kind=NoticeKind.CASE,
        title=_("案件 %(n)s“%(t)s”：%(s)s") % {"n": case.number, "t": case.title, "s": CaseStatus(to).label},
        link=reverse("portal:mine"), key=f"case:{case.pk}:{to}",
    )  # fmt: skip


def watch_noticed(notice) -> None:
    """A warning watch found something new: the watched enterprise's users and the scope's office."""
    watch = notice.watch
    title = _("专利预警“%(w)s”有新情况") % {"w": watch}
    for people, link in [(users_of(watch.entity), reverse("portal:mine")),
                         (officials_of(watch.scope.office), reverse("navigation:watches"))]:  # fmt: skip
        notify(
            people,
            kind=NoticeKind.WARNING,
            title=title,
            body=notice.summary,
            link=link,
            key=f"watch:{notice.pk}",
        )


def fees_due(today: date) -> int:
    """Annual fees due within thirty days, fees whose day passed within the month without
    surcharge, and marks to renew, to the users of the entities that hold them (once per right
    and due day)."""
    from zhichan.accounts.models import User
    from zhichan.portal.selfservice import portfolio, trademarks

    sent = 0
    entities = {
        u.entity for u in User.objects.filter(entity__isnull=False, is_active=True).select_related("entity")
    }
    for entity in entities:
        people = users_of(entity)
        for row in portfolio(entity, today):
            if row.annuity and today <= row.annuity <= today + FEE_HORIZON:
                sent += len(notify(
                    people, kind=NoticeKind.FEE,
                    title=_("专利 %(n)s 年费 %(d)s 前缴纳") % {"n": row.patent.number, "d": f"{row.annuity:%Y年%-m月%-d日}"},
                    body=_("“%(t)s”的年费应在申请日对应日前缴纳，逾期将加收滞纳金。") % {"t": row.patent.title},
                    link=reverse("portal:mine"), key=f"fee:{row.patent.pk}:{row.annuity}",
                ))  # fmt: skip
            elif row.late is not None and row.late.surcharge == 0:
                # The registry does not know payments: one reminder in the month without surcharge.
                sent += len(notify(
                    people, kind=NoticeKind.FEE,
                    title=_("专利 %(n)s 年费应缴日 %(d)s 已过，如尚未缴纳请尽快补缴") % {
                        "n": row.patent.number, "d": f"{row.late.due:%Y年%-m月%-d日}"},
                    body=_("应缴日后一个月内补缴不加收滞纳金，此后每月加收当年年费的 5%%；%(g)s 前仍未缴纳的，"
                           "专利权自应缴年费期满之日起终止。") % {"g": f"{row.late.grace_until:%Y年%-m月%-d日}"},
                    link=reverse("portal:mine"), key=f"fee-late:{row.patent.pk}:{row.late.due}",
                ))  # fmt: skip
        for mark, note in trademarks(entity, today):
            if note:
                sent += len(notify(
                    people, kind=NoticeKind.FEE, title=_("商标 %(n)s：%(s)s") % {"n": mark.number, "s": note},
                    link=reverse("portal:mine"), key=f"mark:{mark.pk}:{mark.expires_on}:{note[:20]}",
                ))  # fmt: skip
    return sent


def handoff_moved(handoff) -> None:
    """跨区域协作: the receiving office's officials hear of a request; the sending office's, of its
    acceptance, return or answer."""
    from zhichan.protection.models import HandoffStatus

    to_receiver = handoff.status == HandoffStatus.SENT
    office = handoff.to_region if to_receiver else handoff.from_region
    other = handoff.from_region if to_receiver else handoff.to_region
    notify(
        officials_of(office), kind=NoticeKind.CASE,
        title=_("跨区域协作“%(s)s”（%(r)s）：%(t)s") % {
            "s": handoff.subject, "r": other.name, "t": HandoffStatus(handoff.status).label},
        link=reverse("protection:handoff", args=[handoff.pk]), key=f"handoff:{handoff.pk}:{handoff.status}",
    )  # fmt: skip
