"""`python -m dedup` runs the command line."""

import sys

from .run.cli import main

sys.exit(main())
