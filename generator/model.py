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
    ActivityKind,
    Format,
    Level,
    OutcomeCategory,
    OrganisationKind,
    OutcomeKind,
    OutcomeStatus,
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
    renamed: ClassVar[dict[str, str]] = {}
    """Fields that were renamed: old name → new name (the old name is refused with a pointer to the new)."""


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


class Channel(Model):
    """One channel or function of a platform (微协商, 微建议, 网上委员工作室 …)."""

    id: Id
    """Identifier of the channel, unique within the platform, e.g. ``micro-consultation``."""
    name: Text
    """The channel's name, e.g. 微协商 / Micro-consultation."""
    summary: Text | None = None
    """What the channel is for, in a sentence."""


class Platform(Record):
    """A named, branded channel of consultation run by a CPPCC body (协商平台)."""

    kind: ClassVar[str] = "platform"
    folder: ClassVar[str] = "platforms"

    name: Text
    """The platform's name, e.g. 济事商量 / Jishi Shangliang ("Let's talk it over, Jining")."""
    body: Text
    """The body that runs it, e.g. 济宁市政协 / Jining Municipal CPPCC Committee."""
    level: Level
    """Level of that body: national, province, city, county, district or township."""
    type: PlatformKind = "platform"
    """platform (a body's own platform), sub-platform (a lower body's platform under a higher
    one's: a county's under a city's, or a city's under a province's), sub-brand (a committee's
    brand under a platform), station (协商驿站: a grassroots place where consultations are held)
    or studio (委员工作室: a members' studio)."""
    parent: Id | None = None
    """Id of the platform this one belongs to; required for sub-platforms, sub-brands,
    stations and studios."""
    launched: Date | None = None
    """When the platform was set up."""
    channels: tuple[Channel, ...] = ()
    """The platform's channels or functions, e.g. 微协商 / micro-consultation; consultations
    name one in their ``channel`` field."""

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
    """One post by the public, with its display name: a summary (``text``), the poster's own
    words (``quote``), or both."""

    name: Line
    """Display name as shown on the platform, e.g. 网友“港城人”."""
    text: Text | None = None
    """What the post said, summarised in your own words (shown as reported speech, not as a quotation)."""
    quote: Text | None = None
    """The poster's own words exactly as the source prints them (in Simplified Chinese), shown as a quotation."""
    date: Date | None = None
    """When it was posted."""


class PublicInput(Model):
    """Comments the public posted on an online topic (跟帖 / 留言)."""

    renamed: ClassVar[dict[str, str]] = {"comments": "posts"}

    people: Count | None = None
    """How many people took part."""
    posts: Count | None = None
    """How many posts or comments (跟帖、留言) they wrote."""
    suggestions: Count | None = None
    """How many suggestions the public posted online; not the suggestions the consultation
    itself put forward (those are ``suggestions.count``)."""
    channel: Text | None = None
    """Where, e.g. the platform's mini-program."""
    excerpts: tuple[Excerpt, ...] = ()
    """Selected comments."""


UNDATED_FOLDER = "undated"
"""The folder below ``content/consultations/`` for consultations whose date is not reported."""


def consultation_folder(date: Date | None) -> str:
    """The folder below ``content/consultations/`` a consultation dated ``date`` is filed in:
    its year's (``2022``), or ``undated`` when the date is not reported."""
    return str(date.year) if date else UNDATED_FOLDER


def is_dating_folder(name: str) -> bool:
    """Whether ``name``, a folder right below ``content/consultations/``, says when its
    records are dated: a 4-digit year, or ``undated``."""
    return name == UNDATED_FOLDER or (len(name) == 4 and name.isascii() and name.isdigit())


