"""The dashboard pages, one module per kind of page; shared building blocks in common.py."""
