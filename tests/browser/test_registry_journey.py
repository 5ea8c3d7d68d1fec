"""The life of a registration in the browser: draft (autosaved), submit, return, fix, resubmit,
accept, carry out, self-check, score, recognise, and the model in the library."""

import re

import pytest
from playwright.sync_api import expect

from tests.models_registry.factories import make_campaign

pytestmark = pytest.mark.browser

TEXTS = {
    "situation": "Người dân phải đi lại nhiều lần để làm thủ tục.",
    "objectives": "Giảm số lần đi lại của người dân.",
    "content": "Đoàn viên hướng dẫn người dân nộp hồ sơ trực tuyến.",
    "scope": "Toàn bộ người dân đến cơ quan; khoảng 3.000 lượt.",
    "implementers": "Chi đoàn thực hiện; Công đoàn phối hợp.",
    "expected_outputs": "Tỷ lệ hồ sơ trực tuyến đạt 80%.",
    "sustainability": "Duy trì hằng năm, nhân rộng ra các phòng.",
    "contact_name": "Lê Thị Mai",
    "contact_phone": "0912345678",
}


def switch_user(page, login_as, username):
    page.context.clear_cookies()
    login_as(page, username)


def step(page, name, comment=None):
    form = page.locator(f"form:has(button[data-step='{name}'])")
    if comment is not None:
        form.locator("textarea[name=comment]").fill(comment)
    form.locator(f"button[data-step='{name}']").click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_registration_journey(
    page, login_as, shot, tree, group_member, group_leader, other_leader, reviewer
):
    make_campaign(tree.province)
    name = "Dân vận khéo trong hướng dẫn dịch vụ công trực tuyến"

    # A member starts a draft.
    login_as(page, "thanhvien")
    page.goto("/registrations/new/")
    page.locator("#id_name").fill(name)
    shot(page, "registry-start")
    page.get_by_role("button", name="Tạo bản nháp").click()
    expect(page).to_have_url(re.compile(r"/registrations/\d+/edit/"))
    edit_url = page.url

    # Autosave: typed text survives a reload without pressing "Lưu".
    page.locator("#id_situation").fill(TEXTS["situation"])
    page.locator("#id_situation").press("Tab")
    expect(page.locator("#autosave-status")).to_contain_text("Đã lưu lúc")
    page.reload()
    expect(page.locator("#id_situation")).to_have_value(TEXTS["situation"])

    for field, text in TEXTS.items():
        page.locator(f"#id_{field}").fill(text)
    page.locator("#id_primary_field").select_option(label="Kinh tế")
    page.locator("#id_lead_organisation").select_option(label="Đoàn Thanh niên")
    page.locator("#id_start_date").fill("2026-03-01")
    page.locator("#id_evaluation_date").fill("2026-11-30")
    page.locator("#id_targets-0-name").fill("Tỷ lệ hồ sơ nộp trực tuyến")
    page.locator("#id_targets-0-target_value").fill("80")
    page.locator("#id_targets-0-measure").fill("%")
    shot(page, "registry-form")
    page.get_by_role("button", name="Lưu và xem lại trước khi gửi").click()
    expect(page.get_by_text("Đã điền đủ nội dung cần thiết.")).to_be_visible()
    detail_url = page.url
    expect(page.locator("button[data-step='submit']")).to_have_count(0)  # members do not submit

    # The leader submits.
    switch_user(page, login_as, "totruong")
    page.goto(detail_url)
    step(page, "submit")
    expect(page.locator("main")).to_contain_text("Đã gửi")

    # The reviewer returns it with a reason.
    switch_user(page, login_as, "bancd")
    page.goto("/registrations/review/?q=dan+van+kheo+dich+vu+cong")
    expect(page.get_by_role("table")).to_contain_text(name)
    shot(page, "registry-queue")
    page.get_by_role("link", name=name).click()
    step(page, "return", comment="Đề nghị bổ sung ý kiến của cấp ủy.")

    # The member sees the reason, fixes and the leader resubmits.
    switch_user(page, login_as, "thanhvien")
    page.goto(detail_url)
    expect(page.locator("main")).to_contain_text("Đề nghị bổ sung ý kiến của cấp ủy.")
    page.goto(edit_url)
    page.locator("#id_committee_opinion").fill("Đảng ủy đồng ý đăng ký mô hình.")
    page.get_by_role("button", name="Lưu", exact=True).first.click()
    # Leaving the field autosaves first; the click waits for it, then submits (two round trips).
    expect(page.locator(".alert-success")).to_be_visible(timeout=15_000)
    switch_user(page, login_as, "totruong")
    page.goto(detail_url)
    step(page, "resubmit")

    # The reviewer accepts.
    switch_user(page, login_as, "bancd")
    page.goto(detail_url)
    step(page, "accept")

    # The unit carries it out, self-checks and sends the self-assessment.
    switch_user(page, login_as, "totruong")
    page.goto(detail_url)
    step(page, "start")

    # It records progress against the target; the page shows a bar and the numbers.
    progress = page.locator("#progress-form")
    progress.get_by_label("Đã đạt đến nay (%)").fill("60")
    progress.get_by_label("Việc đã làm").fill("Hướng dẫn 1.200 lượt người dân nộp hồ sơ.")
    progress.get_by_role("button", name="Cập nhật tiến độ").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#progress")).to_contain_text("60 / 80 % (75%)")
    page.locator("#progress").scroll_into_view_if_needed()
    shot(page, "registry-progress", full_page=False)
    page.get_by_role("link", name="Tự chấm điểm theo thang điểm").click()
    for box, points in zip(
        page.locator("#score-form input[inputmode=decimal]").all(),
        [9, 9, 14, 14, 27, 9, 9],
        strict=True,
    ):
        box.fill(str(points))
    page.get_by_role("button", name="Lưu điểm").click()
    step(page, "self_assess")

    # The reviewer scores and recognises.
    switch_user(page, login_as, "bancd")
    page.goto(detail_url)
    step(page, "begin_review")
    page.get_by_role("link", name="Chấm điểm theo thang điểm").first.click()
    for box, points in zip(
        page.locator("#score-form input[inputmode=decimal]").all(),
        ["9", "9", "14", "13", "25,5", "8,5", "9"],  # a decimal comma, as Vietnamese write it
        strict=True,
    ):
        box.fill(points)
    expect(page.locator("#score-total")).to_have_text("88")
    shot(page, "registry-score")
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.locator("#band-proposal")).to_contain_text("Đề xuất: công nhận")
    expect(page.get_by_label("Đồng thời công nhận là mô hình tiêu biểu")).not_to_be_checked()
    shot(page, "registry-decision")
    form = page.locator("form:has(button[data-step='recognise'])")
    form.locator("input[name=decision_number]").fill("25-QĐ/BCĐ")
    form.locator("input[name=decision_date]").fill("2026-10-15")
    form.locator("button[data-step='recognise']").click()
    expect(page.locator("main")).to_contain_text("Được công nhận")
    expect(page.locator("main")).to_contain_text("25-QĐ/BCĐ")
    page.locator("button[data-mark='carried_over']").click()
    expect(page.locator("main")).to_contain_text(
        "Có: mô hình được tiếp tục thực hiện trong năm sau."
    )
    shot(page, "registry-recognised")

    # Everyone finds it in the library, without accents.
    switch_user(page, login_as, "totruong2")
    page.goto("/registrations/library/?q=huong+dan+dich+vu+cong")
    expect(page.locator("main")).to_contain_text(name)
    page.get_by_role("link", name=name).click()
    expect(page.locator("main")).not_to_contain_text("Ghi chú nội bộ")
    shot(page, "registry-library")


def test_registration_form_on_a_phone(phone_page, login_as, shot, tree, group_member):
    make_campaign(tree.province)
    login_as(phone_page, "thanhvien")
    phone_page.goto("/registrations/new/")
    phone_page.locator("#id_name").fill("Tiếp dân thân thiện")
    phone_page.get_by_role("button", name="Tạo bản nháp").click()
    expect(phone_page.locator("#id_situation")).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shot(phone_page, "registry-form-phone")

    # A mistake: the summary at the top links to the field, and the field has the focus.
    phone_page.locator("#id_budget_vnd").fill("-5")
    phone_page.get_by_role("button", name="Lưu", exact=True).first.click()
    summary = phone_page.locator("[data-error-summary]")
    expect(summary).to_contain_text("Chưa lưu được")
    expect(phone_page.locator("#id_budget_vnd")).to_be_focused()
    shot(phone_page, "registry-form-phone-error", full_page=False)
    phone_page.locator("#id_situation").focus()
    summary.get_by_role("link").first.click()
    expect(phone_page.locator("#id_budget_vnd")).to_be_focused()
