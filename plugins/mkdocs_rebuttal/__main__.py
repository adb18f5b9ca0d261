"""`python -m mkdocs_rebuttal`: the command line (`cli`)."""

import sys

from .cli.main import main

sys.exit(main())
