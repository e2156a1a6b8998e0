"""Each case kind's workflow as data: the moves it allows, the time limits a move opens and
closes, and what a move requires. `cases.case_move` refuses anything not listed here.

Limits are named by code; their figures, units and sources are `TimeLimit` rows (migration
0004_case_limits, editable in the admin), chosen by the date the clock starts.
"""

from dataclasses import dataclass, field

from zhichan.protection.models import CaseKind
from zhichan.protection.models import CaseStatus as S

ADJ, SIMPLE, COUNTERFEIT, TRADEMARK = (
    CaseKind.ADJUDICATION,
    CaseKind.SIMPLE,
    CaseKind.COUNTERFEIT,
    CaseKind.TRADEMARK,
)
MEDIATION, REFERRAL, CRIMINAL = CaseKind.MEDIATION, CaseKind.REFERRAL, CaseKind.CRIMINAL
PENALTY = (COUNTERFEIT, TRADEMARK)

_ADJ_MOVES = {
    S.REQUESTED: {S.FILED, S.REJECTED},
    S.FILED: {S.SERVED, S.WITHDRAWN},
    S.SERVED: {S.ANSWERED, S.HEARING, S.INVESTIGATING, S.MEDIATING, S.DECIDED, S.WITHDRAWN},
    S.ANSWERED: {S.HEARING, S.INVESTIGATING, S.MEDIATING, S.DECIDED, S.WITHDRAWN},
    S.HEARING: {S.INVESTIGATING, S.MEDIATING, S.DECIDED, S.WITHDRAWN},
    S.INVESTIGATING: {S.HEARING, S.DECIDED, S.WITHDRAWN},
    S.MEDIATING: {S.MEDIATED, S.HEARING, S.DECIDED, S.WITHDRAWN},
    S.DECIDED: {S.ENFORCING, S.CLOSED},
    S.MEDIATED: {S.CLOSED},
    S.WITHDRAWN: {S.CLOSED},
    S.ENFORCING: {S.CLOSED},
}
_SIMPLE_MOVES = {
    S.REQUESTED: {S.FILED, S.REJECTED},
    S.FILED: {S.SERVED, S.WITHDRAWN},
    S.SERVED: {S.ANSWERED, S.HEARING, S.MEDIATING, S.DECIDED, S.WITHDRAWN},
    S.ANSWERED: {S.HEARING, S.MEDIATING, S.DECIDED, S.WITHDRAWN},
    S.HEARING: {S.MEDIATING, S.DECIDED, S.WITHDRAWN},
    S.MEDIATING: {S.MEDIATED, S.DECIDED, S.WITHDRAWN},
    S.DECIDED: {S.ENFORCING, S.CLOSED},
    S.MEDIATED: {S.CLOSED},
    S.WITHDRAWN: {S.CLOSED},
    S.ENFORCING: {S.CLOSED},
}
_PENALTY_MOVES = {
    S.REQUESTED: {S.FILED, S.REJECTED},
    S.FILED: {S.INVESTIGATING},
    S.INVESTIGATING: {S.NOTIFIED, S.DECIDED},  # 不予处罚 is a decision too, without a notice
    S.NOTIFIED: {S.INVESTIGATING, S.DECIDED},
    S.DECIDED: {S.ENFORCING, S.CLOSED},
    S.ENFORCING: {S.CLOSED},
}
# A mediation agreement may be confirmed by a court (司法确认) or notarised before the file closes.
_MEDIATION_MOVES = {
    S.REQUESTED: {S.FILED, S.REJECTED},
    S.FILED: {S.MEDIATING, S.WITHDRAWN},
    S.MEDIATING: {S.MEDIATED, S.FAILED, S.WITHDRAWN},
    S.MEDIATED: {S.CONFIRMED, S.NOTARIZED, S.CLOSED},
    S.CONFIRMED: {S.CLOSED},
    S.NOTARIZED: {S.CLOSED},
    S.FAILED: {S.CLOSED},
    S.WITHDRAWN: {S.CLOSED},
}
# 诉调对接/仲裁: the court's or the arbitration body's outcome comes back before the file closes.
_REFERRAL_MOVES = {
    S.REQUESTED: {S.REFERRED, S.REJECTED},
    S.REFERRED: {S.MEDIATED, S.FAILED, S.ARBITRATED, S.JUDGED, S.WITHDRAWN},
    S.MEDIATED: {S.CONFIRMED, S.CLOSED},
    S.CONFIRMED: {S.CLOSED},
    S.FAILED: {S.ARBITRATED, S.JUDGED, S.CLOSED},
    S.ARBITRATED: {S.CLOSED},
    S.JUDGED: {S.CLOSED},
    S.WITHDRAWN: {S.CLOSED},
}
# 两法衔接: after the transfer, the police's receipt and its decision on filing come back; a refusal
# may be put to the police for review or to the procuratorate (立案监督) before the file closes.
_CRIMINAL_MOVES = {
    S.REQUESTED: {S.APPROVED, S.REJECTED},
    S.APPROVED: {S.TRANSFERRED},
    S.TRANSFERRED: {S.POLICE_RECEIVED},
    S.POLICE_RECEIVED: {S.POLICE_FILED, S.POLICE_DECLINED},
    S.POLICE_DECLINED: {S.REVIEW, S.CLOSED},
    S.REVIEW: {S.POLICE_FILED, S.CLOSED},
    S.POLICE_FILED: {S.CLOSED},
}

