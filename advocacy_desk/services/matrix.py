"""The prioritisation matrix in the database: the current version, its history, edits.

Version 1 is the default shipped in ``resources/prioritisation_matrix.toml``, stored
the first time it is needed. Editing makes a new version; old ones are kept so that
every recorded score can say which version it was computed with.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import func, select

from advocacy_desk.db.models import PrioritisationMatrix
from advocacy_desk.domain.errors import NotFound, ValidationError
from advocacy_desk.domain.matrix import Matrix, matrix_from_json, parse_matrix
from advocacy_desk.records.matrix import MatrixPreview, MatrixVersion
from advocacy_desk.services import audit_writer
from advocacy_desk.services.access import GuardedService, Permission, requires
from advocacy_desk.services.matrix_versions import current_matrix
from advocacy_desk.services.waiting_list import rank_changes

__all__ = ["REASON_REQUIRED", "MatrixPreview", "MatrixService", "MatrixVersion"]

#: Shown when a new version is saved with no reason.
REASON_REQUIRED = (
    "Why this change: say why the matrix changes (for example, more weight on "
    "safeguarding after the audit). It is kept with the new version."
)


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

    @requires(Permission.WAITING_MANAGE, what="see what a change to the matrix would do")
    def preview(self, definition: Mapping[str, Any], as_of: date | None = None) -> MatrixPreview:
        """What saving ``definition`` would do to the waiting list today (nothing is
        saved): how many waiting referrals move up or down in rank, and the biggest
        moves. Refuses a broken matrix as ``save`` does."""
        as_of = as_of or self._today()
        with self._uow() as uow:
            session = uow.session
            previous = current_matrix(session)
            version = (session.scalar(select(func.max(PrioritisationMatrix.version))) or 0) + 1
            proposed = parse_matrix(definition, version)
            uow.commit()
            changes = rank_changes(session, previous, proposed, as_of)
        return MatrixPreview(version, proposed.criteria == previous.criteria, changes)

    @requires(Permission.WAITING_MANAGE, what="change the prioritisation matrix")
    def save(self, definition: Mapping[str, Any], reason: str) -> Matrix:
        """Check ``definition`` and store it as the next version, with the reason for
        the change (required: the order people are seen in changes with it).

        Raises ``ValidationError`` (nothing saved) for a matrix with no criteria, a
        criterion with no answers, any other broken rule, or no reason.
        """
        reason = reason.strip() if isinstance(reason, str) else ""
        with self._uow() as uow:
            session = uow.session
            previous = current_matrix(session)
            version = (session.scalar(select(func.max(PrioritisationMatrix.version))) or 0) + 1
            matrix = parse_matrix(definition, version)
            if matrix.criteria == previous.criteria:
                return previous
            if not reason:
                raise ValidationError({"reason": REASON_REQUIRED})
            session.add(
                PrioritisationMatrix(
                    version=version,
                    definition=matrix.to_json(),
                    created_by=self._user,
                    note=reason,
                )
            )
            audit_writer.record(
                session, self._user, "update", "prioritisation_matrix", version,
                {"reason": reason},
            )  # fmt: skip
            uow.commit()
            return matrix
