"""`wordstack packs`: list the bundled word packs."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    """Add the `packs` subcommand."""
    parser = subparsers.add_parser("packs", help="list the bundled word packs")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per bundled pack: name, size and title."""
    from game.words import bundled_packs, load_pack

    for name in bundled_packs():
        pack = load_pack(name)
        print(f"{name}\t{len(pack)} words\t{pack.title}")
    return 0
