"""What each role may do: the permissions a service method names (``@requires``) and
the role that grants each one.

Pure values, so the window can name a permission (which sections a role sees, which
buttons it may press) without loading the services and the database layer; the
checks themselves are made by the services (:mod:`advocacy_desk.services.access`).
"""

from __future__ import annotations

from enum import StrEnum

from advocacy_desk.domain.vocabulary import ROLE


class Permission(StrEnum):
    # people and casework
    PEOPLE_ALL = "people_all"  # read and change anyone's record
    PEOPLE_READ = "people_read"  # read anyone's record
    PEOPLE_OWN = "people_own"  # read and change the people on one's own caseload
    PEOPLE_CITIZEN = "people_citizen"  # ... the people referred for citizen advocacy
    CASEWORK_ALL = "casework_all"
    CASEWORK_READ = "casework_read"
    CASEWORK_OWN = "casework_own"
    # the waiting list and the matrix
    WAITING_READ = "waiting_read"
    WAITING_MANAGE = "waiting_manage"  # referrals, overrides, allocation, the matrix
    # citizen advocacy
    CITIZEN_READ = "citizen_read"
    CITIZEN_MANAGE = "citizen_manage"
    # returns, contracts, planning
    RETURNS_READ = "returns_read"
    RETURNS_EXPORT = "returns_export"
    CONTRACTS_MANAGE = "contracts_manage"
    PLANNING = "planning"
    # data protection and the trail
    AUDIT = "audit"
    DATA_PROTECTION = "data_protection"  # subject access, retention, erasure
    IMPORT = "import"
    # administration
    ACCOUNTS = "accounts"
    SETTINGS = "settings"
    BACKUPS = "backups"
    STAFF_READ = "staff_read"


P = Permission

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "administrator": frozenset({P.ACCOUNTS, P.SETTINGS, P.BACKUPS, P.STAFF_READ, P.IMPORT,
                                P.CONTRACTS_MANAGE}),
    "manager": frozenset({P.PEOPLE_ALL, P.PEOPLE_READ, P.CASEWORK_ALL, P.CASEWORK_READ,
                          P.WAITING_READ, P.WAITING_MANAGE, P.CITIZEN_READ, P.CITIZEN_MANAGE,
                          P.RETURNS_READ, P.RETURNS_EXPORT, P.CONTRACTS_MANAGE, P.PLANNING,
                          P.AUDIT, P.DATA_PROTECTION, P.IMPORT, P.STAFF_READ}),
    "advocate": frozenset({P.PEOPLE_OWN, P.CASEWORK_OWN, P.WAITING_READ, P.STAFF_READ}),
    "volunteer_coordinator": frozenset({P.PEOPLE_CITIZEN, P.CITIZEN_READ, P.CITIZEN_MANAGE,
                                        P.STAFF_READ}),
    "read_only": frozenset({P.PEOPLE_READ, P.CASEWORK_READ, P.WAITING_READ, P.CITIZEN_READ,
                            P.RETURNS_READ, P.PLANNING, P.STAFF_READ}),
}  # fmt: skip
assert set(ROLE_PERMISSIONS) == set(ROLE.codes)

#: Anyone signed in, whatever their role (their own password, the colleagues' names).
SIGNED_IN: tuple[Permission, ...] = tuple(Permission)
