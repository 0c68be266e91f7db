"""The prioritisation matrix in the database: the current version, its history, edits.

Version 1 is the default shipped in ``resources/prioritisation_matrix.toml``, stored
the first time it is needed. Editing makes a new version; old ones are kept so that
every recorded score can say which version it was computed with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import PrioritisationMatrix
from advocacy_desk.domain.errors import NotFound
from advocacy_desk.domain.matrix import Matrix, default_matrix, matrix_from_json, parse_matrix
from advocacy_desk.services import audit
from advocacy_desk.services.access import GuardedService, Permission, requires


@dataclass(frozen=True)
class MatrixVersion:
    version: int
    created_at: datetime
    created_by: str
    note: str


def current_matrix(session: Session) -> Matrix:
    """The newest matrix version, storing the default as version 1 if there is none."""
    row = session.scalars(
        select(PrioritisationMatrix).order_by(PrioritisationMatrix.version.desc()).limit(1)
    ).first()
    if row is None:
        matrix = default_matrix()
        session.add(
            PrioritisationMatrix(
                version=matrix.version,
                definition=matrix.to_json(),
                created_by="",
                note="The default matrix shipped with Advocacy Desk.",
            )
        )
        session.flush()
        return matrix
    return matrix_from_json(row.definition, row.version)


class MatrixService(GuardedService):
    @requires(Permission.WAITING_READ, what="see the prioritisation matrix")
    def current(self) -> Matrix:
        with self._uow() as uow:
            matrix = current_matrix(uow.session)
            uow.commit()
            return matrix

    @requires(Permission.WAITING_READ, what="see the prioritisation matrix")
    def get(self, version: int) -> Matrix:
        with self._uow(read_only=True) as uow:
            row = uow.session.scalar(
                select(PrioritisationMatrix).where(PrioritisationMatrix.version == version)
            )
            if row is None:
                raise NotFound(f"no prioritisation matrix version {version}")
            return matrix_from_json(row.definition, row.version)

    @requires(Permission.WAITING_READ, what="see the prioritisation matrix")
    def versions(self) -> list[MatrixVersion]:
        """Every version, newest first."""
        with self._uow() as uow:
            current_matrix(uow.session)
            uow.commit()
            rows = uow.session.scalars(
                select(PrioritisationMatrix).order_by(PrioritisationMatrix.version.desc())
            )
            return [MatrixVersion(r.version, r.created_at, r.created_by, r.note) for r in rows]

    @requires(Permission.WAITING_MANAGE, what="change the prioritisation matrix")
    def save(self, definition: Mapping[str, Any], note: str = "") -> Matrix:
        """Check ``definition`` and store it as the next version.

        Raises ``ValidationError`` (nothing saved) for a matrix with no criteria, a
        criterion with no answers, or any other broken rule.
        """
        with self._uow() as uow:
            session = uow.session
            previous = current_matrix(session)
            version = (session.scalar(select(func.max(PrioritisationMatrix.version))) or 0) + 1
            matrix = parse_matrix(definition, version)
            if matrix.criteria == previous.criteria:
                return previous
            session.add(
                PrioritisationMatrix(
                    version=version,
                    definition=matrix.to_json(),
                    created_by=self._user,
                    note=note.strip(),
                )
            )
            audit.record(
                session, self._user, "update", "prioritisation_matrix", version, {"note": note}
            )
            uow.commit()
            return matrix
