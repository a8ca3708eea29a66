"""Who may use the chat bots: an allowlist of chat users with a role (admin/member) per commune.

Stored in SQLite (tables chat_users and chat_user_prefs, knowledge.store.schema): one row per (platform, user, commune), plus the
commune a user chose to work with (/xa). A member of commune X sees only X's documents; an
admin of X may also upload documents into X. `RateLimiter` is the per-user message budget
(in memory: a restart forgives everybody).
"""
from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlite_utils import Database

from ingest.text.normal import squash
from knowledge.store.communes import match_commune

ROLES = ("admin", "member")
PLATFORMS = ("telegram", "zalo")


@dataclass(frozen=True)
class ChatUser:
    platform: str
    user_id: str
    roles: dict[str, str] = field(default_factory=dict)  # commune -> role
    chosen: str | None = None  # the commune picked with /xa (None: all of the user's communes)

    @property
    def communes(self) -> list[str]:
        return sorted(self.roles)

    @property
    def scope(self) -> list[str]:
        """The communes whose documents this user works with now."""
        return [self.chosen] if self.chosen in self.roles else self.communes

    @property
    def commune(self) -> str | None:
        """The one commune uploads and drafts go to, or None when the user must choose (/xa)."""
        scope = self.scope
        return scope[0] if len(scope) == 1 else None

    def is_admin(self, commune: str | None) -> bool:
        return commune is not None and self.roles.get(commune) == "admin"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def known_communes(db: Database) -> list[str]:
    """Communes that own documents or users."""
    rows = db.execute(
        """SELECT commune FROM documents WHERE commune IS NOT NULL
           UNION SELECT commune FROM chat_users ORDER BY 1"""
    ).fetchall()
    return [r[0] for r in rows]


def canonical_commune(db: Database, name: str) -> str:
    """The stored spelling of a commune typed loosely ("tan phong" -> "Tân Phong"); else the input, tidied
    (a new commune). AmbiguousCommune (a ValueError) when it fits several."""
    return match_commune(name, known_communes(db)) or squash(name)


def add_user(db: Database, platform: str, user_id: str, commune: str, role: str = "member",
             name: str | None = None) -> None:
    """Allow a user in a commune (changing the role when already there)."""
    if role not in ROLES:
        raise ValueError(f"Vai trò «{role}» không hợp lệ: dùng admin hoặc member.")
    if platform not in PLATFORMS:
        raise ValueError(f"Nền tảng «{platform}» không hợp lệ: dùng {' hoặc '.join(PLATFORMS)}.")
    with db.atomic():
        db.execute(
            """INSERT INTO chat_users (platform, user_id, commune, role, name, added_at) VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (platform, user_id, commune) DO UPDATE SET role = excluded.role,
               name = coalesce(excluded.name, chat_users.name)""",
            [platform, str(user_id), commune, role, name, _now()],
        )


def remove_user(db: Database, platform: str, user_id: str, commune: str | None = None) -> int:
    """Remove a user from one commune (or from all); returns the number of rows removed."""
    with db.atomic():
        if commune is None:
            cur = db.execute("DELETE FROM chat_users WHERE platform = ? AND user_id = ?", [platform, str(user_id)])
        else:
            cur = db.execute("DELETE FROM chat_users WHERE platform = ? AND user_id = ? AND commune = ?",
                             [platform, str(user_id), commune])
        db.execute(
            """DELETE FROM chat_user_prefs WHERE platform = ? AND user_id = ? AND commune IS NOT NULL
               AND commune NOT IN (SELECT commune FROM chat_users WHERE platform = ? AND user_id = ?)""",
            [platform, str(user_id), platform, str(user_id)],
        )
    return cur.rowcount


def list_users(db: Database, platform: str | None = None) -> list[dict]:
    where, params = ("WHERE platform = ?", [platform]) if platform else ("", [])
    return db.execute_returning_dicts(
        f"SELECT platform, user_id, commune, role, name, added_at FROM chat_users {where} "
        "ORDER BY platform, user_id, commune", params)


def get_user(db: Database, platform: str, user_id: str) -> ChatUser | None:
    """The allowed user, or None when not on the allowlist."""
    rows = db.execute("SELECT commune, role FROM chat_users WHERE platform = ? AND user_id = ?",
                      [platform, str(user_id)]).fetchall()
    if not rows:
        return None
    pref = db.execute("SELECT commune FROM chat_user_prefs WHERE platform = ? AND user_id = ?",
                      [platform, str(user_id)]).fetchone()
    return ChatUser(platform, str(user_id), dict(rows), pref[0] if pref else None)


def choose_commune(db: Database, user: ChatUser, commune: str | None) -> ChatUser:
    """Record the commune the user works with (None: all of theirs); it must be one of theirs."""
    if commune is not None and commune not in user.roles:
        raise ValueError(commune)
    with db.atomic():
        db.execute(
            """INSERT INTO chat_user_prefs (platform, user_id, commune) VALUES (?, ?, ?)
               ON CONFLICT (platform, user_id) DO UPDATE SET commune = excluded.commune""",
            [user.platform, user.user_id, commune],
        )
    return ChatUser(user.platform, user.user_id, user.roles, commune)


class RateLimiter:
    """At most `limit` events per `window` seconds per key (sliding window); thread-safe."""

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._events: dict[object, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: object) -> bool:
        """Count one event for `key`; False when it is over the budget (the event is not counted)."""
        if self.limit <= 0:
            return True
        now = self._clock()
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and now - events[0] >= self.window:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(now)
            return True

    def retry_after(self, key: object) -> float:
        """Seconds until `key` may send again (0 when it may now)."""
        with self._lock:
            events = self._events.get(key)
            if not events or len(events) < self.limit:
                return 0.0
            return max(0.0, self.window - (self._clock() - events[0]))
