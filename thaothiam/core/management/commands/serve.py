import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve ThaoThiam with gunicorn (static files by whitenoise) and run the background-task worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("THAOTHIAM_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("THAOTHIAM_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("THAOTHIAM_WORKERS", "3")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("THAOTHIAM_THREADS", "4")))
        parser.add_argument("--no-worker", action="store_true", help="Do not start the background-task worker.")

    def handle(self, *args, host, port, workers, threads, no_worker, **options):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thaothiam.settings"}
        worker = None
        if not no_worker and settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
            worker = subprocess.Popen([sys.executable, "-m", "thaothiam", "db_worker"], env=env)
        command = [
            sys.executable, "-m", "gunicorn", "thaothiam.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers), "--threads", str(threads),
            "--worker-class", "gthread", "--access-logfile", "-", "--timeout", "120",
        ]
        self.stdout.write(f"ThaoThiam on http://{host}:{port}/ ({workers} workers × {threads} threads)")
        server = subprocess.Popen(command, env=env)
        try:
            server.wait()
        except KeyboardInterrupt:
            server.send_signal(signal.SIGTERM)
            server.wait()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
