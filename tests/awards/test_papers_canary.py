"""The XSS canary typed into an award's people and signer comes out as text in its papers (the
proposal letter, the decision with its annex, the certificates), never as markup (ASVS V1)."""

import datetime
import io

from pypdf import PdfReader

from awards.documents import certificates_pdf, decision_pdf, decision_recipients, proposal_pdf
from awards.models import NomineeKind, ProposalStatus
from awards.services import decision_record
from tests.hostile.test_xss_canary import CANARY

from .factories import form, make_nominee, make_proposal

FOLDED = "".join(CANARY.split())


def folded_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "".join("".join(page.extract_text() for page in reader.pages).split())


def test_canary_is_text_in_every_award_paper(tree, campaign, standing_office):
    proposal = make_proposal(tree.base_a, campaign, status=ProposalStatus.ACCEPTED, nominees=0)
    person = make_nominee(
        proposal,
        kind=NomineeKind.INDIVIDUAL,
        name=f"Trần Thị {CANARY}",
        position=CANARY,
        achievement=CANARY,
        code="province_chair_merit",
    )
    assert folded_text(proposal_pdf(proposal)).count(FOLDED) >= 2  # name, achievement
    decision = decision_record(
        unit=tree.bloc,
        campaign=campaign,
        year=2013,
        number="2345/QĐ-UBND",
        date=datetime.date(2013, 10, 14),
        issuer="Chủ tịch Ủy ban nhân dân tỉnh",
        form=form("province_chair_merit"),
        by=standing_office,
        nominees=[person],
        signer_on_behalf="KT. Chủ tịch",
        signer_title="Phó Chủ tịch",
        signer_name=CANARY,
        copies_to=f"Ban Thi đua - Khen thưởng tỉnh,\n{CANARY}",
    )
    decision_text = folded_text(decision_pdf(decision))
    assert decision_text.count(FOLDED) >= 3  # signer, copies-to, the annex's recipient
    certificate = folded_text(certificates_pdf(decision, decision_recipients(decision)))
    assert FOLDED in certificate
