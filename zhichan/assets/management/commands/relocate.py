from zhichan.assets.services import addresses_reresolve
from zhichan.lib.commands import OperationalCommand


class Command(OperationalCommand):
    help = "按现行区划树（含乡镇）重新解析所有记录的地址：载入或更新区划后运行"

    def handle(self, *args, **options):
        result = addresses_reresolve()
        moved = "，".join(f"{name} {n}" for name, n in result["moved"].items())
        self.stdout.write(f"已核对 {result['checked']} 条地址；归属区划改变：{moved}。")
