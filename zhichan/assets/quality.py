"""The data-quality report of one import: what was wrong or doubtful, with row numbers."""

from django.utils.translation import gettext as _

SAMPLES = 200

SECTIONS = {
    "duplicates": _("文件内完全相同的重复行（已忽略）"),
    "merged_publications": _("同一申请的多个文献（已合并为一件专利）"),
    "invalid_numbers": _("编号无效"),
    "impossible_dates": _("日期不合理"),
    "invalid_ipc": _("IPC分类号无效"),
    "unresolved_addresses": _("地址未能解析到区划"),
    "inconsistent_status": _("状态与日期或类型不一致"),
    "estimated_dates": _("状态变更无日期（按导入日记录）"),
    "undated_holder_change": _("权利人变更无日期（不计入转让次数）"),
    "place_mismatch": _("地址解析与数据商标注的区县不一致"),
    "ambiguous_holders": _("申请人匹配到多个主体（已转待核）"),
    "invalid_credit_codes": _("统一社会信用代码无效（已忽略）"),
    "out_of_scope": _("不在管辖范围内"),
    "overlapping_pledges": _("同一专利在未解除的质押期间再次登记"),
}


class Quality:
    def __init__(self):
        self.counts: dict[str, int] = {}
        self.samples: dict[str, list] = {}

    def add(self, key: str, row: int, detail) -> None:
        """Count a finding and keep it as a sample while there are fewer than ``SAMPLES``;
        ``detail`` is the text, or a function that writes it (called only for a sample)."""
        self.counts[key] = self.counts.get(key, 0) + 1
        samples = self.samples.setdefault(key, [])
        if len(samples) < SAMPLES:
            samples.append({"row": row, "detail": detail() if callable(detail) else detail})

    def merge(self, other: "Quality") -> None:
        for key, count in other.counts.items():
            self.counts[key] = self.counts.get(key, 0) + count
            # The first rows of the file, whichever process found them.
            self.samples[key] = sorted(
                self.samples.get(key, []) + other.samples[key], key=lambda s: s["row"]
            )[:SAMPLES]

    def as_dict(self) -> dict:
        return {
            "sections": [
                {"key": key, "label": str(label), "count": self.counts[key], "samples": self.samples[key]}
                for key, label in SECTIONS.items()
                if self.counts.get(key)
            ],
            "total": sum(self.counts.values()),
        }
