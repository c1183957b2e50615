"""`python -m chibo.text FILE.jsonl` runs `chibo extract`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
