"""Demo data: founding decisions and working regulations for most steering groups, some
deliberately missing so the setup board has something to show. Bulk inserts only."""

from __future__ import annotations

import datetime

from campaigns.demo import group_leaders, store_demo_pdf
from units.demo import DemoContext, person_name

from .models import FoundingDecision, WorkingRegulation

D = datetime.date


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    leaders = group_leaders(ctx)
    decision_pdf = store_demo_pdf("steering/decisions", "quyet-dinh-thanh-lap.pdf", "Quyet dinh")
    rules_pdf = store_demo_pdf("steering/regulations", "quy-che-lam-viec.pdf", "Quy che lam viec")
    decisions: list[FoundingDecision] = []
    regulations: list[WorkingRegulation] = []
    for index, unit in enumerate(ctx.grassroots):
        recorder = leaders.get(unit.pk)
        if recorder is None:  # no steering group yet: no paperwork either
            continue
        # The first demo organisation is complete; the second lacks its regulations and scan.
        if index > 1 and rng.random() < 0.1:
            continue
        suffix = "ĐU" if unit.name.startswith("Đảng bộ") else "CB"
        decided_on = D(2013, 3, rng.randint(1, 25)) if rng.random() < 0.7 else D(2011, 4, 12)
        decisions.append(
            FoundingDecision(
                unit=unit,
                number=f"{rng.randint(3, 60):02d}-QĐ/{suffix}",
                decided_on=decided_on,
                signed_by=person_name(rng),
                file=decision_pdf if index == 0 or (index > 1 and rng.random() < 0.8) else "",
                recorded_by_id=recorder,
            )
        )
        if index == 1 or (index > 1 and rng.random() < 0.2):
            continue
        adopted = decided_on + datetime.timedelta(days=rng.randint(3, 30))
        regulations.append(
            WorkingRegulation(
                unit=unit,
                version=1,
                adopted_on=adopted,
                decision_number=f"{rng.randint(3, 60):02d}-QĐ/{suffix}",
                file=rules_pdf if rng.random() < 0.85 else "",
                recorded_by_id=recorder,
            )
        )
        if index == 0 or rng.random() < 0.3:
            regulations.append(
                WorkingRegulation(
                    unit=unit,
                    version=2,
                    adopted_on=D(2015, 1, rng.randint(5, 30)),
                    decision_number=f"{rng.randint(61, 99):02d}-QĐ/{suffix}",
                    note="Sửa đổi chế độ báo cáo và phân công theo dõi mô hình.",
                    file=rules_pdf,
                    recorded_by_id=recorder,
                )
            )
    for row in (*decisions, *regulations):
        row.normalise()
    FoundingDecision.objects.bulk_create(decisions, batch_size=2000)
    WorkingRegulation.objects.bulk_create(regulations, batch_size=2000)
    ctx.log.append(
        f"steering: {len(decisions)} founding decisions, {len(regulations)} regulation versions"
    )
