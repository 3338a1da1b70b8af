"""The list pages and list APIs whose query count is checked against the number of rows
(``tests/test_query_counts.py``), one module per group of apps; ``base`` has the vocabulary."""
