"""Factories for campaigns, deadlines, documents and activity records; upload helpers."""

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import (
    Campaign,
    CampaignStatus,
    Deadline,
    DeadlineKind,
    DirectiveDocument,
    DisseminationSession,
    DocumentType,
)
from campaigns.pdf import tiny_pdf
from tests.units.factories import UserFactory
from units.models import Unit


def pdf_upload(name: str = "quyet-dinh.pdf", title: str = "Quyet dinh") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf(title), content_type="application/pdf")


def big_pdf_upload(size: int, name: str = "lon.pdf") -> SimpleUploadedFile:
    """A real PDF padded to ``size`` bytes."""
    content = tiny_pdf("big")
    content += b"%" + b"x" * max(0, size - len(content) - 1)
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def exe_as_pdf(name: str = "quy-che.pdf") -> SimpleUploadedFile:
    """A Windows program renamed to .pdf: refused by content, whatever the name says."""
    return SimpleUploadedFile(
        name, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "application/pdf"
    )


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Phong trào thi đua “Dân vận khéo” {n}")
    code = factory.Sequence(lambda n: f"dvk-{n}")
    status = CampaignStatus.ACTIVE
    is_current = True
    start_date = datetime.date(2011, 1, 1)
    end_date = datetime.date(2015, 12, 31)


class DeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deadline

    campaign = factory.SubFactory(CampaignFactory)
    year = 2013
    kind = DeadlineKind.REGISTRATION
    title = "Đăng ký mô hình, điển hình “Dân vận khéo” năm 2013"
    due_date = datetime.date(2013, 3, 31)
    applies_to = factory.LazyAttribute(lambda d: d.campaign.root_unit)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectiveDocument

    number = factory.Sequence(lambda n: f"{n}-CV/TU")
    doc_type = DocumentType.OFFICIAL_LETTER
    issued_on = datetime.date(2010, 10, 14)
    issuer = "Ban Thường vụ Tỉnh ủy"
    summary = "Về tiếp tục chỉ đạo phong trào thi đua “Dân vận khéo”"
    # The first bloc's register unless a test says otherwise.
    owner_unit = factory.LazyFunction(
        lambda: Unit.objects.filter(unit_type__code="bloc").order_by("path").first()
    )


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisseminationSession

    title = "Hội nghị quán triệt Công văn 238-CV/TU"
    held_on = datetime.date(2013, 3, 10)
    participants = 45
    recorded_by = factory.SubFactory(UserFactory)
