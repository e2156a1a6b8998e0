"""Request and response handling every page shares.

``CleanInputMiddleware``: form text never carries control characters (a name or a title with
U+0001 would break the Word, Excel and PDF files it reaches).

``SecurityHeadersMiddleware``: a Content Security Policy on every answer. Scripts run only from
the site itself or, inline, with the request's nonce (``{{ csp_nonce }}``), so markup that slips
into a page cannot run; objects, frames of the site elsewhere and foreign form targets are
refused. Styles may be inline (ECharts and htmx set them).
"""

import secrets

from zhichan.lib.text import CONTROLS, strip_controls

POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class CleanInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            post = request.POST
            if any(CONTROLS.search(v) for values in post.lists() for v in values[1] if isinstance(v, str)):
                cleaned = post.copy()
                for key, values in post.lists():
                    cleaned.setlist(key, [strip_controls(v) if isinstance(v, str) else v for v in values])
                cleaned._mutable = False
                request.POST = cleaned
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY.format(nonce=request.csp_nonce))
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response


def csp_nonce(request) -> dict:
    """``csp_nonce`` for the inline scripts of a page."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
