"""Passwords people guess first: dates, phone-like digit runs, one character repeated, keyboard
rows, the platform's own name. Django's validators cover length, common words and all-digit
passwords; this one covers what they miss in a Chinese office ("20240101", "yidu2024!!",
"aaaaaaaaaa", "qwertyuiop")."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DATE_LIKE = re.compile(r"(19|20)\d{2}[-./年]?(0?[1-9]|1[0-2])[-./月]?(0?[1-9]|[12]\d|3[01])日?")
ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz")
WORDS = ("zhichan", "password", "admin", "mima", "woaini")


def guessable(password: str) -> str:
    """Why the password is guessable, or ""."""
    low = password.lower()
    bare = re.sub(r"[\W_]", "", low)
    if len(set(low)) <= 3:
        return _("密码不能由极少几个字符重复组成。")
    if DATE_LIKE.fullmatch(re.sub(r"[\W_]", "", password)) or (bare.isdigit() and DATE_LIKE.search(bare)):
        return _("密码不能是日期。")
    letters = re.sub(r"[\d\W_]", "", low)
    digits = re.sub(r"\D", "", low)
    if digits and DATE_LIKE.search(digits) and len(letters) <= 4:
        return _("密码不能主要由日期组成。")
    for row in ROWS:
        if len(bare) >= 6 and (bare in row or bare in row[::-1]):
            return _("密码不能是键盘上连续的一排字符。")
    for word in WORDS:
        if word in low and len(low.replace(word, "")) < 6:
            return _("密码不能以“%(w)s”等常见词为主体。") % {"w": word}
    return ""


class GuessablePasswordValidator:
    def validate(self, password: str, user=None) -> None:
        reason = guessable(password)
        if reason:
            raise ValidationError(reason, code="password_guessable")

    def get_help_text(self) -> str:
        return _("不能是日期、连续按键、重复字符或以常见词为主体。")


class MinimumLengthValidator:
    """Django's length rule with its message in Chinese (Django's zh-hans catalogue lacks the
    current wording of this one)."""

    def __init__(self, min_length: int = 10):
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                _("密码太短：至少需要 %(n)s 个字符。") % {"n": self.min_length}, code="password_too_short"
            )

    def get_help_text(self) -> str:
        return _("至少 %(n)s 个字符。") % {"n": self.min_length}
