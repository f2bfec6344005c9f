"""``python -m analysis``: see :mod:`analysis.cli`."""

import sys

from analysis.cli import main

if __name__ == "__main__":  # guarded: the runner's worker processes import this module again
    sys.exit(main())
