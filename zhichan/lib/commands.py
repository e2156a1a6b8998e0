"""The base of the platform's own `zhichan` commands."""

from django.core.management.base import BaseCommand


class OperationalCommand(BaseCommand):
    """A command an office or its operator runs for one task (an import, a figure, a backup).

    Django's system checks would import every view of the site first — the search and
    duplicate-detection libraries with them, several seconds of CPU before the task starts — and
    check nothing the task uses. `zhichan check` runs them, and so do `migrate` and the server."""

    requires_system_checks = []
