import json
import sys

from zhichan.lib.commands import OperationalCommand
from zhichan.regions.resolve import resolver


class Command(OperationalCommand):
    help = "解析地址所属行政区划：每个地址输出一行（代码、名称），无法确认时输出 unknown。地址为 - 时从标准输入逐行读取。"

    def add_arguments(self, parser):
        parser.add_argument("addresses", nargs="+", help="一个或多个地址")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--year", type=int, default=None, help="按该年份的区划解析（旧地址）")

    def handle(self, *args, addresses: list[str], format: str, year: int | None, **options):
        if addresses == ["-"]:
            addresses = [line.strip() for line in sys.stdin if line.strip()]
        results = resolver().resolve_many(addresses, year=year)
        if format == "json":
            self.stdout.write(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=1))
            return
        for r in results:
            if r.ok:
                self.stdout.write(f"{r.code}\t{r.name}\t{r.as_dict()['level_name']}\t{r.address}")
            else:
                self.stdout.write(f"unknown\t\t\t{r.address}\t（{r.reason}）")
