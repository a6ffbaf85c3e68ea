"""``python -m visioncore``: the same command line as the ``visioncore`` script."""

import sys

from .cli import main

sys.exit(main())
