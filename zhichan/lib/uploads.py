"""Keeping an uploaded file for a background job: stored under MEDIA_ROOT by content hash."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.utils import timezone


def save_upload(upload, prefix: str) -> tuple[Path, str]:
    """Write the upload to ``uploads/<date>/<prefix>-<hash>.<ext>``; returns (path, sha256)."""
    folder = settings.MEDIA_ROOT / "uploads" / timezone.localdate().isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    name = upload.name.lower()
    suffix = next((s for s in (".xlsx", ".xls") if name.endswith(s)), ".csv")
    path = folder / f"{prefix}-{digest.hexdigest()[:16]}{suffix}"
    with open(path, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path, digest.hexdigest()
