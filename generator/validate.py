"""Check one raw record against its schema, turning every complaint into a located problem."""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .field_types import describe_field, get_field_annotation, get_model_at
from .loader import WHOLE_NUMBER, RawRecord, dotted
from .model import TYPES_BY_FOLDER, Consultation, Record
from .placeholders import describe_keys, find_placeholders, is_under, placeholder_problems, vocabulary_of

_NUMBER_LIKE = re.compile(r"[-+]?\.?[0-9][0-9a-zA-Z_:.+-]*")
"""Text that starts like a number: YAML 1.1's other spellings of numbers (``1_000``,
``1:00:00``, ``0x1F``, ``1e3``) and decimals."""


def validate_record(raw: RawRecord) -> tuple[Record | None, list[Problem]]:
    """The record, or the problems that keep it from being one. A placeholder left by
    ``shangliang new`` is a problem of its own, and no other complaint is made about it."""
    record_type = TYPES_BY_FOLDER[raw.folder]
    placeholders = find_placeholders(raw, record_type)
    problems = placeholder_problems(raw, record_type, placeholders)
    if raw.fields_unreadable:  # the loader said why; there are no fields to check
        return None, problems
    try:
        record = record_type.model_validate(raw.data)
    except ValidationError as error:
        issues = error.errors()
        problems += [
            _problem(raw, record_type, issue) for issue in issues
            if not _is_echo(issue, issues) and not is_under(tuple(issue["loc"]), placeholders)
        ]
        return None, problems + (_consultation_problems(raw, None) if record_type is Consultation else [])
    if isinstance(record, Consultation):
        problems += _consultation_problems(raw, record)
    return (None if problems else record), problems


def _consultation_problems(raw: RawRecord, record: Consultation | None) -> list[Problem]:
    """What a consultation's own fields need of each other: a consultation (the default
    activity) has its format and at least one stage, other activities may leave them out;
    a date is left out, not left empty; an excerpt has a summary or a quote."""
    problems = []
    data = raw.data
    if "date" in data and data["date"] is None:
        problems.append(Problem(raw.path, raw.line_of(("date",)), "date", "invalid date: found nothing; write YYYY-MM-DD, YYYY-MM or YYYY, or leave the field out when the sources do not report the date"))
    if record is None:
        return problems
    if record.activity == "consultation":
        if record.format is None:
            message = f"required field is missing; expected {describe_field(Consultation, 'format')} (or set 'activity' if it was not a consultation)"
            problems.append(Problem(raw.path, raw.line_of(()), "format", message))
        if not record.stages:
            if "stages" in data:
                message = "expected at least one item, found none (or set 'activity' if it was not a consultation)"
                problems.append(Problem(raw.path, raw.line_of(("stages",)), "stages", message))
            else:
                message = f"required field is missing; expected {describe_field(Consultation, 'stages')} (or set 'activity' if it was not a consultation)"
                problems.append(Problem(raw.path, raw.line_of(()), "stages", message))
    public_input = record.public_input
    for index, excerpt in enumerate(public_input.excerpts if public_input else ()):
        if excerpt.text is None and excerpt.quote is None:
            at = ("public_input", "excerpts", index)
            message = "an excerpt needs 'text' (the post summarised in your own words) or 'quote' (the poster's own words), or both"
            problems.append(Problem(raw.path, raw.line_of(at), dotted(at), message))
    return problems


def _is_echo(issue: dict[str, Any], issues: list[dict[str, Any]]) -> bool:
    """A list "too short" only because its items are invalid, which are reported already."""
    loc = tuple(issue["loc"])
    return issue["type"] == "too_short" and any(
        len(other["loc"]) > len(loc) and tuple(other["loc"][: len(loc)]) == loc for other in issues
    )


def _problem(raw: RawRecord, record_type: type[BaseModel], issue: dict[str, Any]) -> Problem:
    loc = tuple(issue["loc"])
    kind = issue["type"]
    if kind == "missing":
        line = raw.line_of(loc[:-1])
    else:
        line = raw.line_of(loc)
    field = dotted(loc) or "-"
    return Problem(raw.path, line, field, _message(record_type, loc, issue))


