"""What every workflow's refusal tests check: a refused step shows its page again with the
Vietnamese reason and keeps the typed text in the box (danvan.views.TransitionView)."""

LONG = "Đề nghị bổ sung số liệu về số hộ tham gia. " * 120  # 5,160 characters, over the limit
NUL = "Đề nghị bổ sung\x00 số liệu"
TOO_LONG_VI = "Ý kiến quá dài: tối đa 5000 ký tự"
NUL_VI = "ký tự rỗng (NUL)"


def assert_refused_and_kept(response, typed: str, reason: str, status: int = 400) -> None:
    html = response.content.decode()
    assert response.status_code == status
    assert reason in html
    assert typed.split("\x00")[0].strip() in html  # the typed text is still in the box
