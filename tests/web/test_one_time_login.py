from __future__ import annotations

from tragac.store import Store
from tragac.store.models.web import User
from tragac.web.accounts import one_time_login, verify_password


def test_one_time_login_creates_then_rotates(sqlite_store: Store) -> None:
    first = one_time_login(sqlite_store, "admin", "admin")
    second = one_time_login(sqlite_store, "admin", "admin")
    assert first != second
    with sqlite_store.session() as s:
        users = s.query(User).filter(User.name == "admin").all()
        assert len(users) == 1 and users[0].role == "admin"
        assert verify_password(users[0].password_hash, second)
        assert not verify_password(users[0].password_hash, first)