def _message(record_type: type[BaseModel], loc: tuple, issue: dict[str, Any]) -> str:
    kind = issue["type"]
    value = issue.get("input")
    owner = get_model_at(record_type, loc[:-1])
    name = loc[-1] if loc else ""
    if kind == "missing":
        return f"required field is missing; expected {describe_field(owner, name)}"
    if kind == "extra_forbidden":
        renamed = getattr(owner, "renamed", {}).get(str(name)) if owner else None
        if renamed:
            return f"renamed to {renamed}; write '{renamed}:' instead of '{name}:'"
        fields = list(owner.model_fields) if owner else []
        guess = difflib.get_close_matches(str(name), fields, n=1, cutoff=0.6)
        if guess:
            return f"unknown field; did you mean '{guess[0]}'?"
        return "unknown field; expected one of: " + ", ".join(fields)
    if kind == "literal_error":
        allowed = [str(choice) for choice in typing.get_args(get_field_annotation(owner, name))]
        allowed = allowed or re.findall(r"'([^']*)'", issue.get("ctx", {}).get("expected", ""))
        return _choice_message(value, allowed)
    if kind == "shangliang_date":
        return f"invalid date: {issue['msg']}"
    if kind in ("string_type",):
        return f"expected text, found {_found(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        inner = get_model_at(record_type, loc)
        if inner is not None and "zh" in inner.model_fields and isinstance(value, str):
            return f"expected the text in both languages, as 'zh: …' and 'en: …' lines, found {_found(value)}"
        return f"expected a group of fields (name: value lines), found {_found(value)}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list (lines starting with '- '), found {_found(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _number_message(value)
    if kind == "greater_than_equal":
        return f"expected a number of {issue['ctx']['ge']} or more, found {_found(value)}"
    if kind == "too_short":
        return "expected at least one item, found none"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is longer than {issue['ctx']['max_length']} characters"
    if kind == "string_pattern_mismatch":
        pattern = issue["ctx"]["pattern"]
        if pattern.startswith("^https?"):
            return f"expected a web address starting with http:// or https://, found {_found(value)}"
        return (
            f"found {_found(value)}, expected an id of lower-case letters, digits and "
            "single hyphens, e.g. 'jining-2022-culture'"
        )
    return f"{issue['msg']}, found {_found(value)}"


def _choice_message(value: Any, keys: list[str]) -> str:
    """Why ``value`` is not one of a vocabulary's ``keys``, and which key was meant.

    Records hold the English keys only: a label (微协商, "Online micro-consultation") is
    refused like any other value, but the key it stands for is named; so is the key of a
    label that is close to the value (基层协商 for 基层议事协商)."""
    vocabulary = vocabulary_of(keys) or {}
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    listed = ", ".join(keys)
    guess = [key for key in keys if key.casefold() == text.casefold()]
    guess = guess or difflib.get_close_matches(text, keys, n=1, cutoff=0.6)
    if guess:
        return f"found {_found(value)}, expected one of: {listed}; did you mean '{guess[0]}'?"
    exact = [key for key, labels in vocabulary.items() if text.casefold() in (label.casefold() for label in labels)]
    if text and exact:
        return f"found {_found(value)}; records use the English keys: write `{exact[0]}` ({vocabulary[exact[0]][0]})"
    close = _close_labels(text, vocabulary) if text else []
    if close:
        meant = " or ".join(f"`{key}` ({vocabulary[key][0]})" for key in close)
        return f"found {_found(value)}, expected one of the English keys; did you mean {meant}?"
    return f"found {_found(value)}, expected one of: {describe_keys(keys)}"


def _close_labels(text: str, vocabulary: dict[str, tuple[str, str]]) -> list[str]:
    """The keys whose label is closest to ``text``, if any is close: one holds the other,
    or they differ by one or two characters."""
    scores: dict[str, tuple[int, float]] = {}
    folded = text.casefold()
    for key, labels in vocabulary.items():
        for label in (label.casefold() for label in labels):
            likeness = -difflib.SequenceMatcher(None, folded, label).ratio()
            if folded in label or label in folded:
                score = (0, likeness)
            elif (distance := edit_distance(folded, label)) <= 2 and distance < max(len(folded), len(label)):
                score = (1, likeness)
            else:
                continue
            scores[key] = min(scores.get(key, score), score)
    if not scores:
        return []
    best = min(scores.values())
    return [key for key, score in scores.items() if score == best][:3]


def edit_distance(a: str, b: str) -> int:
    """How many characters must be inserted, removed or replaced to turn ``a`` into ``b``."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def _number_message(value: Any) -> str:
    """Counts are read only from plain digits (``loader._plain_value``): say why a value
    that looks like a number is not one."""
    if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value):
        return f"expected a whole number, found the text {_found(value)}; write the number without quotes"
    if isinstance(value, str) and _NUMBER_LIKE.fullmatch(value):
        return f"expected a whole number in plain digits, e.g. 1000 (no sign, '_', ':', '.', exponent or leading 0), found {_found(value)}"
    return f"expected a whole number, found {_found(value)}"


def _found(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (a yes/no value)"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "…"
        return f"'{text}'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"
