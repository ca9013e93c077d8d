"""Sets of guides as Python integers, and a number per guide kept bit-sliced.

A set of guides is an ``int`` whose bit *n* is set when the guide numbered *n* is in it, so
``|``, ``&`` and ``int.bit_count`` act on thousands of guides at once, in C. A number per guide
(a count, a score) is kept bit-sliced: one set per binary digit, the guides whose number has
that digit set. Adding to it, comparing it and picking the largest then take a few operations
per digit, never one per guide.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_


def from_bytes(data: bytes) -> int:
    return int.from_bytes(data, "little")


def to_bytes(guides: int) -> bytes:
    return guides.to_bytes((guides.bit_length() + 7) // 8, "little")


def union(sets: Iterable[int]) -> int:
    return reduce(or_, sets, 0)


def members(guides: int) -> list[int]:
    """The numbers in a set, smallest first."""
    digits = bin(guides)[:1:-1]  # the lowest bit first
    found, n = [], digits.find("1")
    while n != -1:
        found.append(n)
        n = digits.find("1", n + 1)
    return found


def of(numbers: Iterable[int]) -> int:
    """The set of these numbers."""
    data = bytearray()
    for n in numbers:
        byte = n >> 3
        if byte >= len(data):
            data.extend(bytes(byte + 1 - len(data)))
        data[byte] |= 1 << (n & 7)
    return from_bytes(data)


class Sliced:
    """A non-negative integer per guide, zero for every guide not yet added to."""

    def __init__(self, digits: list[int] | None = None):
        self.digits = digits or []  # digits[i]: the guides whose number has bit i set

    def add(self, guides: int, amount: int = 1) -> None:
        """Adds ``amount`` to the number of each guide in ``guides``."""
        position = 0
        while amount:
            if amount & 1:
                self._carry(guides, position)
            amount >>= 1
            position += 1

    def _carry(self, carry: int, position: int) -> None:
        while carry:
            if position >= len(self.digits):
                self.digits.extend([0] * (position + 1 - len(self.digits)))
            digit = self.digits[position]
            self.digits[position] = digit ^ carry
            carry &= digit
            position += 1

    def at_least(self, threshold: int, among: int) -> int:
        """The guides of ``among`` whose number is ``threshold`` or more."""
        if threshold.bit_length() > len(self.digits):
            return 0 if threshold else among
        above, equal = 0, among
        for position in reversed(range(len(self.digits))):
            digit = self.digits[position]
            if threshold >> position & 1:
                equal &= digit
            else:
                above |= equal & digit
                equal &= ~digit
        return above | equal

    def within(self, guides: int) -> Sliced:
        """The numbers of ``guides`` only; every other guide's is zero."""
        return Sliced([digit & guides for digit in self.digits])

    def maximum(self, other: Sliced) -> Sliced:
        """Each guide's larger number of the two."""
        width = max(len(self.digits), len(other.digits))
        mine = self.digits + [0] * (width - len(self.digits))
        theirs = other.digits + [0] * (width - len(other.digits))
        mine_larger, undecided = 0, union(mine) | union(theirs)
        for a, b in zip(reversed(mine), reversed(theirs), strict=True):
            mine_larger |= undecided & a & ~b
            undecided &= ~(a ^ b)
        return Sliced(
            [(a & mine_larger) | (b & ~mine_larger) for a, b in zip(mine, theirs, strict=True)]
        )

    def value(self, number: int) -> int:
        return sum((digit >> number & 1) << i for i, digit in enumerate(self.digits))

    def largest(self, among: int, count: int) -> list[int]:
        """The ``count`` guides of ``among`` with the largest numbers, largest first; ties go
        to the smaller guide number."""
        chosen, undecided = 0, among
        for digit in reversed(self.digits):
            with_digit = chosen | (undecided & digit)
            found = with_digit.bit_count()
            if found > count:  # more than enough have this digit: decide among them
                undecided &= digit
            else:  # all of them make it, and the rest come from those without it
                chosen = with_digit
                undecided &= ~digit
                if found == count:
                    undecided = 0
                    break
        short = count - chosen.bit_count()
        for n in members(undecided)[:short]:  # equal numbers: the smallest guide numbers first
            chosen |= 1 << n
        numbers = {n: 0 for n in members(chosen)}
        for position, digit in enumerate(self.digits):
            for n in members(digit & chosen):
                numbers[n] += 1 << position
        return sorted(numbers, key=lambda n: (-numbers[n], n))
