import json
import resource
import time
from pathlib import Path

from django.core.management.base import CommandError

from zhichan.assets.imports import IMPORTERS, run_import
from zhichan.lib.commands import OperationalCommand
from zhichan.lib.tabular import TableError


class Command(OperationalCommand):
    help = "导入知识产权数据文件（CSV：UTF-8/GBK/GB18030，或 xlsx、xls）：zhichan import patents 文件.csv"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(IMPORTERS), help="数据类型")
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, kind, path: Path, format: str, **options):
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        started = time.perf_counter()
        try:
            batch = run_import(kind, path=path)
        except TableError as error:
            raise CommandError(str(error)) from error
        summary = {
            "batch": batch.pk,
            "kind": batch.kind,
            "profile": batch.profile,
            "rows_read": batch.rows_read,
            "created": batch.created,
            "updated": batch.updated,
            "unchanged": batch.unchanged,
            "rejected": batch.rejected,
            "outside": batch.outside,
            "events_added": batch.events_added,
            "entities_created": batch.entities_created,
            "errors": batch.errors,
            "quality": {s["key"]: s["count"] for s in batch.quality.get("sections", [])},
            "unrecognised_columns": batch.quality.get("unrecognised", []),
            "seconds": round(time.perf_counter() - started, 2),
            # Peak resident memory of this process and of the largest child (the parser).
            "peak_memory_mb": {
                "self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
            },
        }
        if format == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=1))
            return
        self.stdout.write(
            f"导入批次 #{batch.pk}（{batch.profile or '未识别格式'}）：读取 {batch.rows_read} 行，新增 {batch.created}，"
            f"更新 {batch.updated}，未变化 {batch.unchanged}，未导入 {batch.rejected}，管辖范围外（供分析）{batch.outside}；"
            f"新增法律事件 {batch.events_added}，"
            f"新建主体 {batch.entities_created}。"
        )
        for error in batch.errors[:50]:
            self.stdout.write(f"  第{error['row']}行 {error['column']}：{error['message']}")
        for section in batch.quality.get("sections", []):
            self.stdout.write(f"  [质量] {section['label']}：{section['count']}")
        if batch.quality.get("unrecognised"):
            self.stdout.write("  未识别的列（未读取）：" + "、".join(batch.quality["unrecognised"]))
