"""``python -m greatgame.cli``: the same as the ``greatgame`` command."""
from . import main

main()
