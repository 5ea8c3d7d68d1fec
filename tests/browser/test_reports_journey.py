"""A periodic report in the browser: a member fills it in, the leader submits it, the reviewer
returns it, it is fixed and resubmitted, accepted, and the reviewer downloads the bloc summary."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.reports.factories import make_campaign, make_deadline

pytestmark = pytest.mark.browser

SECTIONS = {
    "situation": "Cơ sở có 45 đảng viên; Tổ chỉ đạo sinh hoạt hằng tháng.",
    "leadership": "Quán triệt Kế hoạch số 01-KH/BCĐ đến toàn thể đảng viên.",
    "results_by_field": "Hai mô hình kinh tế, một mô hình văn hóa – xã hội.",
    "assessment": "Cấp ủy quan tâm; một số mô hình chưa lượng hóa kết quả.",
    "direction": "Nhân rộng mô hình “Dân vận khéo” trong cải cách hành chính.",
}


def switch_user(page, login_as, username):
    page.context.clear_cookies()
    login_as(page, username)


def step(page, name, comment=None):
    form = page.locator(f"form:has(button[data-step='{name}'])")
    if comment is not None:
        form.locator("textarea[name=comment]").fill(comment)
    form.locator(f"button[data-step='{name}']").click()


def test_report_journey(
    page, login_as, shot, tree, group_member, group_leader, reviewer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    campaign = make_campaign(tree.province)
    due = timezone.localdate() + datetime.timedelta(days=20)
    make_deadline(campaign, title="Báo cáo 6 tháng đầu năm 2013", applies_to=tree.bloc, due=due)

    # A member opens the report of their organisation and fills it in (without proposals).
    login_as(page, "thanhvien")
    page.goto("/reports/")
    page.get_by_role("button", name="Bắt đầu báo cáo").first.click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/edit/"))
    expect(page.locator("main")).to_contain_text("Theo hồ sơ: 0")
    for name, text in SECTIONS.items():
        page.locator(f"#id_{name}").fill(text)
    shot(page, "reports-edit")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu báo cáo")
    report_url = page.url

    # The leader tries to submit: exactly what is missing is listed.
    switch_user(page, login_as, "totruong")
    page.goto(report_url)
    step(page, "submit")
    expect(page.locator("main")).to_contain_text("Mục “VI. Đề xuất, kiến nghị” chưa có nội dung.")
    page.goto(report_url.rstrip("/") + "/edit/")
    page.locator("#id_proposals").fill("Đề nghị tập huấn cách xây dựng mô hình.")
    page.get_by_role("button", name="Lưu").click()
    step(page, "submit")
    expect(page.locator("main")).to_contain_text("Đã gửi")
    shot(page, "reports-submitted")

    # The reviewer returns it with a reason.
    switch_user(page, login_as, "bancd")
    page.goto("/reports/board/")
    expect(page.locator("[data-stat=submitted]")).to_have_text("1")
    page.get_by_role("link", name=tree.base_a.name).click()
    step(page, "return", comment="Đề nghị bổ sung số liệu mục III.")
    expect(page.locator("main")).to_contain_text("Trả lại để chỉnh sửa")

    # The member fixes it, the leader resubmits.
    switch_user(page, login_as, "thanhvien")
    page.goto(report_url.rstrip("/") + "/edit/")
    page.locator("#id_results_by_field").fill("Hai mô hình kinh tế (tăng 20% thu nhập).")
    page.get_by_role("button", name="Lưu").click()
    switch_user(page, login_as, "totruong")
    page.goto(report_url)
    step(page, "resubmit")
    expect(page.locator("main")).to_contain_text("Đã gửi lại")

    # The reviewer accepts it and downloads the bloc summary PDF.
    switch_user(page, login_as, "bancd")
    page.goto(report_url)
    step(page, "accept", comment="Báo cáo đầy đủ.")
    expect(page.locator("main")).to_contain_text("Đã tiếp nhận")
    expect(page.locator("main")).to_contain_text("Đề nghị bổ sung số liệu mục III.")  # history
    page.goto("/reports/summary/")
    page.get_by_role("button", name="Tạo báo cáo PDF").click()
    link = page.get_by_role("link", name="Tải tệp PDF")
    expect(link).to_be_visible(timeout=30_000)
    shot(page, "reports-summary")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
