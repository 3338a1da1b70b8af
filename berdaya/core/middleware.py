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
