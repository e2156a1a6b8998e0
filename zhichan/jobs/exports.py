"""List exports: small ones stream at once, large ones run as a background job that writes the
file and offers it for download when ready (a 500,000-row CSV takes minutes; no web request
should hold a worker that long, and the server's timeout would cut it).

An export is a builder ``(user, params) -> Export``: the list's own filter over what the user
may see, its header and its rows. The job runs the same builder as the user who asked, with the
same query string, so the file holds exactly what the page would have streamed.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task
from openpyxl import Workbook

from zhichan.lib.export import csv_response, safe_cell, sheet_title, xlsx_response
from zhichan.lib.files import download_name

# Lists at most this long stream in the request; longer ones become a job.
INLINE_MAX = 20_000

# The exports that may run as jobs, by name (a job's parameters name one of these, nothing else).
BUILDERS = {
    "patents": "zhichan.assets.views.patent_export_rows",
    "rights": "zhichan.assets.views.right_export_rows",
    "entities": "zhichan.entities.views.entity_export_rows",
}


@dataclass
class Export:
    title: str
    header: list[str]
    rows: Iterable[list]
    queryset: object  # for the count


def folder(job_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "exports" / str(job_id)


def export_response(request, name: str, fmt: str, **args):
    """Stream the export, or start it as a job and send the user to the job's page."""
    from zhichan.accounts.access import user_region
    from zhichan.jobs.services import job_start

    if fmt not in ("csv", "xlsx"):
        raise Http404
    built: Export = import_string(BUILDERS[name])(request.user, request.GET, **args)
    if built.queryset.order_by()[: INLINE_MAX + 1].count() <= INLINE_MAX:
        if fmt == "xlsx":
            return xlsx_response(built.title, built.header, built.rows, title=built.title)
        return csv_response(built.title, built.header, built.rows)
    job = job_start(
        task=export_task, kind="export", title=_("导出%(t)s（%(f)s）") % {"t": built.title, "f": fmt.upper()},
        params={"export": name, "fmt": fmt, "query": request.GET.urlencode(), "args": args},
        user=request.user, region=user_region(request.user),
    )  # fmt: skip
    messages.info(
        request,
        _("数据较多（超过 %(n)s 条），已转为后台导出，完成后可在本页下载。") % {"n": f"{INLINE_MAX:,}"},
    )
    return redirect("jobs:detail", pk=job.pk)


def _write(job, progress) -> dict:
    params = job.params
    if params["export"] not in BUILDERS or params["fmt"] not in ("csv", "xlsx") or job.created_by is None:
        raise ValueError(_("无效的导出任务。"))
    built: Export = import_string(BUILDERS[params["export"]])(
        job.created_by, QueryDict(params["query"]), **params.get("args", {})
    )
    progress.total(built.queryset.count())
    target = folder(job.pk)
    target.mkdir(parents=True, exist_ok=True)
    name = f"export.{params['fmt']}"
    count = 0

    def counted(rows):
        nonlocal count
        for row in rows:
            count += 1
            if count % 5000 == 0:
                progress.advance(count, _("已导出 %(n)s 条") % {"n": count})
            yield [safe_cell(v) for v in row]

    if params["fmt"] == "csv":
        with open(target / name, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(built.header)
            writer.writerows(counted(built.rows))
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet(sheet_title(built.title))
        sheet.append(built.header)
        for row in counted(built.rows):
            sheet.append(row)
        book.save(target / name)
    progress.advance(count, _("已导出 %(n)s 条") % {"n": count})
    label = _("下载（%(n)s 条，%(f)s）") % {"n": f"{count:,}", "f": params["fmt"].upper()}
    return {"rows": count, "files": [{"label": label, "name": name, "download": download_name(built.title, params["fmt"]),
                                      "bytes": (target / name).stat().st_size}]}  # fmt: skip


@task()
def export_task(job_id: int) -> dict:
    from zhichan.jobs.services import job_execute

    return job_execute(job_id=job_id, handler=_write)


def job_folder(job) -> Path | None:
    """Where a job's result files are (exports and monitoring reports)."""
    if job.kind == "export":
        return folder(job.pk)
    if job.kind == "monitor_report":
        from zhichan.monitor.tasks import report_folder

        return report_folder(job.pk)
    return None
