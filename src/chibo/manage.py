"""The `chibo` command: the project's manage.py."""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["extract"]:
        # Pure text work: no settings, no database.
        from chibo.text.cli import main as extract

        sys.exit(extract(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chibo.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
