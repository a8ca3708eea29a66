"""The chat allowlist (roles per commune, the /xa choice), the per-user rate limit and `troly users`."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bot.chat import ChatCore
from bot.cli import app
from knowledge.store.communes import AmbiguousCommune
from knowledge.store.schema import open_db
from knowledge.store.users import (
    RateLimiter,
    add_user,
    canonical_commune,
    choose_commune,
    get_user,
    list_users,
    remove_user,
)


@pytest.fixture
def db():
    return open_db(None)


def test_roles_per_commune_and_scope(db):
    assert get_user(db, "telegram", "42") is None
    add_user(db, "telegram", "42", "Hòa Lạc", "admin", name="Chị Lan")
    add_user(db, "telegram", "42", "Bình Minh")
    add_user(db, "zalo", "42", "Bình Minh")
    user = get_user(db, "telegram", "42")
    assert user.communes == ["Bình Minh", "Hòa Lạc"] and user.scope == ["Bình Minh", "Hòa Lạc"]
    assert user.commune is None  # two communes: uploads and drafts need a choice
    assert user.is_admin("Hòa Lạc") and not user.is_admin("Bình Minh") and not user.is_admin(None)

    chosen = choose_commune(db, user, "Hòa Lạc")
    assert chosen.scope == ["Hòa Lạc"] and chosen.commune == "Hòa Lạc"
    assert get_user(db, "telegram", "42").chosen == "Hòa Lạc"  # persisted
    with pytest.raises(ValueError):
        choose_commune(db, user, "Xã Khác")
    assert choose_commune(db, chosen, None).scope == ["Bình Minh", "Hòa Lạc"]

    add_user(db, "telegram", "42", "Bình Minh", "admin")  # a role change, not a second row
    assert [r["role"] for r in list_users(db, "telegram")] == ["admin", "admin"]
    assert get_user(db, "zalo", "42").roles == {"Bình Minh": "member"}  # platforms are separate


def test_remove_and_validation(db):
    add_user(db, "telegram", "7", "Hòa Lạc")
    add_user(db, "telegram", "7", "Bình Minh", "admin")
    choose_commune(db, get_user(db, "telegram", "7"), "Bình Minh")
    assert remove_user(db, "telegram", "7", "Bình Minh") == 1
    user = get_user(db, "telegram", "7")
    assert user.roles == {"Hòa Lạc": "member"} and user.chosen is None  # the stale choice went too
    assert remove_user(db, "telegram", "7") == 1 and get_user(db, "telegram", "7") is None
    assert remove_user(db, "telegram", "7") == 0
    with pytest.raises(ValueError, match="admin hoặc member"):
        add_user(db, "telegram", "8", "Hòa Lạc", "owner")
    with pytest.raises(ValueError, match="telegram hoặc zalo"):
        add_user(db, "viber", "8", "Hòa Lạc")


def test_canonical_commune(db):
    add_user(db, "telegram", "1", "Hòa Lạc")
    assert canonical_commune(db, "hoa  lac") == "Hòa Lạc"
    assert canonical_commune(db, " Xã  Mới ") == "Xã Mới"
    assert canonical_commune(db, "xã Hòa Lạc") == "Hòa Lạc"  # the same commune, not a new one


def test_ambiguous_commune_is_an_error_listing_the_candidates(db):
    add_user(db, "telegram", "1", "Tân Phong")
    add_user(db, "telegram", "2", "Tấn Phong")
    with pytest.raises(AmbiguousCommune, match="«tan phong» có thể là: Tân Phong, Tấn Phong") as err:
        canonical_commune(db, "tan phong")
    assert isinstance(err.value, ValueError) and err.value.candidates == ("Tân Phong", "Tấn Phong")
    assert canonical_commune(db, "Tấn Phong") == "Tấn Phong"  # typed with diacritics: no doubt


def test_rate_limiter_sliding_window():
    now = [0.0]
    limiter = RateLimiter(3, 60, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b") and limiter.retry_after("a") == 60
    now[0] = 30
    assert not limiter.allow("a") and limiter.retry_after("a") == 30
    now[0] = 60.5
    assert limiter.allow("a") and limiter.retry_after("b") == 0
    unlimited = RateLimiter(0)
    assert all(unlimited.allow("x") for _ in range(100))


def test_gate_refuses_unknown_and_too_fast(db):
    add_user(db, "zalo", "u1", "Hòa Lạc")
    core = ChatCore(rate_limit=2)
    user, refusal = core.gate(db, "zalo", "u1")
    assert user.communes == ["Hòa Lạc"] and refusal is None
    stranger, refusal = core.gate(db, "zalo", "u2")
    assert stranger is None and "chưa có quyền" in refusal.text and "u2" in refusal.text
    core.gate(db, "zalo", "u1")
    user, refusal = core.gate(db, "zalo", "u1")
    assert user is None and "quá nhanh" in refusal.text


def test_users_cli(tmp_path):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(app, ["--data-dir", str(tmp_path / "data"), "users", *args])

    added = run("add", "123456", "--commune", "Hòa Lạc", "--role", "admin", "--name", "Anh Nam")
    assert added.exit_code == 0 and "quản trị" in added.output and "chưa có tài liệu" in added.output
    assert run("add", "zl-9", "--commune", "hoa lac", "--platform", "zalo").exit_code == 0
    rows = json.loads(run("list", "--json").output)
    assert [(r["platform"], r["user_id"], r["commune"], r["role"]) for r in rows] == [
        ("telegram", "123456", "Hòa Lạc", "admin"), ("zalo", "zl-9", "Hòa Lạc", "member")]
    assert "Anh Nam" in run("list").output
    bad = run("add", "1", "--commune", "Hòa Lạc", "--role", "boss")
    assert bad.exit_code == 2 and "admin hoặc member" in bad.output
    db = open_db(tmp_path / "data" / "troly.db")
    add_user(db, "telegram", "5", "Tân Phong")
    add_user(db, "telegram", "6", "Tấn Phong")
    db.close()
    ambiguous = run("add", "7", "--commune", "tan phong")
    assert ambiguous.exit_code == 2 and "có thể là: Tân Phong, Tấn Phong" in ambiguous.output
    assert run("remove", "123456").exit_code == 0
    again = run("remove", "123456")
    assert again.exit_code == 1 and "Không có quyền" in again.output
