"""Two staff reviewing one submission at once, two reminder workers at once: one outcome each.

Real threads with their own database connections. On PostgreSQL (production) the two run truly
in parallel and the row lock of the conditional UPDATE decides. On SQLite every write takes the
database lock (BEGIN IMMEDIATE); a file database waits `busy_timeout` for it, but the shared-cache
in-memory database pytest uses reports "table is locked" at once instead, so `busy_wait` waits
and calls again, as the file database would (the failed call was rolled back whole). The review
race therefore runs on both databases; the worker race needs PostgreSQL (SQLite has one writer,
and the interleaving that matters there is proven deterministically in test_services).
"""

import datetime
import threading
import time

import pytest
from django.core import mail
from django.db import OperationalError, close_old_connections, connection
from django.urls import reverse

from chibo.accounts.models import RoleKind
from chibo.assignments import services
from chibo.assignments.models import AssigneeTask, EventKind, Notification, ReminderKind, TaskState
from chibo.core.testing import make_user
from chibo.orgs.models import UnitKind

pytestmark = [pytest.mark.django_db(transaction=True)]
needs_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: parallel writers")

TODAY = datetime.date(2025, 9, 1)


def busy_wait(action, timeout: float = 10.0):
    """Call `action`; on SQLite, when the database is locked, wait and call it again (see above)."""
    give_up = time.monotonic() + timeout
    while True:
        try:
            return action()
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc) or time.monotonic() > give_up:
                raise
            time.sleep(0.002)


