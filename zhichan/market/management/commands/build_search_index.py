"""`zhichan build-search-index`: build the matching index over every patent and switch to it."""

from zhichan.lib.commands import OperationalCommand
from zhichan.market import search


class Command(OperationalCommand):
    help = "建立（重建）专利匹配检索索引。"

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=None, help="分词进程数（默认按 CPU 核数，至多 4）")

    def handle(self, *args, **options):
        built = search.index_build(workers=options["workers"])
        self.stdout.write(
            f"已建立索引：{built['documents']:,} 件专利，{built['words']:,} 个词，用时 {built['seconds']} s。"
        )
