"""The dashboard benchmark: `make bench` (PostgreSQL only, never part of `make test`)."""
