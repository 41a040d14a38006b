"""``python -m kestrel`` runs the command line."""

from kestrel.cli import main

main()
