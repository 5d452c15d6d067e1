"""``python -m core``: the headless commands without the desktop."""

import sys

from core.cli import main

sys.exit(main())
