"""Journeys of the support app: a member asks the standing office, which answers and publishes
the answer (without the unit's name); a reviewer plans and records a visit, the unit answers the
follow-up action and the reviewer closes it."""

import importlib

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from campaigns.pdf import tiny_pdf
from support.models import QuestionCategory

pytestmark = pytest.mark.browser


def pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": tiny_pdf(name)}


@pytest.fixture
def categories(transactional_db):
    if not QuestionCategory.objects.exists():
        importlib.import_module("support.migrations.0002_categories").forwards(django_apps, None)


def open_support_menu(page, item: str) -> None:
    page.get_by_role("button", name="Kiểm tra, hỗ trợ").or_(
        page.get_by_role("link", name="Kiểm tra, hỗ trợ", exact=True)
    ).first.click()
    page.get_by_role("link", name=item, exact=True).click()


def test_member_asks_office_answers_and_publishes(
    page, login_as, shot, tree, group_member, standing_office, categories, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"

    login_as(page, "thanhvien")
    open_support_menu(page, "Vướng mắc gửi Thường trực Ban Chỉ đạo")
    page.get_by_role("link", name="Gửi vướng mắc").click()
    page.get_by_label("Lĩnh vực").select_option(label="Đăng ký mô hình, điển hình")
    page.get_by_label("Tiêu đề").fill("Đăng ký bổ sung mô hình")
    page.get_by_label("Nội dung vướng mắc").fill(
        "Đảng bộ Sở Tài chính xin hỏi: có được đăng ký bổ sung mô hình sau tháng 3 không?"
    )
    page.get_by_label("Tệp đính kèm").set_input_files(pdf("cong-van.pdf"))
    shot(page, "support-question-form")
    page.get_by_role("button", name="Gửi vướng mắc").click()
    expect(page.locator("#question-status")).to_have_text("Chờ Thường trực Ban Chỉ đạo trả lời")
    page.context.clear_cookies()

    login_as(page, "thuongtruc")
    open_support_menu(page, "Vướng mắc chờ trả lời")
    expect(page.locator("#question-stats")).to_contain_text(
        "1 câu hỏi đang chờ Thường trực Ban Chỉ đạo."
    )
    shot(page, "support-question-board")
    page.get_by_role("link", name="Đăng ký bổ sung mô hình").click()
    page.get_by_label("Nội dung").fill(
        "Được. Đơn vị gửi phiếu đăng ký bổ sung trước ngày 30/4/2013."
    )
    page.get_by_role("button", name="Gửi câu trả lời").click()
    expect(page.locator("#question-status")).to_have_text("Đã trả lời")
    page.get_by_role("link", name="Công bố trên trang Hỏi – đáp").click()
    page.get_by_label("Câu hỏi khi công bố").fill(
        "Một cơ sở hỏi: có được đăng ký bổ sung mô hình sau tháng 3 không?"
    )
    shot(page, "support-publish-form")
    page.get_by_role("button", name="Công bố").click()
    expect(page.locator("main")).to_contain_text("Đã công bố trên trang Hỏi – đáp")
    page.context.clear_cookies()

    login_as(page, "thanhvien")
    open_support_menu(page, "Vướng mắc gửi Thường trực Ban Chỉ đạo")
    page.get_by_role("link", name="Đăng ký bổ sung mô hình").click()
    expect(page.locator("#thread")).to_contain_text("trước ngày 30/4/2013")
    page.get_by_role("button", name="Đã rõ: kết thúc vướng mắc").click()
    expect(page.locator("#question-status")).to_have_text("Đã kết thúc")
    open_support_menu(page, "Hỏi – đáp")
    page.get_by_label("Tìm kiếm").fill("dang ky bo sung")
    page.get_by_role("button", name="Tìm kiếm").click()
    results = page.locator("#qa-results")
    expect(results).to_contain_text("Đăng ký bổ sung mô hình")
    expect(results).not_to_contain_text("Sở Tài chính")
    results.get_by_role("link", name="Đăng ký bổ sung mô hình").click()
    expect(page.locator("#qa-answer")).to_contain_text("trước ngày 30/4/2013")
    expect(page.locator("main")).not_to_contain_text("Sở Tài chính")
    shot(page, "support-qa-answer")


def test_reviewer_plans_and_records_a_visit_and_unit_answers(
    page, login_as, shot, tree, group_member, reviewer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"

    login_as(page, "bancd")
    open_support_menu(page, "Theo dõi kiểm tra, hỗ trợ")
    expect(page.locator("#board-counts")).to_contain_text("2 trong số 2 cơ sở chưa được kiểm tra")
    page.get_by_role("link", name=f"Lên kế hoạch kiểm tra, hỗ trợ {tree.base_a.name}").click()
    expect(page.get_by_label("Cơ sở đảng")).to_have_value(str(tree.base_a.pk))
    page.get_by_label("Hình thức").select_option("inspection")
    page.get_by_label("Ngày dự kiến").fill("2013-05-10")
    page.get_by_label("Tổ chỉ đạo được thành lập").check()
    page.get_by_label("Quy chế làm việc").check()
    shot(page, "support-visit-plan")
    page.get_by_role("button", name="Lưu kế hoạch").click()
    expect(page.locator("#visit-status")).to_have_text("Đã lên kế hoạch")

    page.get_by_role("link", name="Ghi nhận đã làm việc").click()
    page.get_by_label("Ngày làm việc").fill("2013-05-10")
    page.get_by_label("Kết quả kiểm tra, nhận xét").fill("Tổ chỉ đạo chưa ban hành quy chế.")
    page.get_by_label("Đánh giá").select_option("needs_improvement")
    page.get_by_label("Biên bản làm việc").set_input_files(pdf("bien-ban.pdf"))
    page.get_by_role("button", name="Ghi nhận đã làm việc").click()
    expect(page.locator("#visit-assessment")).to_have_text("Cần cố gắng")

    page.get_by_role("link", name="Giao việc cần khắc phục").click()
    page.get_by_label("Việc đơn vị cần khắc phục").fill("Ban hành Quy chế làm việc.")
    page.get_by_label("Hạn hoàn thành").fill("2013-06-30")
    page.get_by_role("button", name="Giao việc").click()
    expect(page.locator("#follow-ups")).to_contain_text("Ban hành Quy chế làm việc.")
    shot(page, "support-visit-detail")
    page.context.clear_cookies()

    login_as(page, "thanhvien")
    open_support_menu(page, "Các chuyến kiểm tra, hỗ trợ")
    expect(page.locator("#open-follow-ups")).to_contain_text("quá hạn")
    page.get_by_role("link", name="Ban hành Quy chế làm việc.").click()
    page.get_by_label("Kết quả đã thực hiện").fill("Đã ban hành Quy chế số 02-QC/TCĐ.")
    page.get_by_label("Minh chứng").set_input_files(pdf("quy-che.pdf"))
    page.get_by_role("button", name="Gửi kết quả thực hiện").click()
    expect(page.locator("#follow-up-status")).to_have_text("Đơn vị đã báo cáo")
    shot(page, "support-follow-up-answered")
    follow_up_url = page.url
    page.context.clear_cookies()

    login_as(page, "bancd")
    page.goto(follow_up_url)
    page.get_by_role("button", name="Kết thúc việc này").click()
    expect(page.locator("#follow-up-status")).to_have_text("Đã kết thúc")


def test_board_and_qa_read_on_a_phone(phone_page, login_as, shot, tree, reviewer, categories):
    login_as(phone_page, "bancd")
    phone_page.goto("/support/board/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(
        "Theo dõi kiểm tra, hỗ trợ cơ sở"
    )
    expect(phone_page.locator("#board-counts")).to_contain_text("2 trong số 2 cơ sở")
    shot(phone_page, "support-board-phone")
    phone_page.goto("/support/qa/")
    expect(phone_page.get_by_label("Tìm kiếm (gõ có dấu hoặc không dấu)")).to_be_visible()
    shot(phone_page, "support-qa-phone")
