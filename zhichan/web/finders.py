"""The built front-end files we serve, picked by name out of node_modules.

A package's ``dist`` holds every build (ECharts alone 51 MB of variants and maps); collecting
them all would make ``collectstatic`` compress what no page loads. This finder offers only the
files listed here, under ``vendor/<package>/``, so the hashed and compressed copies stay few.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Warning
from django.core.files.storage import FileSystemStorage

# prefix under static/ → (folder inside node_modules, files in it). A source map is listed
# with the file that names it: the hashed storage rewrites the reference and needs the map.
VENDOR = {
    "vendor/bootstrap": (
        "bootstrap/dist",
        ["css/bootstrap.min.css", "css/bootstrap.min.css.map", "js/bootstrap.bundle.min.js",
         "js/bootstrap.bundle.min.js.map"],
    ),
    "vendor/echarts": ("echarts/dist", ["echarts.min.js"]),
    "vendor/htmx": ("htmx.org/dist", ["htmx.min.js"]),
    "vendor/swagger-ui": ("swagger-ui-dist", ["swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui.css.map"]),
}  # fmt: skip


class VendorFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        self.storages = {}
        for prefix, (folder, _files) in VENDOR.items():
            storage = FileSystemStorage(location=Path(settings.NODE_MODULES) / folder)
            storage.prefix = prefix
            self.storages[prefix] = storage

    def check(self, **kwargs):
        missing = [
            f"{prefix}/{name}"
            for prefix, (_folder, files) in VENDOR.items()
            for name in files
            if not self.storages[prefix].exists(name)
        ]
        if not missing:
            return []
        return [
            Warning(
                "前端文件未安装：" + "、".join(missing),
                hint="运行 make assets（npm ci）安装 package.json 中的前端包。",
                id="zhichan.W001",
            )
        ]

    def find(self, path, find_all=False, **kwargs):
        found = []
        for prefix, (_folder, files) in VENDOR.items():
            name = path.removeprefix(prefix + "/")
            if name != path and name in files and self.storages[prefix].exists(name):
                match = self.storages[prefix].path(name)
                if not find_all:
                    return match
                found.append(match)
        return found

    def list(self, ignore_patterns):
        for prefix, (_folder, files) in VENDOR.items():
            for name in files:
                if self.storages[prefix].exists(name):
                    yield name, self.storages[prefix]
