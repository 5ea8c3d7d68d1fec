"""Compressed HTML for slow links (issue 10): a review queue page is 52 KB, 6 KB gzipped."""

from django.middleware.gzip import GZipMiddleware

# Content that gains from gzip. Excel, PDF, zip and images are compressed already: gzipping
# them again costs CPU on every download for nothing.
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for text responses only.

    BREACH: pages carry a CSRF token, and an attacker who can inject text into a compressed
    page and watch its size could guess a secret byte by byte. Django masks the CSRF token with
    a fresh random mask on every response, so its compressed form never repeats; GZipMiddleware
    also adds random bytes to the gzip header's filename (``max_random_bytes``). No other secret
    is echoed into pages.
    """

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
