"""The prioritisation matrix in force: the newest stored version (the default one is
stored as version 1 the first time it is asked for). The waiting list and the matrix
service both read it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import PrioritisationMatrix
from advocacy_desk.domain.matrix import Matrix, default_matrix, matrix_from_json


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
