"""Subcommands of the `wordstack` command line, one module each.

Each module has `register(subparsers)` that adds its parser and sets `handler`.
"""
