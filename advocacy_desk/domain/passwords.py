"""Password rules and hashing: at least 12 characters, not a common password, Argon2id.

The rules follow NCSC and NIST SP 800-63B: length and a block list, no composition
rules (no "one capital and one symbol"), which only push people to predictable
patterns. Hashes are argon2-cffi's defaults (Argon2id); a hash made with weaker
parameters than today's is replaced at the next successful sign-in.
"""

from __future__ import annotations

import re
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from advocacy_desk.paths import RESOURCES

MIN_LENGTH = 12
MAX_LENGTH = 256
COMMON_FILE = RESOURCES / "data" / "common_passwords.txt"

_HASHER = PasswordHasher()
#: Compared against when the user name is unknown, so that a wrong name takes as long
#: as a wrong password and the time taken does not tell which names exist. Written out
#: rather than hashed at import: hashing costs as much as a sign-in, and every start of
#: the window paid it before the People list could show (a test checks it still has
#: today's parameters, so it costs exactly what a real account's check costs).
_DECOY = (
    "$argon2id$v=19$m=65536,t=3,p=4$yatREAi15SDsqae0sGIATg$"
    "DG6pMlWAmKljXxlBkbAFKRQIpzTHiNshsefDXW5ZJUI"
)
_TRAILING = re.compile(r"[\d\W_]+$")


@cache
def common_passwords() -> frozenset[str]:
    with COMMON_FILE.open(encoding="utf-8") as lines:
        return frozenset(line.strip().lower() for line in lines if line.strip())


def problem(password: str, username: str = "") -> str | None:
    """What is wrong with ``password`` as a new password, in words, or None."""
    if len(password) < MIN_LENGTH:
        return f"Password: use at least {MIN_LENGTH} characters (a few words together work well)."
    if len(password) > MAX_LENGTH:
        return f"Password: use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    common = common_passwords()
    if lowered in common or _TRAILING.sub("", lowered) in common:
        return "Password: this is one of the most common passwords; choose another."
    if len(set(lowered)) < 4:
        return "Password: use more than a few different characters."
    if username and username.lower() in lowered:
        return "Password: it must not contain the user name."
    return None


def hash_password(password: str, salt: bytes | None = None) -> str:
    """An Argon2id hash with today's parameters and, unless given (only for the
    published demo password), a random salt."""
    return _HASHER.hash(password, salt=salt)


def verify(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; always takes one Argon2 verification."""
    try:
        return _HASHER.verify(stored_hash or _DECOY, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)
