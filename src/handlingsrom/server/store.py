"""The store: one class owns the database, and every read and write goes through it.

Each change and its audit entry are written in one transaction: either both are there or
neither is. A plan edit is computed (and checked by the model) outside any database lock,
then written with a compare-and-set on the revision it started from: with ``If-Match`` a
concurrent change makes it fail with 412; without, it is redone on the new content, so
twenty clients adding measures at once all get theirs in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from handlingsrom.server import security
from handlingsrom.server.db import WRITE
from handlingsrom.server.models import (
    ROLES,
    AuditEntry,
    Credential,
    LoginFailure,
    Plan,
    User,
    utcnow,
)
from handlingsrom.server.problems import ApiError


# --------------------------------------------------------------------------- records
@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    role: str
    active: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, u: User) -> UserRecord:
        return cls(u.id, u.username, u.role, u.active, u.created_at, u.updated_at)


@dataclass(frozen=True)
class PlanRecord:
    id: int
    name: str
    description: str
    dataset: str
    parent_id: int | None
    owner_id: int
    owner: str
    owner_role: str
    status: str
    scenario: dict[str, Any]
    revision: int
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    adopted_at: datetime | None

    @property
    def etag(self) -> str:
        return f'"plan-{self.id}-r{self.revision}"'

    @property
    def scenario_name(self) -> str:
        """The name the plan's scenario gets when its document names none."""
        return f"plan-{self.id}"


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    user_id: int | None
    username: str
    action: str
    plan_id: int | None
    target: str
    summary: str
    before: Any
    after: Any


@dataclass
class Edit:
    """What a plan edit changes, and how the audit trail records it."""

    action: str
    summary: str
    target: str = ""
    scenario: dict[str, Any] | None = None  # the new document (None: unchanged)
    values: dict[str, Any] = field(default_factory=dict)  # other columns to set
    before: Any = None
    after: Any = None


@dataclass(frozen=True)
class Page:
    items: list[Any]
    total: int
    limit: int
    offset: int


