"""Word documents in the shape offices send (通报, 报告): FangSong body, a centred bold title."""

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from zhichan.lib.text import strip_controls


def official_document(title: str):
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(12)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(strip_controls(title))
    run.bold = True
    run.font.size = Pt(16)
    return document


def add_table(document, header: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = strip_controls(str(text))
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = strip_controls(str(text))
    return table
