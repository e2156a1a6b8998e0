"""Self-service for enterprise and bank users (`/portal/mine/`): their own records only, read
through the same access helpers as every other page."""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from zhichan.assets.models import Patent, PatentApplicant, PatentStatus, Trademark
from zhichan.assets.status import status_on

ANNUITY_GRACE = relativedelta(months=6)  # 专利法实施细则: late payment within six months, with a surcharge
RENEWAL_WINDOW = relativedelta(months=12)  # 商标法第四十条: renew within twelve months before expiry
RENEWAL_GRACE = relativedelta(months=6)


def next_annuity(patent: Patent, today: date) -> date | None:
    """The next day by which a valid patent's annual fee is due: the anniversary of the filing
    date (每年的申请日对应日), for the year that starts on it."""
    if status_on(patent, today) != PatentStatus.VALID:
        return None
    years = today.year - patent.filed_on.year
    due = patent.filed_on + relativedelta(years=years)
    if due < today:
        due = patent.filed_on + relativedelta(years=years + 1)
    if patent.expires_on and due >= patent.expires_on:
        return None  # no further year to pay for
    return due


@dataclass
class LateAnnuity:
    """A fee whose day passed within the last six months: payable late until ``grace_until`` with
    a surcharge of ``surcharge`` % of the year's fee — if it has not been paid (the registry does
    not know payments; the holder does)."""

    due: date
    grace_until: date
    surcharge: int


def late_annuity(patent: Patent, today: date) -> LateAnnuity | None:
    """The anniversary of filing passed less than six months ago, in a year the patent had been
    granted by (the grant year's fee is paid when the grant is registered). The surcharge is 5 %
    of the year's fee for each full month after the first (CNIPA's fee schedule: none within one
    month, 5 % in the second month, … 25 % in the sixth)."""
    if status_on(patent, today) != PatentStatus.VALID or patent.granted_on is None:
        return None
    years = today.year - patent.filed_on.year
    last = patent.filed_on + relativedelta(years=years)
    if last > today:
        last = patent.filed_on + relativedelta(years=years - 1)
    if last <= patent.filed_on or last <= patent.granted_on or last == today or today >= last + ANNUITY_GRACE:
        return None
    months = relativedelta(today, last).months
    return LateAnnuity(last, last + ANNUITY_GRACE, 5 * months)


@dataclass
class PortfolioRow:
    patent: Patent
    status: str
    annuity: date | None
    soon: bool
    late: LateAnnuity | None = None


def portfolio(entity, today: date) -> list[PortfolioRow]:
    patents = Patent.objects.filter(
        pk__in=PatentApplicant.objects.filter(entity=entity).values("patent_id")
    ).order_by("-filed_on")
    rows = []
    for patent in patents:
        due = next_annuity(patent, today)
        status = status_on(patent, today)
        rows.append(PortfolioRow(patent, str(PatentStatus(status).label) if status else "", due,
                                 bool(due and (due - today).days <= 90), late_annuity(patent, today)))  # fmt: skip
    return rows


def trademarks(entity, today: date) -> list[tuple[Trademark, str]]:
    """The entity's marks with what their term asks now: renew in the last year, or in the grace period."""
    found = []
    for mark in Trademark.objects.filter(holder=entity).order_by("expires_on"):
        note = ""
        if mark.expires_on:
            if mark.expires_on - RENEWAL_WINDOW <= today <= mark.expires_on:
                note = f"可办理续展（{mark.expires_on} 到期）"
            elif mark.expires_on < today <= mark.expires_on + RENEWAL_GRACE:
                note = f"已到期，宽展期至 {mark.expires_on + RENEWAL_GRACE}"
        found.append((mark, note))
    return found
