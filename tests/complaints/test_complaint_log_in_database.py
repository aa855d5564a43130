"""The access log and the case trail are append-only in the database, not only in the ORM: the attacker
here has the application's database connection (a queryset update/delete, raw SQL, TRUNCATE) and tries to
rewrite who opened a case. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

import pytest
from complaint_helpers import officers_with_keys, submit
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from thaothiam.complaints import dbguard
from thaothiam.complaints.models import AccessEntry, Case, CaseEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(reference_data):
    clients = officers_with_keys(("co-local", "DIS-1001"), ("co-central", None))
    submit()
    case = Case.objects.get()
    clients["co-local"].get(f"/complaints/cases/{case.pk}/")
    assert AccessEntry.objects.filter(case=case).count() == 1
    return case


def refused(action) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        action()


def test_the_triggers_exist_on_this_database():
    assert len(dbguard.installed(connection)) == len(dbguard.TABLES) * 2


def test_a_queryset_cannot_change_or_delete_access_rows(logged, django_user_model):
    other = django_user_model.objects.get(username="co-central")
    refused(lambda: AccessEntry.objects.update(user=other))
    refused(lambda: AccessEntry.objects.filter(case=logged).update(on="2000-01-01"))
    refused(lambda: AccessEntry.objects.all().delete())
    refused(lambda: CaseEvent.objects.update(detail="nothing happened"))
    refused(lambda: CaseEvent.objects.filter(case=logged).delete())
    entry = AccessEntry.objects.get()
    assert entry.user.username == "co-local" and CaseEvent.objects.filter(case=logged).exists()


def test_raw_sql_cannot_rewrite_the_log(logged):
    def sql(statement):
        return lambda: connection.cursor().execute(statement)

    refused(sql("UPDATE complaints_accessentry SET user_id = user_id + 1"))
    refused(sql("DELETE FROM complaints_accessentry"))
    refused(sql("UPDATE complaints_caseevent SET action = 'received'"))
    refused(sql("DELETE FROM complaints_caseevent WHERE id > 0"))
    if connection.vendor == "postgresql":
        refused(sql("TRUNCATE complaints_accessentry"))
        refused(sql("TRUNCATE complaints_case CASCADE"))
    assert AccessEntry.objects.count() == 1


def test_deleting_the_case_does_not_take_its_log_with_it(logged):
    refused(lambda: Case.objects.filter(pk=logged.pk).delete())
    assert Case.objects.filter(pk=logged.pk).exists() and AccessEntry.objects.count() == 1


def test_appending_still_works(logged, django_user_model):
    AccessEntry.objects.create(case=logged, user=django_user_model.objects.get(username="co-central"),
                               what=AccessEntry.What.CASE, on=logged.received_on)
    assert AccessEntry.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_only_erasing_the_whole_database_erases_the_log_and_the_guard_comes_back(reference_data):
    clients = officers_with_keys(("co-local", "DIS-1001"), ("co-central", None))
    submit()
    clients["co-local"].get(f"/complaints/cases/{Case.objects.get().pk}/")
    call_command("flush", interactive=False, verbosity=0)
    assert not AccessEntry.objects.exists() and not Case.objects.exists()
    assert len(dbguard.installed(connection)) == len(dbguard.TABLES) * 2
