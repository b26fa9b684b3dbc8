"""Allow `python -m game`."""

from game.cli import run

run()
