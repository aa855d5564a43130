"""The `thaothiam` console command: Django management under ThaoThiam's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thaothiam.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([os.path.basename(sys.argv[0]) or "thaothiam", *sys.argv[1:]])


if __name__ == "__main__":
    main()
