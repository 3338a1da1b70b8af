"""Each import kind: its row checker, and how it previews and writes a batch."""
