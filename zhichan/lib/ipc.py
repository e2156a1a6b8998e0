"""IPC symbols as they appear in real data, normalized to one form.

Accepted: "H01M 10/0525", "H01M10/0525(2010.01)I", "h01m  10/0525", full-width "Ｈ０１Ｍ１０／０５２５",
subclass or main group alone ("H01M", "H01M 10/00"). The canonical form is the subclass, a space,
then group/subgroup: "H01M 10/0525". A list ("H01M 10/0525; H01M 4/36") is split on ; , 、 and
line breaks. Anything else raises ``InvalidIPC`` with a Chinese message.
"""

import re
import unicodedata

_SYMBOL = re.compile(
    r"^([A-H])(\d{2})([A-Z])(?:\s*(\d{1,4})\s*/\s*(\d{2,6}))?(?:\s*\(\d{4}\.\d{2}\))?\s*[IAN]?$"
)
_SEPARATORS = re.compile(r"[;,、\n\r|]+")


class InvalidIPC(ValueError):
    pass


def normalize(value: str) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).upper().strip()
    match = _SYMBOL.match(text)
    if not match:
        raise InvalidIPC(f"“{value}”不是有效的国际专利分类号（示例：H01M 10/0525）。")
    section, klass, subclass, group, subgroup = match.groups()
    head = f"{section}{klass}{subclass}"
    if group is None:
        return head
    return f"{head} {int(group)}/{subgroup}"


def split(value: str) -> list[str]:
    """The raw symbols of a list cell, in order, empty ones dropped."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]
