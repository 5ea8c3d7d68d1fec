"""Praise and rewards in the browser: the leader proposes (and meets the quota) and submits, the
reviewer accepts, the standing office records the decision, and Table 03 of the bloc summary
shows it."""

import re

import pytest
from playwright.sync_api import expect

from campaigns.models import DeadlineKind
from tests.awards.factories import PDF, award_campaign, make_quota
from tests.reports.factories import make_deadline

pytestmark = pytest.mark.browser


def switch_user(page, login_as, username):
    page.context.clear_cookies()
    login_as(page, username)


def step(page, name, comment=None):
    form = page.locator(f"form:has(button[data-step='{name}'])")
    if comment is not None:
        form.locator("textarea[name=comment]").fill(comment)
    form.locator(f"button[data-step='{name}']").click()


def add_nominee(page, *, name, achievement, individual=False, position=""):
    if individual:
        page.locator("#id_kind").select_option("individual")
        page.locator("#id_position").fill(position)
    page.locator("#id_name").fill(name)
    page.locator("#id_achievement").fill(achievement)
    page.get_by_role("button", name="Thêm vào danh sách").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã thêm vào danh sách")


def test_awards_journey(
    page, login_as, shot, tree, group_leader, reviewer, standing_office, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    campaign = award_campaign(tree.province)
    make_quota(campaign, year=2013, c=1, i=2)
    period = make_deadline(
        campaign, kind=DeadlineKind.ANNUAL_REPORT, year=2013, applies_to=tree.bloc
    )

    # The leader starts the organisation's proposal for 2013 and fills in the short list.
    login_as(page, "totruong")
    page.goto("/awards/")
    page.locator("#id_year").fill("2013")
    page.get_by_role("button", name="Lập đề nghị").click()
    expect(page).to_have_url(re.compile(r"/awards/\d+/$"))
    proposal_url = page.url
    add_nominee(
        page,
        name="Chi đoàn Thanh niên Sở Tài chính",
        achievement="Hướng dẫn 1.200 lượt người dân làm thủ tục trực tuyến.",
    )
    add_nominee(
        page,
        name="Công đoàn cơ sở Sở Tài chính",
        achievement="Vận động đoàn viên góp 45 triệu đồng xây nhà tình nghĩa.",
    )
    add_nominee(
        page,
        name="Nguyễn Thị Hoa",
        individual=True,
        position="Chủ tịch Công đoàn",
        achievement="Đi đầu vận động nhân dân hiến đất làm đường.",
    )
    page.locator("#id_letter").set_input_files(
        files=[{"name": "to-trinh.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator("#id_minutes").set_input_files(
        files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Lưu tệp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu tệp")

    # Two collectives for a quota of one: the submission is refused, naming the limit.
    step(page, "submit")
    expect(page.locator("main")).to_contain_text("tối đa 1 tập thể")
    shot(page, "awards-quota-refused")
    page.get_by_role("button", name="Xóa Công đoàn cơ sở Sở Tài chính").click()
    step(page, "submit")
    expect(page.locator("main")).to_contain_text("Đã gửi")
    shot(page, "awards-submitted")

    # The reviewer finds it in the queue and accepts it.
    switch_user(page, login_as, "bancd")
    page.goto("/awards/review/")
    page.get_by_role("link", name=tree.base_a.name).click()
    expect(page).to_have_url(proposal_url)
    step(page, "accept")
    expect(page.locator("main")).to_contain_text("Đã chấp thuận")

    # The standing office records decision 125-QĐ/ĐUK for the accepted nominees.
    switch_user(page, login_as, "thuongtruc")
    page.goto("/awards/decisions/")
    page.get_by_role("link", name="Ghi nhận quyết định").click()
    page.locator("#id_number").fill("125-QĐ/ĐUK")
    page.locator("#id_date").fill("2013-10-15")
    page.locator("#id_year").fill("2013")
    page.get_by_label(re.compile("Chi đoàn Thanh niên Sở Tài chính")).check()
    page.get_by_label(re.compile("Nguyễn Thị Hoa")).check()
    shot(page, "awards-decision-form")
    page.get_by_role("button", name="Lưu quyết định").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi nhận quyết định")
    expect(page.locator("main")).to_contain_text("Nguyễn Thị Hoa")
    shot(page, "awards-decision")

    # The proposal shows its nominees as rewarded; Table 03 of the bloc summary counts them.
    page.goto(proposal_url)
    expect(page.locator("main")).to_contain_text("Đã được khen thưởng, quyết định 125-QĐ/ĐUK")
    page.goto(f"/reports/summary/?period={period.pk}&unit={tree.bloc.pk}")
    table = page.locator("table", has=page.locator("caption", has_text="Biểu 03"))
    row = table.locator("tr", has_text="Giấy khen của Ban Thường vụ Đảng ủy Khối")
    expect(row.locator("td").nth(0)).to_have_text("1")
    expect(row.locator("td").nth(1)).to_have_text("1")
    expect(row.locator("td").nth(2)).to_have_text("125-QĐ/ĐUK")
    table.scroll_into_view_if_needed()
    shot(page, "awards-table03")


def test_a_proposal_on_a_phone(phone_page, login_as, shot, tree, group_member, settings, tmp_path):
    from tests.awards.factories import make_nominee, make_proposal

    settings.MEDIA_ROOT = tmp_path
    campaign = award_campaign(tree.province)
    make_quota(campaign, year=2013, c=2, i=2)
    proposal = make_proposal(tree.base_a, campaign)
    make_nominee(proposal, kind="individual", name="Trần Thị Mai")
    login_as(phone_page, "thanhvien")
    phone_page.goto(proposal.get_absolute_url())
    expect(phone_page.locator("main")).to_contain_text("Trần Thị Mai")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone_page, "awards-proposal-phone")
    # A member may not submit: no submit button; the printable short list opens.
    expect(phone_page.locator("button[data-step='submit']")).to_have_count(0)
    phone_page.get_by_role("link", name="In danh sách trích ngang").click()
    expect(phone_page.locator("main")).to_contain_text("DANH SÁCH TRÍCH NGANG", ignore_case=True)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone_page, "awards-short-list-phone")
