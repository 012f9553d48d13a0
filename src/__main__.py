"""``python -m flowdesk`` runs the same entry point as the console script."""

from flowdesk.cli.main import main

raise SystemExit(main())
