"""PDF from the Word documents themselves, through LibreOffice: the same pages as the .docx, its
fonts embedded (subset), as PDF/A-2b, so that the file looks the same on every machine and can be
archived. Where LibreOffice is not installed (`docs/operations.md` says how to install it), the
callers fall back to their reportlab rendering, which names a Song CID font the reader supplies.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

# LibreOffice's PDF export filter: PDF/A-2b (SelectPdfVersion 2), fonts embedded as it always does.
FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
TIMEOUT_SECONDS = 300


def office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(content: bytes) -> bytes | None:
    """The PDF/A of a .docx, or None where LibreOffice is missing or fails. Each call has its own
    LibreOffice profile, so that conversions by several workers do not wait on one another."""
    binary = office()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="zhichan-pdf-") as folder:
        work = Path(folder)
        source = work / "document.docx"
        source.write_bytes(content)
        try:
            subprocess.run(
                [binary, f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--norestore",
                 "--convert-to", FILTER, "--outdir", str(work), str(source)],
                check=True, capture_output=True, timeout=TIMEOUT_SECONDS,
            )  # fmt: skip
        except (subprocess.SubprocessError, OSError):
            return None
        result = work / "document.pdf"
        return result.read_bytes() if result.exists() else None
