"""``python -m mirps``: the same as the ``mirps`` command."""

import sys

from .cli import main

sys.exit(main())
