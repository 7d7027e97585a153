"""python3 scripts/abigen --spec abi/cloudabi.abi --out DIR"""

import os
import sys

if __package__ in (None, ""):
    # Run as a directory: make the package importable by its name.
    sys.path.insert(0, os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))

from abigen.driver import main  # noqa: E402

sys.exit(main())