MOVES = {
    ADJ: _ADJ_MOVES,
    SIMPLE: _SIMPLE_MOVES,
    COUNTERFEIT: _PENALTY_MOVES,
    TRADEMARK: _PENALTY_MOVES,
    MEDIATION: _MEDIATION_MOVES,
    REFERRAL: _REFERRAL_MOVES,
    CRIMINAL: _CRIMINAL_MOVES,
}

# A decision that finds infringement or a violation writes a credit record of this code for each
# respondent that is a registered entity; the rule of that code in the entity's credit scheme
# scores it (docs/credit.md). Mediations, referrals and transfers find nothing of the kind.
CREDIT_CODES = {ADJ: "infringement_found", SIMPLE: "infringement_found", COUNTERFEIT: "counterfeit_patent",
                TRADEMARK: "ip_penalty"}  # fmt: skip
# The right a case concerns, where its kind says it.
IMPLIED_RIGHT = {ADJ: "patent", SIMPLE: "patent", COUNTERFEIT: "patent", TRADEMARK: "trademark"}

# Where the processing ends (审结): the cycle is counted to here.
CONCLUDING = {S.DECIDED, S.MEDIATED, S.FAILED, S.WITHDRAWN, S.REFERRED, S.TRANSFERRED}
# Moves that need the result written down (it is what the parties and any disclosure read).
# What another body sends back (the police's decision, a court's confirmation or judgment, an
# award): written down in the move itself and added to the result, which keeps what came before.
COMES_BACK = {S.CONFIRMED, S.NOTARIZED, S.ARBITRATED, S.JUDGED, S.POLICE_FILED, S.POLICE_DECLINED}
NEEDS_OUTCOME = {
    *COMES_BACK,
    S.REJECTED,
    S.DECIDED,
    S.MEDIATED,
    S.FAILED,
    S.WITHDRAWN,
    S.REFERRED,
    S.TRANSFERRED,
    S.CLOSED,
}
FINAL = {S.REJECTED, S.CLOSED}
# Kinds whose clock can be stopped (中止; 公告、鉴定 likewise do not count).
SUSPENDABLE = {ADJ, SIMPLE, COUNTERFEIT, TRADEMARK, MEDIATION}


@dataclass(frozen=True)
class Limits:
    """What entering a status does to the case's clock: limits closed (met, or lapsed for a
    party's) and limits opened from the day of the move."""

    close: tuple[str, ...] = ()
    open: tuple[str, ...] = ()


_CLOSE = {ADJ: "adj_close", SIMPLE: "simple_close", COUNTERFEIT: "pen_close", TRADEMARK: "pen_close"}
# A limit that may be extended once with the approval of the office's head, by another limit.
EXTENSIONS = {"adj_close": "adj_extend", "simple_close": "adj_extend", "pen_close": "pen_extend"}


def _adjudication(kind) -> dict:
    close = _CLOSE[kind]
    return {
        S.REQUESTED: Limits(open=("adj_file",)),
        S.FILED: Limits(close=("adj_file",), open=("adj_serve", close)),
        S.SERVED: Limits(close=("adj_serve",), open=("adj_answer",)),
        S.ANSWERED: Limits(close=("adj_answer",)),
        S.DECIDED: Limits(close=(close, "adj_answer")),
        S.MEDIATED: Limits(close=(close, "adj_answer")),
        S.WITHDRAWN: Limits(close=(close, "adj_serve", "adj_answer")),
    }


def _penalty() -> dict:
    return {
        S.REQUESTED: Limits(open=("pen_file",)),
        S.FILED: Limits(close=("pen_file",), open=("pen_close",)),
        S.DECIDED: Limits(close=("pen_close",), open=("pen_publish",)),
    }


CLOCK: dict[str, dict] = {
    ADJ: _adjudication(ADJ),
    SIMPLE: _adjudication(SIMPLE),
    COUNTERFEIT: _penalty(),
    TRADEMARK: _penalty(),
    MEDIATION: {S.REQUESTED: Limits(open=("med_file",)), S.FILED: Limits(close=("med_file",))},
    REFERRAL: {},
    CRIMINAL: {
        S.REQUESTED: Limits(open=("crim_approve",)),
        S.APPROVED: Limits(close=("crim_approve",), open=("crim_send",)),
        S.TRANSFERRED: Limits(close=("crim_send",)),
        S.POLICE_DECLINED: Limits(open=("crim_review",)),
        S.REVIEW: Limits(close=("crim_review",)),
    },
}


@dataclass(frozen=True)
class Guard:
    """A move allowed by the table only once a party's limit has run out or been answered:
    a hearing or a decision before the respondent's answer period ends is refused."""

    status: set = field(default_factory=set)
    waits_for: str = ""


GUARDS = {ADJ: Guard({S.HEARING, S.INVESTIGATING, S.DECIDED}, "adj_answer"),
          SIMPLE: Guard({S.HEARING, S.DECIDED}, "adj_answer")}  # fmt: skip

NUMBER_PREFIX = {ADJ: "裁", SIMPLE: "简裁", COUNTERFEIT: "假专", TRADEMARK: "商处", MEDIATION: "调",
                 REFERRAL: "诉调", CRIMINAL: "移"}  # fmt: skip

# How the history names each kind of step.
ACTION_LABELS = {"open": "登记", "move": "办理", "suspend": "中止", "resume": "恢复", "extend": "延长期限",
                 "convert": "转普通程序", "party": "当事人", "right": "涉案权利", "document": "材料",
                 "assign": "指派专家", "handler": "指定承办人", "publish": "公开", "unpublish": "撤下公开",
                 "facts": "场所与权利", "handoff": "跨区域协作"}  # fmt: skip
