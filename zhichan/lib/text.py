"""Normalization of Chinese names and free text as they appear in official data."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# C0 control characters other than tab, line feed and carriage return, and DEL: no name, title or
# note means one, XML (Word, Excel) cannot hold them and PostgreSQL refuses NUL.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(value: str) -> str:
    """``value`` without control characters (tab and line breaks kept)."""
    return CONTROLS.sub("", value) if CONTROLS.search(value) else value


# Brackets and punctuation that vary between sources ("（有限合伙）" vs "(有限合伙)").
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]", "　": " "})


def fold(value: str) -> str:
    """NFKC-fold full-width characters, unify brackets and collapse white space."""
    value = unicodedata.normalize("NFKC", value or "").translate(_BRACKETS)
    return _SPACES.sub(" ", value).strip()


def name_key(value: str) -> str:
    """A matching key for organisation names: folded, without spaces and brackets' contents kept.

    "宜都市 东阳光（集团）有限公司" and "宜都市东阳光(集团)有限公司" share one key.
    """
    return fold(value).replace(" ", "").replace("·", "").upper()