# --------------------------------------------------------------------------- the store
class Store:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._writer = engine.execution_options(**{WRITE: True})
        self.postgres = engine.dialect.name == "postgresql"
        self._locks: dict[int, threading.Lock] = {}
        self._locks_lock = threading.Lock()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as s, s.begin():
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A writing transaction: committed when the block ends, rolled back on an error."""
        with Session(self._writer, expire_on_commit=False) as s, s.begin():
            yield s

    def ping(self) -> bool:
        with self.read() as s:
            return s.execute(select(1)).scalar_one() == 1

    # ----------------------------------------------------------------- audit
    @staticmethod
    def _audit(
        s: Session,
        actor: UserRecord | None,
        action: str,
        summary: str,
        *,
        plan_id: int | None = None,
        target: str = "",
        before: Any = None,
        after: Any = None,
    ) -> None:
        s.add(
            AuditEntry(
                at=utcnow(),
                user_id=actor.id if actor else None,
                username=actor.username if actor else "(command line)",
                action=action,
                plan_id=plan_id,
                target=target,
                summary=summary,
                before=before,
                after=after,
            )
        )

    def audit(
        self,
        *,
        plan_id: int | None = None,
        username: str | None = None,
        action: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        q = select(AuditEntry)
        if plan_id is not None:
            q = q.where(AuditEntry.plan_id == plan_id)
        if username is not None:
            q = q.where(AuditEntry.username == username)
        if action is not None:
            q = q.where(AuditEntry.action == action)
        with self.read() as s:
            total = s.execute(select(func.count()).select_from(q.subquery())).scalar_one()
            found = s.scalars(q.order_by(AuditEntry.id.desc()).limit(limit).offset(offset)).all()
            items = [
                AuditRecord(
                    a.id,
                    a.at,
                    a.user_id,
                    a.username,
                    a.action,
                    a.plan_id,
                    a.target,
                    a.summary,
                    a.before,
                    a.after,
                )
                for a in found
            ]
        return Page(items, total, limit, offset)

    # ----------------------------------------------------------------- users
    def add_user(
        self, actor: UserRecord | None, username: str, role: str, password: str
    ) -> UserRecord:
        if role not in ROLES:
            raise ValueError(role)
        password_hash = security.hash_password(password)
        try:
            with self.write() as s:
                now = utcnow()
                user = User(
                    username=username,
                    role=role,
                    password_hash=password_hash,
                    active=True,
                    created_at=now,
                    updated_at=now,
                )
                s.add(user)
                s.flush()
                record = UserRecord.of(user)
                self._audit(
                    s,
                    actor,
                    "user.create",
                    f"user {username} created with role {role}",
                    target=f"user:{username}",
                    after={"username": username, "role": role, "active": True},
                )
        except IntegrityError:
            raise ApiError(409, f"a user named {username!r} already exists") from None
        return record

    def user(self, username: str) -> UserRecord | None:
        with self.read() as s:
            u = s.scalars(select(User).where(User.username == username)).one_or_none()
            return UserRecord.of(u) if u else None

    def user_by_id(self, user_id: int) -> UserRecord | None:
        with self.read() as s:
            u = s.get(User, user_id)
            return UserRecord.of(u) if u else None

    def users(self, limit: int = 50, offset: int = 0) -> Page:
        with self.read() as s:
            total = s.execute(select(func.count()).select_from(User)).scalar_one()
            found = s.scalars(select(User).order_by(User.id).limit(limit).offset(offset)).all()
            return Page([UserRecord.of(u) for u in found], total, limit, offset)

    def change_user(
        self,
        actor: UserRecord | None,
        username: str,
        *,
        role: str | None = None,
        password: str | None = None,
        active: bool | None = None,
    ) -> UserRecord:
        new_hash = security.hash_password(password) if password is not None else None
        with self.write() as s:
            u = s.scalars(select(User).where(User.username == username)).one_or_none()
            if u is None:
                raise ApiError(404, f"no user named {username!r}")
            before = {"role": u.role, "active": u.active}
            demotes = (role is not None and role != "admin") or active is False
            if u.role == "admin" and u.active and demotes:
                admins = s.execute(
                    select(func.count())
                    .select_from(User)
                    .where(User.role == "admin", User.active.is_(True))
                ).scalar_one()
                if admins <= 1:
                    raise ApiError(409, f"{username} is the last active admin")
            if role is not None:
                u.role = role
            if active is not None:
                u.active = active
            if new_hash is not None:
                u.password_hash = new_hash
            if active is False or new_hash is not None:
                s.execute(delete(Credential).where(Credential.user_id == u.id))
            u.updated_at = utcnow()
            after = {"role": u.role, "active": u.active}
            what = [f"{k} {before[k]} → {after[k]}" for k in before if before[k] != after[k]]
            if new_hash is not None:
                what.append("password changed")
            self._audit(
                s,
                actor,
                "user.update",
                f"user {username}: " + (", ".join(what) or "no change"),
                target=f"user:{username}",
                before=before,
                after=after | ({"password": "changed"} if new_hash is not None else {}),
            )
            return UserRecord.of(u)

    # ----------------------------------------------------------------- logins
    def check_password(self, username: str, password: str) -> UserRecord | None:
        """The active user with this name and password, else None (same work either way)."""
        with self.read() as s:
            u = s.scalars(select(User).where(User.username == username)).one_or_none()
            stored = u.password_hash if u is not None else None
            record = UserRecord.of(u) if u is not None else None
        ok = security.verify_password(stored, password)
        return record if ok and record is not None and record.active else None

    def recent_failures(self, keys: list[str], window: timedelta) -> dict[str, int]:
        since = utcnow() - window
        with self.read() as s:
            found = s.execute(
                select(LoginFailure.key, func.count())
                .where(LoginFailure.key.in_(keys), LoginFailure.at >= since)
                .group_by(LoginFailure.key)
            ).all()
        return {k: int(n) for k, n in found}

    def oldest_failure(self, key: str, window: timedelta) -> datetime | None:
        since = utcnow() - window
        with self.read() as s:
            return s.execute(
                select(func.min(LoginFailure.at)).where(
                    LoginFailure.key == key, LoginFailure.at >= since
                )
            ).scalar_one()

    def record_failure(self, keys: list[str], window: timedelta) -> None:
        now = utcnow()
        with self.write() as s:
            s.execute(delete(LoginFailure).where(LoginFailure.at < now - window))
            for k in keys:
                s.add(LoginFailure(key=k, at=now))

    def clear_failures(self, key: str) -> None:
        with self.write() as s:
            s.execute(delete(LoginFailure).where(LoginFailure.key == key))

    # ----------------------------------------------------------------- credentials
    def issue(
        self, user: UserRecord, kind: str, ttl: timedelta
    ) -> tuple[str, str | None, datetime]:
        """A new API token or session for ``user``: (secret, CSRF token, expiry)."""
        secret = security.new_secret()
        csrf = security.new_csrf_token() if kind == "session" else None
        now = utcnow()
        expires = now + ttl
        with self.write() as s:
            s.execute(delete(Credential).where(Credential.expires_at < now))
            s.add(
                Credential(
                    user_id=user.id,
                    kind=kind,
                    secret_hash=security.secret_hash(secret),
                    csrf_token=csrf,
                    created_at=now,
                    expires_at=expires,
                )
            )
        return secret, csrf, expires

    def authenticate(self, secret: str, kind: str) -> tuple[UserRecord, str | None] | None:
        """The active user of a valid, unexpired secret (and the session's CSRF token)."""
        digest = security.secret_hash(secret)
        with self.read() as s:
            row = s.execute(
                select(User, Credential.csrf_token)
                .join(Credential, Credential.user_id == User.id)
                .where(
                    Credential.secret_hash == digest,
                    Credential.kind == kind,
                    Credential.expires_at > utcnow(),
                    User.active.is_(True),
                )
            ).one_or_none()
            if row is None:
                return None
            return UserRecord.of(row[0]), row[1]

    def revoke(self, secret: str) -> bool:
        with self.write() as s:
            result = s.execute(
                delete(Credential).where(Credential.secret_hash == security.secret_hash(secret))
            )
            return bool(getattr(result, "rowcount", 0))

    # ----------------------------------------------------------------- plans
    def _plan_query(self) -> Any:
        owner = aliased(User)
        return select(Plan, owner.username, owner.role).join(owner, owner.id == Plan.owner_id)

    @staticmethod
    def _plan_record(p: Plan, owner: str, owner_role: str) -> PlanRecord:
        return PlanRecord(
            id=p.id,
            name=p.name,
            description=p.description,
            dataset=p.dataset,
            parent_id=p.parent_id,
            owner_id=p.owner_id,
            owner=owner,
            owner_role=owner_role,
            status=p.status,
            scenario=dict(p.scenario),
            revision=p.revision,
            created_at=p.created_at,
            updated_at=p.updated_at,
            published_at=p.published_at,
            adopted_at=p.adopted_at,
        )

    def plan(self, plan_id: int) -> PlanRecord:
        with self.read() as s:
            row = s.execute(self._plan_query().where(Plan.id == plan_id)).one_or_none()
            if row is None:
                raise ApiError(404, f"no plan with id {plan_id}")
            return self._plan_record(*row)

    def plans(
        self,
        *,
        status: str | None = None,
        owner: str | None = None,
        dataset: str | None = None,
        parent: int | None = None,
        q: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        query = self._plan_query()
        if status is not None:
            query = query.where(Plan.status == status)
        if dataset is not None:
            query = query.where(Plan.dataset == dataset)
        if parent is not None:
            query = query.where(Plan.parent_id == parent)
        if q:
            query = query.where(func.lower(Plan.name).contains(q.lower(), autoescape=True))
        if owner is not None:
            sub = select(User.id).where(User.username == owner).scalar_subquery()
            query = query.where(Plan.owner_id == sub)
        with self.read() as s:
            total = s.execute(select(func.count()).select_from(query.subquery())).scalar_one()
            found = s.execute(query.order_by(Plan.id.desc()).limit(limit).offset(offset)).all()
            return Page([self._plan_record(*r) for r in found], total, limit, offset)

    def create_plan(
        self,
        actor: UserRecord,
        *,
        name: str,
        description: str,
        dataset: str,
        parent_id: int | None,
        scenario: dict[str, Any],
    ) -> PlanRecord:
        with self.write() as s:
            if parent_id is not None and s.get(Plan, parent_id) is None:
                raise ApiError(404, f"no plan with id {parent_id} (the parent)")
            now = utcnow()
            p = Plan(
                name=name,
                description=description,
                dataset=dataset,
                parent_id=parent_id,
                owner_id=actor.id,
                status="draft",
                scenario=scenario,
                revision=1,
                created_at=now,
                updated_at=now,
            )
            s.add(p)
            s.flush()
            record = self._plan_record(p, actor.username, actor.role)
            self._audit(
                s,
                actor,
                "plan.create",
                f"plan {p.id} {name!r} created on {dataset}"
                + (f" from plan {parent_id}" if parent_id else ""),
                plan_id=p.id,
                target=f"plan:{p.id}",
                after={
                    "name": name,
                    "dataset": dataset,
                    "parent": parent_id,
                    "scenario": scenario,
                },
            )
        return record

    def edit_plan(
        self,
        actor: UserRecord,
        plan_id: int,
        expected_revision: int | None,
        permit: Callable[[UserRecord, PlanRecord], None],
        change: Callable[[PlanRecord], Edit],
    ) -> PlanRecord:
        """Change a plan. ``permit`` raises when ``actor`` may not; ``change`` computes the
        edit from the plan as it is (and raises on invalid input: nothing is written).

        The edit is computed outside any database lock and written with a compare-and-set on
        the revision it was computed from. With ``expected_revision`` (If-Match) a plan that
        is no longer at that revision gives 412. Edits in this process are made one after the
        other (a lock per plan; a stale If-Match fails before any work), and an edit without
        If-Match that lost the race to
        another server process is redone on the new state: none is lost."""
        with self._plan_lock(plan_id):
            if expected_revision is not None:
                current = self.plan(plan_id)
                permit(actor, current)
                if current.revision != expected_revision:
                    raise self._stale(current)  # before any work
                edit = change(current)
                if not self._compare_and_set(actor, current, edit):
                    raise self._stale(self.plan(plan_id))
                return self.plan(plan_id)
            for _ in range(50):
                current = self.plan(plan_id)
                permit(actor, current)
                edit = change(current)
                if self._compare_and_set(actor, current, edit):
                    return self.plan(plan_id)
                # changed meanwhile by another server process: redo the edit on the new state
        raise ApiError(409, f"plan {plan_id} is changing too fast; try again", code="busy")

    def _plan_lock(self, plan_id: int) -> threading.Lock:
        with self._locks_lock:
            return self._locks.setdefault(plan_id, threading.Lock())

    def _compare_and_set(self, actor: UserRecord, current: PlanRecord, edit: Edit) -> bool:
        """Write ``edit`` if the plan is still at ``current``'s revision (and status)."""
        with self.write() as s:
            result = s.execute(
                update(Plan)
                .where(
                    Plan.id == current.id,
                    Plan.revision == current.revision,
                    Plan.status == current.status,
                )
                .values(**self._values(edit))
            )
            if getattr(result, "rowcount", 0) != 1:
                return False
            self._audit_edit(s, actor, current.id, edit)
            return True

    @staticmethod
    def _stale(current: PlanRecord) -> ApiError:
        return ApiError(
            412,
            f"plan {current.id} has changed since you read it (it is now at revision "
            f"{current.revision}, ETag {current.etag}); read it again and redo your change",
            headers={"ETag": current.etag},
        )

    @staticmethod
    def _values(edit: Edit) -> dict[str, Any]:
        values: dict[str, Any] = dict(edit.values)
        if edit.scenario is not None:
            values["scenario"] = edit.scenario
        values["revision"] = Plan.revision + 1
        values["updated_at"] = utcnow()
        return values

    def _audit_edit(self, s: Session, actor: UserRecord, plan_id: int, edit: Edit) -> None:
        self._audit(
            s,
            actor,
            edit.action,
            edit.summary,
            plan_id=plan_id,
            target=edit.target or f"plan:{plan_id}",
            before=edit.before,
            after=edit.after,
        )

    def delete_plan(
        self,
        actor: UserRecord,
        plan_id: int,
        expected_revision: int | None,
        permit: Callable[[UserRecord, PlanRecord], None],
    ) -> None:
        with self.write() as s:
            q = self._plan_query().where(Plan.id == plan_id)
            if self.postgres:
                q = q.with_for_update(of=Plan)
            row = s.execute(q).one_or_none()
            if row is None:
                raise ApiError(404, f"no plan with id {plan_id}")
            current = self._plan_record(*row)
            permit(actor, current)
            if expected_revision is not None and current.revision != expected_revision:
                raise self._stale(current)
            children = s.execute(
                select(func.count()).select_from(Plan).where(Plan.parent_id == plan_id)
            ).scalar_one()
            if children:
                raise ApiError(409, f"plan {plan_id} is the parent of {children} other version(s)")
            s.execute(delete(Plan).where(Plan.id == plan_id))
            self._audit(
                s,
                actor,
                "plan.delete",
                f"plan {plan_id} {current.name!r} deleted",
                plan_id=plan_id,
                target=f"plan:{plan_id}",
                before={
                    "name": current.name,
                    "dataset": current.dataset,
                    "status": current.status,
                    "scenario": current.scenario,
                },
            )
