#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerworks.settings.local")
    from django.core.management import execute_from_command_line
    from django_scopes import scopes_disabled

    # Commands are the operator's tools and work across organisations (catalogues, the
    # demo, backups, the reminder job). Requests that runserver answers run in threads of
    # their own, scoped by organisations.middleware like any other.
    with scopes_disabled():
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
