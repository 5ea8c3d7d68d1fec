"""Journey: a steering-group member records the founding decision and uploads the working
regulations; the reviewer's setup board changes accordingly."""

import pytest
from playwright.sync_api import expect

from campaigns.pdf import tiny_pdf

pytestmark = pytest.mark.browser


def pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": tiny_pdf(name)}


def test_member_records_setup_and_reviewer_sees_the_board_change(
    page, login_as, shot, tree, group_member, reviewer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"

    login_as(page, "bancd")
    page.goto("/steering/board/")
    counts = page.locator("#board-counts")
    expect(counts).to_contain_text("2 trong số 2 cơ sở chưa có quyết định thành lập Tổ chỉ đạo.")
    expect(counts).to_contain_text("2 trong số 2 cơ sở chưa ban hành quy chế làm việc.")
    shot(page, "steering-board-before")
    page.context.clear_cookies()

    login_as(page, "thanhvien")
    page.get_by_role("link", name="Tổ chỉ đạo", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(tree.base_a.name)
    page.get_by_role("link", name="Ghi nhận quyết định thành lập").click()
    page.get_by_label("Số, ký hiệu").fill("15-QĐ/ĐU")
    page.get_by_label("Ngày ký").fill("2013-03-05")
    page.get_by_label("Bản chụp quyết định").set_input_files(pdf("quyet-dinh-15.pdf"))
    shot(page, "steering-decision-form")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-success"))).to_contain_text(
        "Đã lưu quyết định thành lập"
    )

    page.get_by_role("link", name="Thêm phiên bản quy chế").click()
    page.get_by_label("Ngày ban hành").fill("2013-03-12")
    page.get_by_label("Số quyết định ban hành").fill("16-QĐ/ĐU")
    page.get_by_label("Tệp").set_input_files(pdf("quy-che.pdf"))
    page.get_by_role("button", name="Lưu").click()
    regulations = page.get_by_role("table")
    expect(regulations).to_contain_text("Bản đầu tiên")
    expect(regulations).to_contain_text("12/03/2013")
    expect(page.locator("main")).to_contain_text("15-QĐ/ĐU")
    shot(page, "steering-unit-after")
    page.context.clear_cookies()

    login_as(page, "bancd")
    page.goto("/steering/board/")
    expect(counts).to_contain_text("1 trong số 2 cơ sở chưa có quyết định thành lập Tổ chỉ đạo.")
    expect(counts).to_contain_text("1 trong số 2 cơ sở chưa ban hành quy chế làm việc.")
    row = page.get_by_role("row").filter(has_text=tree.base_a.name)
    expect(row).to_contain_text("15-QĐ/ĐU")
    expect(row).to_contain_text("12/03/2013")
    shot(page, "steering-board-after")

    page.get_by_label("Chỉ hiện").select_option("regulations")
    page.get_by_role("button", name="Áp dụng").click()
    table = page.locator("#setup-board")
    expect(table).to_contain_text(tree.base_b.name)
    expect(table).not_to_contain_text(tree.base_a.name)
