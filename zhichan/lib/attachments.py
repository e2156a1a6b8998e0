"""Evidence and attachments: a short list of types, each checked by its content, stored under a
random name and served only as a download of a safe type.

A file is accepted when its extension is on the list *and* its bytes are that type: ``证据.hta``
beginning with ``%PDF`` or ``证据.jar`` beginning with ``PK`` are refused, and so is a ``.docx``
that is a zip without a Word document in it. The stored name is random (``<folder>/<year>/<32 hex>.<ext>``):
neither the uploader's name nor the date tells where another person's file lies. Downloads carry
the type of the checked extension and ``Content-Disposition: attachment``.
"""

import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 and Excel 97–2003 files

# extension → (content type served, first bytes, the zip member an Office file must hold)
TYPES: dict[str, tuple[str, bytes, str]] = {
    "pdf": ("application/pdf", b"%PDF-", ""),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n", ""),
    "jpg": ("image/jpeg", b"\xff\xd8\xff", ""),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff", ""),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
        "word/document.xml",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
        "xl/workbook.xml",
    ),
    "doc": ("application/msword", OLE, ""),
    "xls": ("application/vnd.ms-excel", OLE, ""),
}
ALLOWED_TEXT = "PDF、JPG、PNG、Word（doc/docx）、Excel（xls/xlsx）"


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check(upload, max_bytes: int) -> str:
    """The checked extension of an upload, or a ValidationError in Chinese."""
    name = upload.name or ""
    if upload.size > max_bytes:
        raise ValidationError(_("附件“%(n)s”超过 %(mb)s MB。") % {"n": name, "mb": max_bytes // (1 << 20)})
    ext = extension(name)
    refused = ValidationError(
        _("附件“%(n)s”不是允许的文件类型（%(types)s），或文件内容与扩展名不符。")
        % {"n": name, "types": ALLOWED_TEXT}
    )
    if ext not in TYPES:
        raise refused
    _type, head, member = TYPES[ext]
    upload.seek(0)
    start = upload.read(len(head))
    upload.seek(0)
    if start != head:
        raise refused
    if member:
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise refused from None
        finally:
            upload.seek(0)
        if member not in names or "[Content_Types].xml" not in names or "META-INF/MANIFEST.MF" in names:
            raise refused
    return ext


def _stored(folder: str, filename: str) -> str:
    ext = extension(filename)
    return f"{folder}/{timezone.localdate():%Y}/{uuid.uuid4().hex}.{ext if ext in TYPES else 'bin'}"


def complaint_path(_instance, filename: str) -> str:
    return _stored("complaints", filename)


def case_path(_instance, filename: str) -> str:
    return _stored("cases", filename)


def response(stored_file, name: str) -> FileResponse:
    """A stored attachment as a download, typed by its checked extension (never by a guess)."""
    content_type = TYPES.get(extension(stored_file.name), ("application/octet-stream",))[0]
    return FileResponse(stored_file.open("rb"), as_attachment=True, filename=name, content_type=content_type)
