"""Table 03 on the bloc summary page comes from the recorded award decisions."""

from django.urls import reverse

from campaigns.models import DeadlineKind
from tests.reports.factories import make_deadline

from .factories import make_decision


def test_the_bloc_summary_shows_the_awards(tree, campaign, reviewer, login):
    period = make_deadline(
        campaign, kind=DeadlineKind.ANNUAL_REPORT, year=2013, applies_to=tree.bloc
    )
    make_decision(
        tree.bloc,
        campaign,
        number="125-QĐ/ĐUK",
        recipients=[(tree.base_a, "collective"), (tree.base_b, "individual")],
    )
    make_decision(
        tree.bloc, campaign, number="3-QĐ/ĐUK", year=2012, recipients=[(tree.base_a, "collective")]
    )
    response = login(reviewer).get(
        reverse("reports:summary"), {"period": period.pk, "unit": tree.bloc.pk}
    )
    assert response.status_code == 200
    page = response.content.decode()
    table = page[page.index("Biểu 03") :]
    table = table[: table.index("</table>")]
    assert "Giấy khen của Ban Thường vụ Đảng ủy Khối" in table
    assert "125-QĐ/ĐUK" in table
    assert "3-QĐ/ĐUK" not in table
    assert "Cờ thi đua" in table
    assert "Sẽ được điền" not in page
