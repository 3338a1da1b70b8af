"""Row validation of each import kind, with the same rules as the services."""
