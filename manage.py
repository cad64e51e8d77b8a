#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clp.settings")
    # manage.py is the developer's tool: with DEBUG unset it runs in development mode, so
    # `makemigrations`, `seed_demo` or `runserver` need no secrets. The web server (wsgi),
    # the worker and beat default to production and refuse to start without SECRET_KEY;
    # in production set DEBUG=false in the environment for manage.py too (.env.example does).
    os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
