"""A year of grading for the demo province's first communes, decided within the 20% quota."""


from .models import Assessment, Grade, Stage
from .services import do_open_round

WEIGHTS = [(Grade.EXCELLENT, 0.12), (Grade.GOOD, 0.70), (Grade.COMPLETE, 0.16), (Grade.INCOMPLETE, 0.02)]


def _draw(rng):
    x, total = rng.random(), 0.0
    for grade, weight in WEIGHTS:
        total += weight
        if x < total:
            return grade
    return Grade.COMPLETE


def grading_year(today) -> int:
    """The year being graded: the current one from December (when cells grade), else the last."""
    return today.year if today.month == 12 else today.year - 1


def load(ctx) -> None:
    rng = ctx.rng
    # The year whose meetings, tasks and reports the demo holds, so the evidence beside each decision is full.
    year = grading_year(ctx.today)
    commune = ctx.lists["communes"][0]
    grading_round = do_open_round(commune, year, actor=ctx.users.get("commune_secretary"))
    assessments = list(Assessment.objects.filter(round=grading_round).select_related("person"))
    good = sum(1 for _ in assessments) * 0.7
    excellent_left = int(good * 0.2 * 0.9)
    for a in assessments:
        grade = _draw(rng)
        if grade == Grade.EXCELLENT:
            if excellent_left <= 0:
                grade = Grade.GOOD
            excellent_left -= 1
        a.self_grade = grade if rng.random() < 0.7 else Grade.GOOD
        a.proposed_grade = grade
        # Most decided, the last cells still waiting for the commune's decision.
        decided = rng.random() < 0.85
        a.decided_grade = grade if decided else ""
        a.stage = Stage.DECIDED if decided else Stage.PROPOSED
    Assessment.objects.bulk_update(assessments, ["self_grade", "proposed_grade", "decided_grade", "stage"], batch_size=2000)
    ctx.units["grading_commune"] = commune
    ctx.lists["grading_rounds"] = [grading_round]
