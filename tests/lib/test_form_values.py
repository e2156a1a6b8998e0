"""Dates and amounts typed into forms: empty is nothing (or refused where required), a wrong one
is refused in Chinese with the field named, thousands separators are accepted."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zhichan.lib.views import day_from, money_from


def test_days_and_amounts_from_form_fields():
    assert (day_from(" 2025-06-30 "), day_from(""), day_from(None)) == (date(2025, 6, 30), None, None)
    assert (money_from("1,000,000.50"), money_from(" "), money_from(None)) == (
        Decimal("1000000.50"),
        None,
        None,
    )
    with pytest.raises(ValidationError) as wrong_day:
        day_from("2025/06/30", "逾期起始日")
    assert wrong_day.value.messages == ["逾期起始日格式应为 YYYY-MM-DD。"]
    with pytest.raises(ValidationError) as missing:
        day_from("", "代偿日", required=True)
    assert missing.value.messages == ["请填写代偿日。"]
    with pytest.raises(ValidationError) as wrong_amount:
        money_from("三百万")
    assert wrong_amount.value.messages == ["金额应为数字。"]
    with pytest.raises(ValidationError) as no_amount:
        money_from("", required=True)
    assert no_amount.value.messages == ["请填写金额。"]
