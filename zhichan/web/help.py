"""The user manual (docs/manual/*.md, in Chinese) inside the app: 帮助 in the top bar opens the
manual of the user's role. The pages are rendered from the same Markdown files the repository
shows, with the screenshots the browser tests make (tests/web/test_manual.py)."""

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from markdown_it import MarkdownIt

MANUAL = Path(settings.BASE_DIR) / "docs" / "manual"
MANUALS = [("official", "县市局工作人员"), ("enterprise", "企业与高校用户"), ("bank", "金融机构用户"),
           ("public", "社会公众"), ("admin", "系统管理员")]  # fmt: skip
NAME = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”"
CJK_WRAP = re.compile(rf"(?<=[{CJK}])\n[ \t]*(?=[{CJK}])")


@lru_cache(maxsize=32)
def _page(slug: str, mtime: float) -> tuple[str, str]:
    text = (MANUAL / f"{slug}.md").read_text(encoding="utf-8")
    text = CJK_WRAP.sub("", text)  # a line wrapped between two Chinese characters is no space
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), slug)
    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    html = html.replace('src="img/', f'src="{reverse("help_index")}img/')
    html = re.sub(r'href="([a-z][a-z0-9-]*)\.md(#[^"]*)?"',
                  lambda m: f'href="{reverse("help_page", args=[m.group(1)])}{m.group(2) or ""}"', html)  # fmt: skip
    return title, html


def _manual_file(slug: str) -> Path:
    path = MANUAL / f"{slug}.md"
    if not NAME.match(slug) or not path.is_file():
        raise Http404("没有这一页帮助")
    return path


def help_index(request):
    return help_page(request, "index")


def help_page(request, slug: str):
    path = _manual_file(slug)
    title, html = _page(slug, path.stat().st_mtime)
    return render(request, "web/help.html", {"title": title, "html": html, "slug": slug, "manuals": MANUALS})


def help_image(request, name: str):
    path = MANUAL / "img" / f"{name}.jpg"
    if not NAME.match(name) or not path.is_file():
        raise Http404("没有这张图")
    response = FileResponse(path.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def manual_for(user) -> str:
    """The manual a user's 帮助 opens first."""
    from zhichan.accounts.access import is_staff_user
    from zhichan.accounts.models import Role

    if not user.is_authenticated:
        return "public"
    if is_staff_user(user):
        return "official"
    return {Role.BANK: "bank"}.get(user.role, "enterprise")
