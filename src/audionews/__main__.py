"""`python -m audionews`: the same as the `audionews` command."""
from audionews.cli import main

raise SystemExit(main())
