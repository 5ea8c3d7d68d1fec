"""Factories for award forms, quotas, proposals, nominees and decisions."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import (
    AwardForm,
    Decision,
    Nominee,
    NomineeKind,
    Proposal,
    ProposalStatus,
    Quota,
    Recipient,
)
from campaigns.models import Campaign
from tests.models_registry.factories import make_campaign
from units.models import Unit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "to-trinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def form(code: str = "bloc_certificate") -> AwardForm:
    return AwardForm.objects.get(code=code)


def award_campaign(root: Unit) -> Campaign:
    return make_campaign(
        root,
        name="Phong trào thi đua “Dân vận khéo” 2011–2015",
        start_date=datetime.date(2011, 1, 1),
        end_date=datetime.date(2015, 12, 31),
    )


def make_quota(campaign: Campaign, *, year: int = 2013, code: str = "bloc_certificate", c=1, i=2):
    return Quota.objects.create(
        campaign=campaign, year=year, form=form(code), max_collectives=c, max_individuals=i
    )


def make_proposal(
    unit: Unit,
    campaign: Campaign,
    *,
    year: int = 2013,
    status: str = ProposalStatus.DRAFT,
    files: bool = True,
    nominees: int = 1,
    **fields,
) -> Proposal:
    proposal = Proposal.objects.create(
        unit=unit, campaign=campaign, year=year, status=status, **fields
    )
    if files:
        proposal.letter = pdf("to-trinh.pdf")
        proposal.minutes = pdf("bien-ban.pdf")
        proposal.save()
    for n in range(nominees):
        make_nominee(proposal, name=f"Chi đoàn thanh niên số {n + 1}")
    return proposal


def make_nominee(
    proposal: Proposal,
    *,
    kind: str = NomineeKind.COLLECTIVE,
    code: str = "bloc_certificate",
    name: str = "Công đoàn cơ sở Sở Tài chính",
    **fields,
) -> Nominee:
    fields.setdefault("achievement", "Hoàn thành xuất sắc mô hình “Dân vận khéo” năm 2013.")
    if kind == NomineeKind.INDIVIDUAL:
        fields.setdefault("position", "Chủ tịch Công đoàn")
    return Nominee.objects.create(
        proposal=proposal, kind=kind, form=form(code), name=name, **fields
    )


def make_decision(
    unit: Unit,
    campaign: Campaign,
    *,
    number: str = "125-QĐ/ĐUK",
    year: int = 2013,
    code: str = "bloc_certificate",
    recipients: list[tuple[Unit, str]] = (),
) -> Decision:
    decision = Decision.objects.create(
        unit=unit,
        campaign=campaign,
        year=year,
        number=number,
        date=datetime.date(year, 10, 15),
        issuer="Ban Thường vụ Đảng ủy Khối",
        form=form(code),
    )
    Recipient.objects.bulk_create(
        Recipient(decision=decision, unit=u, kind=kind, name=f"Người nhận {n}", order=n)
        for n, (u, kind) in enumerate(recipients, start=1)
    )
    return decision
