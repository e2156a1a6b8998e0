"""The `zhichan` console command: Django's management commands under one name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichan.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        # `zhichan region-of …` and `zhichan region_of …` are the same command.
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["zhichan", *args])


if __name__ == "__main__":
    main()