def run_together(*actions):
    """Each action is (prepare, act): every thread prepares (reads what its user sees), all wait at a
    barrier, then all act at the same instant. Returns each act's result or exception."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def runner(i, prepare, act):
        try:
            seen = busy_wait(prepare)
            barrier.wait()
            results[i] = busy_wait(lambda: act(seen))
        except Exception as exc:  # noqa: BLE001 - the result is inspected by the test
            results[i] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, *a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.fixture
def submitted(tree, province_staff, monkeypatch):
    monkeypatch.setattr("chibo.assignments.clock.today", lambda: TODAY)
    plan = services.do_fan_out_assignment(province_staff, issuer=tree.province, title="Kế hoạch thực hiện",
                                          deadline=TODAY + datetime.timedelta(days=5), units=[tree.commune_a])
    task = plan.tasks.get()
    services.do_submit_task(make_user(tree.commune_a, RoleKind.STAFF), task, note="Kết quả")
    task.refresh_from_db()
    return task


@pytest.mark.parametrize("repeat", range(3))
def test_accept_and_return_at_the_same_moment_leave_one_consistent_state(tree, province_staff, submitted, repeat,
                                                                         client_as):
    other = make_user(tree.province, RoleKind.SECRETARY, username=f"bithu{repeat}")
    version = submitted.version

    def load():
        return AssigneeTask.objects.select_related("assignment__issuer", "unit").get(pk=submitted.pk)

    def accept(task):
        return services.do_review_task(province_staff, task, accept=True, expected_version=version)

    def give_back(task):
        return services.do_review_task(other, task, accept=False, expected_version=version, comment="Bổ sung")

    results = run_together((load, accept), (load, give_back))
    winners = [r for r in results if isinstance(r, AssigneeTask)]
    losers = [r for r in results if isinstance(r, services.TransitionConflict)]
    assert len(winners) == 1 and len(losers) == 1, results

    # One consistent state: the winner's decision, applied once.
    final = AssigneeTask.objects.get(pk=submitted.pk)
    assert final.state == winners[0].state and final.state in (TaskState.ACCEPTED, TaskState.RETURNED)
    assert final.version == version + 1
    if final.state == TaskState.ACCEPTED:
        assert final.due_on == TODAY + datetime.timedelta(days=5) and final.review_comment == ""
    else:
        assert final.review_comment == "Bổ sung"

    # The loser is told who did what first and what the state is now.
    decided, winner = ((EventKind.ACCEPTED, province_staff) if final.state == TaskState.ACCEPTED
                       else (EventKind.RETURNED, other))
    assert "không được thực hiện" in losers[0].message
    assert str(winner) in losers[0].message and final.get_state_display().lower() in losers[0].message

    # History shows both: the decision by the winner, then the refused attempt by the loser.
    events = list(final.events.order_by("id").values_list("kind", "actor_id", "data"))
    loser = other if winner == province_staff else province_staff
    assert [(k, a) for k, a, _ in events[-2:]] == [(decided, winner.pk), (EventKind.CONFLICT, loser.pk)]
    assert events[-1][2] == {"attempted": EventKind.RETURNED if decided == EventKind.ACCEPTED else EventKind.ACCEPTED}
    assert sum(1 for k, _, _ in events if k in (EventKind.ACCEPTED, EventKind.RETURNED)) == 1
    page = client_as(province_staff).get(reverse("assignments:task", args=[final.pk])).content.decode()
    assert f'data-kind="{decided}"' in page and 'data-kind="conflict"' in page


@needs_postgresql
def test_two_reminder_sweeps_at_once_send_each_reminder_once(tree, province_staff, mailoutbox):
    make_user(tree.commune_a, RoleKind.STAFF, username="a_mail", email="a@example.vn")
    make_user(tree.commune_b, RoleKind.STAFF, username="b_mail", email="b@example.vn")
    plan = services.do_fan_out_assignment(province_staff, issuer=tree.province, title="Sơ kết",
                                          deadline=TODAY + datetime.timedelta(days=2), today=TODAY,
                                          under=tree.province, kinds=[UnitKind.COMMUNE, UnitKind.CELL])
    late = plan.deadline + datetime.timedelta(days=1)
    sweep = (lambda: None, lambda _: services.do_send_reminders(today=late))
    results = run_together(*[sweep] * 4)
    assert all(isinstance(r, dict) for r in results), results
    assert sum(r["sent"] for r in results) == 6
    assert Notification.objects.count() == 6
    assert len(mail.outbox) == 2  # only the two communes have staff with e-mail addresses
    # A restarted worker finds nothing left to send.
    assert services.do_send_reminders(today=late)["sent"] == 0


@needs_postgresql
def test_two_task_workers_running_the_sweep_at_once_remind_each_unit_once(tree, province_staff, mailoutbox):
    """The real path: `chibo remind` enqueued twice (cron fired twice), two db workers pick one each."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    from chibo.assignments.tasks import send_reminders

    make_user(tree.commune_a, RoleKind.STAFF, username="a_mail", email="a@example.vn")
    make_user(tree.commune_b, RoleKind.SECRETARY, username="b_mail", email="b@example.vn")
    plan = services.do_fan_out_assignment(province_staff, issuer=tree.province, title="Sơ kết",
                                          deadline=TODAY + datetime.timedelta(days=2), today=TODAY,
                                          under=tree.province, kinds=[UnitKind.COMMUNE])
    late = (plan.deadline + datetime.timedelta(days=1)).isoformat()
    for _ in range(2):
        send_reminders.enqueue(late)

    def worker(name):
        return Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                      max_tasks=1, worker_id=name, excluded_queue_names=[])

    results = run_together(*[(lambda: None, lambda _, n=n: worker(n).run()) for n in ("w1", "w2")])
    assert results == [None, None]
    done = list(DBTaskResult.objects.values_list("status", "worker_ids", "return_value"))
    assert sorted(s for s, _, _ in done) == ["SUCCESSFUL", "SUCCESSFUL"]
    assert sorted(w[0] for _, w, _ in done) == ["w1", "w2"]  # truly one sweep per worker
    assert sum(r["sent"] for _, _, r in done) == 2
    assert sorted(Notification.objects.filter(kind=ReminderKind.OVERDUE).values_list("unit_id", flat=True)) == \
        sorted([tree.commune_a.pk, tree.commune_b.pk])
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.vn", "b@example.vn"]
    # The worker restarts and the sweep is enqueued again: nothing new.
    send_reminders.enqueue(late)
    worker("w3").run()
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2
