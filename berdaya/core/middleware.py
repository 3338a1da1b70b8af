from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control


class IndonesianFirstMiddleware:
    """Bahasa Indonesia unless the visitor chose English (the language form sets a cookie).

    Many phones in Indonesia run with an English system language; following their
    Accept-Language header would mix English page chrome into Indonesian content. So the header is
    ignored and Django's LocaleMiddleware, which runs next, reads only the cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


# Answers that carry nobody's personal data, and that anyone may keep in a cache.
PUBLIC_CACHEABLE = (
    "/static/",
    "/healthz",
    "/api/v1/regions/",
    "/api/v1/openapi.json",
    "/sw.js",  # the service worker and the manifest: the same for everyone (berdaya.core.pwa)
    "/manifest.webmanifest",
)


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy on every answer (``BERDAYA_CSP``: no inline script, no
    framing, no plugins, forms only to this site), and ``Cache-Control: no-store`` on every answer
    for a logged-in user or a token holder, on every API answer that is not public reference
    data, and on every page that sets a cookie. Static files keep their own caching (WhiteNoise
    answers them before this runs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.BERDAYA_CSP)
        if self._personal(request, response):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response

    @staticmethod
    def _personal(request, response) -> bool:
        path = request.path
        if path.startswith(PUBLIC_CACHEABLE) and "HTTP_AUTHORIZATION" not in request.META:
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        if "HTTP_AUTHORIZATION" in request.META or path.startswith("/api/"):
            return True
        if response.cookies:
            return True
        # A page for an anonymous visitor that says it is the same for everyone (the catalog's
        # cached pages) stays public; its "Vary: Cookie" keeps it from a logged-in visitor.
        if "public" in (part.strip() for part in response.get("Cache-Control", "").split(",")):
            return False
        return "Cookie" in response.get("Vary", "")
