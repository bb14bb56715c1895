"""Dates as archives know them: a day, or only a month, or only a year."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@dataclass(frozen=True)
class Date:
    """A calendar date known to the day, the month or only the year.

    Written in records as ``2022-10-14``, ``2022-10`` or ``2022``.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> "Date":
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
            return cls(value)
        if value is None:
            raise ValueError("found nothing; write YYYY-MM-DD, YYYY-MM or YYYY")
        text = str(value).strip()
        match = _PATTERN.match(text)
        if not match:
            raise ValueError(f"'{text}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = (int(part) if part else None for part in match.groups())
        if year < 1000:
            raise ValueError(f"'{text}' has the year {year}; write a four-digit year from 1000")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"'{text}' has no month {month}; months run from 01 to 12")
        if day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"'{text}' has no day {day}; that month has {last} days")
        return cls(year, month, day)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def is_surely_before(self, other: "Date") -> bool:
        """True when every day this date may stand for lies before every day of ``other``."""
        return self.last_day < other.first_day

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: "Date") -> bool:
        return self.sort_key < other.sort_key

    def isoformat(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.isoformat()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler):
        def validate(value: object) -> "Date":
            if isinstance(value, Date):
                return value
            try:
                return cls.parse(value)
            except ValueError as error:
                raise PydanticCustomError("shangliang_date", str(error)) from None

        return core_schema.no_info_plain_validator_function(
            validate, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler):
        return {"type": "string", "pattern": DATE_PATTERN, "examples": ["2022-10-14", "2022-10"]}
