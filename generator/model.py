"""One declarative schema per record type.

Records are immutable once loaded and reject unknown fields. The docstring under each field
is the editors' reference: the editor's guide and the JSON Schema are generated from it.
Cross-references (``platform``, ``units`` …) are plain ids here; ``archive`` checks that they
point at records of the right type.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .dates import Date
from .vocab import (
    Format,
    Level,
    OutcomeCategory,
    OutcomeKind,
    PlatformKind,
    ProposerKind,
    ProposerView,
    RegistrationStatus,
    Stage,
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_ID_LENGTH = 80
RESERVED_IDS = frozenset({"index", "page"})
"""Ids a record cannot take: its page would collide with a listing page."""
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
Count = Annotated[int, Field(ge=0, strict=True)]
"""A number as the editor wrote it: plain digits, never text that looks like one."""


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, strict=False,
        coerce_numbers_to_str=True,  # `title: 2022` is the text "2022" (the loader keeps other numbers as written)
    )


class Text(Model):
    """A text in both languages. ``zh`` is required; a missing ``en`` is shown in Chinese
    on the English site with a visible "not yet translated" notice."""

    zh: Line
    """Simplified Chinese."""
    en: Line | None = None
    """English; leave out when there is no translation yet."""


class Source(Model):
    """A public report a record's facts come from."""

    outlet: Text
    """Who published it, e.g. 大众网 / Dazhong.com."""
    date: Date
    """Publication date."""
    title: Text | None = None
    """The report's headline, summarised or translated."""
    url: Url | None = None
    """Web address of the report, starting with http:// or https://."""


class Attachment(Model):
    """A file kept in the archive beside the records and published with the page."""

    title: Text
    """What the file is."""
    path: Annotated[str, StringConstraints(min_length=1)]
    """Path of the file, relative to the ``content/`` folder, e.g. ``attachments/x.pdf``; a PDF,
    PNG, JPEG, GIF, WebP, CSV, TXT, Word, Excel, PowerPoint or OpenDocument file."""


class Record(Model):
    """Fields every record has."""

    kind: ClassVar[str] = "record"
    folder: ClassVar[str] = ""

    id: Id
    """Stable identifier: lower-case letters, digits and hyphens, e.g. ``jining-2022-culture``.
    It becomes the page address, so never change it once published."""
    summary: Text | None = None
    """Long text in Markdown. In a ``.md`` record the Chinese text is the file's body and the
    English text is the body of the sibling file ``<name>.en.md``."""
    sources: tuple[Source, ...] = ()
    """Public reports the facts come from."""

    @property
    def title_text(self) -> Text:  # pragma: no cover - overridden
        raise NotImplementedError


class Platform(Record):
    """A named, branded channel of consultation run by a CPPCC body (协商平台)."""

    kind: ClassVar[str] = "platform"
    folder: ClassVar[str] = "platforms"

    name: Text
    """The platform's name, e.g. 济事商量 / Jishi Shangliang ("Let's talk it over, Jining")."""
    body: Text
    """The body that runs it, e.g. 济宁市政协 / Jining Municipal CPPCC Committee."""
    level: Level
    """Level of that body: province, city, county, district or township."""
    type: PlatformKind = "platform"
    """platform (a body's own platform), sub-platform (a county or district platform under a
    municipal one) or sub-brand (a committee's brand under a platform)."""
    parent: Id | None = None
    """Id of the platform this one belongs to; required for sub-platforms and sub-brands."""
    launched: Date | None = None
    """When the platform was set up."""

    @property
    def title_text(self) -> Text:
        return self.name


class Stage_(Model):
    """One stage a consultation has reached (议题确定 → 商前调研 → 会议协商 → 成果转化)."""

    stage: Stage
    """topic (议题确定), research (商前调研), meeting (会议协商) or conversion (成果转化)."""
    date: Date | None = None
    """When the stage was reached; may be a month (2022-10) or year."""
    note: Text | None = None
    """What happened at this stage, in a sentence."""


class SuggestionGroup(Model):
    """Suggestions grouped under one aspect ("5 aspects, 17 suggestions")."""

    title: Text
    """The aspect, e.g. 优化营商环境 / Improving the business environment."""
    count: Count | None = None
    """How many suggestions the group holds, when the report gives the number."""
    items: tuple[Text, ...] = ()
    """The suggestions one by one, when known."""


class Suggestions(Model):
    """What the consultation produced (意见建议)."""

    count: Count | None = None
    """Total number of suggestions."""
    aspects: Count | None = None
    """How many aspects they were grouped under, when the report gives the number even if
    it does not name every aspect ("6 aspects, 20 suggestions")."""
    adopted: Count | None = None
    """How many were adopted, when reported."""
    groups: tuple[SuggestionGroup, ...] = ()
    """The aspects they were grouped under."""


class Excerpt(Model):
    """One comment posted by the public, quoted with its display name."""

    name: Line
    """Display name as shown on the platform, e.g. 网友“港城人”."""
    text: Text
    """The comment, summarised."""
    date: Date | None = None
    """When it was posted."""


class PublicInput(Model):
    """Comments the public posted on an online topic (跟帖 / 留言)."""

    people: Count | None = None
    """How many people took part."""
    comments: Count | None = None
    """How many comments or suggestions they posted."""
    channel: Text | None = None
    """Where, e.g. the platform's mini-program."""
    excerpts: tuple[Excerpt, ...] = ()
    """Selected comments."""


