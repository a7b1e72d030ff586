"""``python -m bench.build S|L``: build the agency in the configured database; prints the ids as JSON."""

import json
import os
import sys

import django


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from bench.agency import build
    from bench.sizes import SIZES

    # Building is the operator's set-up, across organisations, like a command.
    with scopes_disabled():
        ids = build(
            SIZES[sys.argv[1]],
            today=timezone.localdate(),
            log=lambda m: print(m, file=sys.stderr, flush=True),
        )
    print(json.dumps(ids))


if __name__ == "__main__":
    main()
