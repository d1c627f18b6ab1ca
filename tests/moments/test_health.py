from django.db import DatabaseError


def test_healthz_reports_the_database_reachable(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(client, db, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken_execute(self, sql, params=None):
        raise DatabaseError("connection refused")

    # An outage simulated at the driver boundary, undone before the test database is torn down.
    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", broken_execute)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
