import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
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
        # Pages and PDFs use the hashed names of collected static files; a server started without
        # them would answer every page with an error. Quick when nothing changed.
        call_command("collectstatic", interactive=False, verbosity=0)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thaothiam.settings"}
        env.setdefault("THAOTHIAM_BASE_URL", f"http://{host}:{port}")  # links in e-mail (development)
        children: list[subprocess.Popen] = []

        def stop(signum=None, frame=None):
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        # Stopping `serve` (Ctrl-C, systemd, a container runtime) stops gunicorn and the worker too.
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        if not no_worker and settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
            # Two workers: imports on their own, so a long import never holds up a PDF.
            for queues in ("default", "imports"):
                children.append(subprocess.Popen([sys.executable, "-m", "thaothiam", "db_worker", "--queue-name",
                                                  queues], env=env))
        command = [
            sys.executable, "-m", "gunicorn", "thaothiam.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers), "--threads", str(threads),
            "--worker-class", "gthread", "--access-logfile", "-", "--timeout", "120",
            # No access line for survey answering or complaint paths (tokens, times): core/accesslog.py.
            "--logger-class", "thaothiam.core.accesslog.AccessLogger",
        ]
        self.stdout.write(f"ThaoThiam on http://{host}:{port}/ ({workers} workers × {threads} threads)")
        self.stdout.flush()
        server = subprocess.Popen(command, env=env)
        children.append(server)
        try:
            server.wait()
        finally:
            stop()
            for child in children:
                try:
                    child.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
        if server.returncode not in (0, -signal.SIGTERM):
            sys.exit(server.returncode)
