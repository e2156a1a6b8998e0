"""执法信息公开: a concluded case published in a standard format with the personal data of natural
persons removed, typical cases, and the yearly protection white paper's statistics.

What is removed: a natural person's name becomes the surname and 某 (张三 → 张某), and no ID
number, phone, address or e-mail of anyone appears; legal persons are named, as disclosure rules
require for them. The text fields written by staff are redacted too, by the parties' own values
and by pattern, so a name typed into the decision's reasoning does not slip through.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.protection import workflow
from zhichan.protection.cases import step_add
from zhichan.protection.models import Case, CaseStatus, Disclosure, PartyRole
from zhichan.protection.services import close_deadlines

# 18-digit resident ID (last may be X), mobile numbers, landlines, e-mail addresses.
PATTERNS = [
    (re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"), "＊＊＊"),
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), "＊＊＊"),
    (re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"), "＊＊＊"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), "＊＊＊"),
]
# The standard format's fields, in order (what the portal shows and the export writes).
FIELDS = [
    ("number", _("案号")),
    ("kind", _("案件类型")),
    ("title", _("案由")),
    ("parties", _("当事人")),
    ("rights", _("涉案权利")),
    ("facts", _("基本案情")),
    ("outcome", _("处理结果")),
    ("basis", _("法律依据")),
    ("decided_on", _("作出日期")),
    ("authority", _("作出机关")),
]


def pseudonym(name: str) -> str:
    name = name.strip()
    return (name[0] + "某") if name else "某"


def redact(text: str, case: Case) -> str:
    for party in case.parties.all():
        if party.natural_person and party.name.strip():
            text = text.replace(party.name.strip(), pseudonym(party.name))
        for value in (party.id_number, party.phone, party.address if party.natural_person else ""):
            if value and value.strip():
                text = text.replace(value.strip(), "＊＊＊")
    if case.complaint is not None:
        return redact_complaint(text, case.complaint)
    for pattern, mask in PATTERNS:
        text = pattern.sub(mask, text)
    return text


def redact_complaint(text: str, complaint) -> str:
    """A complaint's text without its complainant's name, phone and e-mail, nor anything shaped
    like an ID number, a phone number or an e-mail address."""
    for value in (complaint.name, complaint.phone, complaint.email):
        if value and value.strip():
            text = text.replace(value.strip(), pseudonym(value) if value == complaint.name else "＊＊＊")
    for pattern, mask in PATTERNS:
        text = pattern.sub(mask, text)
    return text


def body_for(case: Case) -> dict:
    parties = []
    for party in case.parties.exclude(role=PartyRole.AGENT):
        shown = pseudonym(party.name) if party.natural_person else party.name
        parties.append(f"{party.get_role_display()}：{shown}")
    body = {
        "number": case.number,
        "kind": case.get_kind_display(),
        "title": case.title,
        "parties": "；".join(parties),
        "rights": "、".join(case.rights.values_list("number", flat=True)),
        "facts": case.summary,
        "outcome": case.outcome,
        "basis": case.basis,
        "decided_on": case.decided_on.isoformat() if case.decided_on else "",
        "authority": _("%(r)s市场监督管理局（知识产权局）") % {"r": case.region.name},
    }
    return {key: redact(str(value), case) for key, value in body.items()}


@transaction.atomic
def disclosure_publish(*, case: Case, on: date | None = None, typical: bool = False, typical_note: str = "",
                       user=None) -> Disclosure:  # fmt: skip
    """Publish a concluded case; a penalty decision's publication limit is met by it."""
    on = on or timezone.localdate()
    if case.decided_on is None or case.status not in (
        workflow.CONCLUDING | {CaseStatus.ENFORCING, CaseStatus.CLOSED}
    ):
        raise ValidationError(_("只有已审结的案件可以公开。"))
    if case.status == CaseStatus.WITHDRAWN:
        raise ValidationError(_("撤回的案件不公开。"))
    body = body_for(case)
    due = case.deadlines.filter(limit__code="pen_publish").values_list("due_on", flat=True).first()
    disclosure, _created = Disclosure.objects.update_or_create(
        case=case,
        defaults={"title": f"{body['number']} {body['title']}", "body": body, "published_on": on, "due_on": due,
                  "typical": typical, "typical_note": typical_note.strip(), "withdrawn_on": None},
    )  # fmt: skip
    close_deadlines(case.deadlines.all(), ["pen_publish"], on)
    step_add(case, "publish", on, _("典型案例") if typical else "", user)
    return disclosure


def disclosure_withdraw(*, disclosure: Disclosure, on: date, reason: str, user=None) -> Disclosure:
    if not reason.strip():
        raise ValidationError(_("撤下须写明理由（如决定被撤销、变更）。"))
    disclosure.withdrawn_on = on
    disclosure.save(update_fields=["withdrawn_on"])
    step_add(disclosure.case, "unpublish", on, reason, user)
    return disclosure


def published():
    return Disclosure.objects.filter(withdrawn_on__isnull=True).select_related("case")
