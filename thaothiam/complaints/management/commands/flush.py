"""`thaothiam flush`: Django's flush, which erases every table, also erasing the append-only complaint logs.

The logs' triggers (complaints/dbguard.py) refuse every DELETE, UPDATE and TRUNCATE of a log row; erasing
the whole database is the one sanctioned exception, so the triggers are lifted for that operation and set
again afterwards, whatever happens.
"""

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from thaothiam.complaints import dbguard


class Command(DjangoFlush):
    def handle(self, **options):
        connection = connections[options["database"]]
        dbguard.drop(connection)
        try:
            return super().handle(**options)
        finally:
            dbguard.create(connection)
