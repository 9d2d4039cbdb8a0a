"""`python -m flows.cli …` is the `chipwatch` command."""

import sys

from flows.cli import main

sys.exit(main())