class Consultation(Record):
    """One topic taken through consultation (协商活动 / 议题)."""

    kind: ClassVar[str] = "consultation"
    folder: ClassVar[str] = "consultations"

    title: Text
    """The topic, e.g. 推动“两创”工作走在前列 / Leading the way in cultural renewal."""
    date: Date
    """Date of the consultation meeting, or when the online topic opened."""
    end_date: Date | None = None
    """Last day, for consultations that ran over several days or online for weeks."""
    platform: Id
    """Id of the platform it was held on."""
    format: Format
    """How it was held: plenary, standing-committee, forum, sector, proposal-handling,
    grassroots, micro, online, supervision, leader-listening, face-to-face or other."""
    organiser: Text | None = None
    """Who organised it, e.g. the committee's economic subcommittee."""
    participants: tuple[Text, ...] = ()
    """Who took part: groups of people or named office holders."""
    stages: Annotated[tuple[Stage_, ...], Field(min_length=1)]
    """The stages reached, in order; the last one is the consultation's current stage."""
    suggestions: Suggestions | None = None
    """The suggestions it produced."""
    public_input: PublicInput | None = None
    """Comments from the public, for online topics."""
    attachments: tuple[Attachment, ...] = ()
    """Files published with the record."""

    @property
    def title_text(self) -> Text:
        return self.title

    @property
    def stage(self) -> str:
        return self.stages[-1].stage


class Proposers(Model):
    """Who submitted a proposal."""

    type: ProposerKind
    """individual (个人), joint (联名) or group (集体, e.g. a party committee or subcommittee)."""
    names: Annotated[tuple[Text, ...], Field(min_length=1)]
    """The proposers' names."""


class Registration(Model):
    """Whether the proposal was registered (立案) for handling."""

    status: RegistrationStatus
    """registered or not-registered."""
    date: Date | None = None
    """Date of the decision."""
    reason: Text | None = None
    """Why it was not registered, or what it was turned into instead."""


class Units(Model):
    """The handling units a proposal was assigned to (承办单位)."""

    lead: Annotated[tuple[Id, ...], Field(min_length=1)]
    """Ids of the lead units (主办单位)."""
    co: tuple[Id, ...] = ()
    """Ids of the co-handling units (会办单位)."""
    assigned: Date | None = None
    """When the proposal was assigned (交办)."""


class Reply(Model):
    """The handling unit's reply (办复) and its outcome category."""

    date: Date
    """Reply date (办复时间)."""
    outcome: OutcomeCategory
    """adopted (解决或采纳), planned (列入计划拟解决), multi-year (列入跨年度计划) or
    reference (留作参考)."""
    text: Text | None = None
    """What the reply said, summarised."""
    proposer_view: ProposerView | None = None
    """The proposer's view of the reply: satisfied, basically-satisfied or unsatisfied."""


class Proposal(Record):
    """A formal written proposal by CPPCC members or groups (提案)."""

    kind: ClassVar[str] = "proposal"
    folder: ClassVar[str] = "proposals"

    title: Text
    """The proposal's title."""
    number: Line | None = None
    """Proposal number (提案号) as the committee writes it."""
    session: Text | None = None
    """The term and session it was submitted at, e.g. 八届二次会议 / 2nd session, 8th committee."""
    date: Date
    """Date submitted."""
    proposers: Proposers
    """Who submitted it."""
    category: Text | None = None
    """Subject category, e.g. 经济 / Economy."""
    registration: Registration
    """Whether it was registered."""
    units: Units | None = None
    """Units it was assigned to; required once registered and assigned."""
    reply: Reply | None = None
    """The reply, once there is one."""
    consultation: Id | None = None
    """Id of a related consultation."""
    platform: Id | None = None
    """Id of the platform it came through, if any."""

    @property
    def title_text(self) -> Text:
        return self.title


class Outcome(Record):
    """What came of a consultation or proposal (成果 / 办理结果)."""

    kind: ClassVar[str] = "outcome"
    folder: ClassVar[str] = "outcomes"

    title: Text
    """What happened, in a line."""
    concerns: Id
    """Id of the consultation or proposal it came from."""
    type: OutcomeKind
    """instruction (批示), adoption, measure, plan, recommendation (建议案), follow-up or other."""
    date: Date
    """When it happened."""
    by: Text | None = None
    """Who gave the instruction or took the measure."""
    adopted: Count | None = None
    """Number of suggestions adopted or turned into measures, when reported."""
    units: tuple[Id, ...] = ()
    """Ids of handling units that acted on it."""

    @property
    def title_text(self) -> Text:
        return self.title


class Unit(Record):
    """A government department or body that handles proposals (承办单位)."""

    kind: ClassVar[str] = "unit"
    folder: ClassVar[str] = "units"

    name: Text
    """Official name, e.g. 汕尾市住房和城乡建设局 / Shanwei Housing and Urban-Rural Development Bureau."""
    level: Level | None = None
    """Level of government it belongs to."""
    url: Url | None = None
    """Its website."""

    @property
    def title_text(self) -> Text:
        return self.name


RECORD_TYPES: tuple[type[Record], ...] = (Platform, Consultation, Proposal, Outcome, Unit)
TYPES_BY_FOLDER = {record_type.folder: record_type for record_type in RECORD_TYPES}
TYPES_BY_KIND = {record_type.kind: record_type for record_type in RECORD_TYPES}
