"""Pages leave gzipped for browsers that accept it; files compressed already are left alone."""

import gzip

from django.urls import reverse


def test_html_page_is_gzipped_and_smaller(client, reviewer):
    client.force_login(reviewer)
    plain = client.get(reverse("models_registry:queue"))
    packed = client.get(reverse("models_registry:queue"), HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content)
    assert b"<html" in html
    assert len(packed.content) < len(plain.content) / 3


def test_excel_download_is_not_gzipped_again(client, reviewer):
    client.force_login(reviewer)
    response = client.get(
        reverse("models_registry:queue") + "?export=xlsx", HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b"".join(response.streaming_content)[:2] == b"PK"
