"""``python -m minusma VERB``: the same command as ``minusma VERB`` (see :mod:`minusma.cli`)."""

import sys

from minusma.cli import main

if __name__ == "__main__":
    sys.exit(main())