class Consultation(Record):
    """One topic taken through consultation (协商活动 / 议题)."""

    kind: ClassVar[str] = "consultation"
    folder: ClassVar[str] = "consultations"

    title: Text
    """The topic, e.g. 推动“两创”工作走在前列 / Leading the way in cultural renewal."""
    activity: ActivityKind = "consultation"
    """What kind of activity it was: consultation (the default), research-visit, reading,
    standing-practice (regular meetings held again and again) or other."""
    recurrence: Text | None = None
    """How often a standing practice is held, as the source says, e.g. 每月一次 / once a month."""
    date: Date | None = None
    """Date of the consultation meeting, or when the online topic opened. Leave it out when
    the sources do not give the date: the record then needs a source, and its file goes in
    the consultations' folder ``undated/``."""
    end_date: Date | None = None
    """Last day, for consultations that ran over several days or online for weeks."""
    platform: Id
    """Id of the platform it was held on."""
    channel: Line | None = None
    """Id of the channel of its platform (or of a platform above it) it was held on."""
    format: Format | None = None
    """How it was held: plenary, standing-committee, forum, sector, proposal-handling,
    grassroots, micro, online, supervision, leader-listening, face-to-face or other.

    Required when ``activity`` is consultation."""
    organiser: Text | None = None
    """Who organised it, e.g. the committee's economic subcommittee."""
    participants: tuple[Text, ...] = ()
    """Who took part: groups of people or named office holders."""
    organisations: tuple[Id, ...] = ()
    """Ids of the organisations that took part (organisation records)."""
    stages: tuple[Stage_, ...] = ()
    """The stages reached, in order; the last one is the consultation's current stage.

    Required (at least one) when ``activity`` is consultation."""
    outcome_status: OutcomeStatus | None = None
    """What the sources say of an outcome, when no outcome record concerns the consultation:
    not-reported (the default), awaiting (a source says the outcome is pending or promised) or
    mentioned (a source speaks of results in general terms)."""
    outcome_note: Text | None = None
    """What the source says of the outcome, in a sentence (for mentioned or awaiting)."""
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
    def stage(self) -> str | None:
        """The stage reached last, or None for an activity recorded without stages."""
        return self.stages[-1].stage if self.stages else None

    @property
    def reported_on(self) -> Date | None:
        """The earliest source's date: shown for a record whose own date is not reported."""
        return min((source.date for source in self.sources), default=None)

    @property
    def sort_date(self) -> Date:
        """The date it is sorted by: its own, else the earliest source's (the archive makes
        sure an undated record has a source)."""
        return self.date or self.reported_on or Date(1)


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
    aliases: tuple[Line, ...] = ()
    """Other names it goes by in proposals and handling systems, e.g. 市住建局; ``shangliang
    import`` matches units by these names too."""
    level: Level | None = None
    """Level of government it belongs to."""
    url: Url | None = None
    """Its website."""

    @property
    def title_text(self) -> Text:
        return self.name


class Organisation(Record):
    """A body that takes part in consultations but is neither a platform nor a handling
    unit: an alliance, a think tank, an association, a university, an enterprise."""

    kind: ClassVar[str] = "organisation"
    folder: ClassVar[str] = "organisations"

    name: Text
    """Its name, e.g. 济宁市政协委员企业家联盟 / Jining CPPCC Members' Entrepreneurs Alliance."""
    type: OrganisationKind
    """alliance, think-tank, association (协会、商会), university, enterprise or other."""
    platform: Id | None = None
    """Id of the platform it works with."""
    partners: tuple[Text, ...] = ()
    """Who set it up or runs it with whom, e.g. 济宁学院 / Jining University."""
    members: Text | None = None
    """Who belongs to it, e.g. 政协委员中的企业家 / Entrepreneurs among CPPCC members."""
    founded: Date | None = None
    """When it was set up."""

    @property
    def title_text(self) -> Text:
        return self.name


RECORD_TYPES: tuple[type[Record], ...] = (Platform, Consultation, Proposal, Outcome, Unit, Organisation)
TYPES_BY_FOLDER = {record_type.folder: record_type for record_type in RECORD_TYPES}
TYPES_BY_KIND = {record_type.kind: record_type for record_type in RECORD_TYPES}
