"""Files the platform writes and serves: generated reports kept under fixed names, and downloads
that never follow a name a user typed.

A report's folder is ``MEDIA_ROOT/<area>/<id>/`` and its files are ``report.<format>``; the
name the user sees (built from a scope's or a report's title) is only the download's
``Content-Disposition``. A title such as ``../../x`` or ``/etc/x`` is therefore just text.
"""

from collections.abc import Callable
from pathlib import Path

from django.http import FileResponse, Http404

from zhichan.lib.text import strip_controls

# Characters that a download name may not hold on Windows or in a header.
_UNSAFE_NAME = str.maketrans({c: "_" for c in '\\/:*?"<>|'})


def download_name(title: str, suffix: str) -> str:
    name = strip_controls(str(title)).translate(_UNSAFE_NAME).strip(". ")[:120] or "report"
    return f"{name}.{suffix}"


def write_reports(folder: Path, title: str, makers: list[tuple[str, str, Callable[[], bytes]]],
                  progress: Callable[[], None] | None = None) -> list[dict]:  # fmt: skip
    """Write each (format, label, maker) as ``folder/report.<format>``; the list a job keeps."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for fmt, label, make in makers:
        content = make()
        name = f"report.{fmt}"
        (folder / name).write_bytes(content)
        files.append(
            {"label": label, "name": name, "download": download_name(title, fmt), "bytes": len(content)}
        )
        if progress is not None:
            progress()
    return files


def report_response(folder: Path, files: list[dict], name: str) -> FileResponse:
    """Serve one of the files a job listed, from its folder only."""
    entry = next((f for f in files if f.get("name") == name), None)
    if entry is None:
        raise Http404
    root = folder.resolve()
    path = (folder / name).resolve()
    if path.parent != root or not path.is_file():
        raise Http404
    filename = entry.get("download") or download_name(Path(name).stem, Path(name).suffix.lstrip("."))
    return FileResponse(path.open("rb"), as_attachment=True, filename=filename)
