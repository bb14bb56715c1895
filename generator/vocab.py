"""The controlled vocabularies of the archive, each term with its label in both languages.

Records store the key (``standing-committee``); pages show the label (专题议政性常委会会议 /
Topical standing-committee meeting). Keys are stable: renaming a label changes no record.
"""

from __future__ import annotations

from typing import Literal

LEVELS = {
    "national": ("全国", "National"),
    "province": ("省级", "Province"),
    "city": ("市级", "City"),
    "county": ("县级", "County"),
    "district": ("区级", "District"),
    "township": ("乡镇级", "Township"),
}
Level = Literal["national", "province", "city", "county", "district", "township"]
LEVEL_RANKS = {"national": 0, "province": 1, "city": 2, "county": 3, "district": 3, "township": 4}
"""How high each level stands: a smaller number is higher; county and district rank equal."""

PLATFORM_KINDS = {
    "platform": ("协商平台", "Consultation platform"),
    "sub-platform": ("子平台", "Sub-platform"),
    "sub-brand": ("专委会子品牌", "Committee sub-brand"),
    "station": ("协商驿站（站点）", "Consultation station"),
    "studio": ("委员工作室", "Members' studio"),
}
PlatformKind = Literal["platform", "sub-platform", "sub-brand", "station", "studio"]

ACTIVITY_KINDS = {
    "consultation": ("协商活动", "Consultation"),
    "research-visit": ("调研视察", "Research or inspection visit"),
    "reading": ("读书活动", "Reading activity"),
    "standing-practice": ("常态化议事", "Standing practice"),
    "other": ("其他活动", "Other activity"),
}
ActivityKind = Literal["consultation", "research-visit", "reading", "standing-practice", "other"]

OUTCOME_STATUSES = {
    "not-reported": ("来源未报道成果", "No outcome reported in the sources"),
    "awaiting": ("等待成果", "Awaiting an outcome"),
    "mentioned": ("来源概括提及成果", "Outcome mentioned in general terms"),
}
OutcomeStatus = Literal["not-reported", "awaiting", "mentioned"]

CONSULTATION_STATUSES = {
    "has-outcome": ("已有成果", "Has an outcome"),
    **OUTCOME_STATUSES,
}
"""The derived outcome status of a consultation: ``has-outcome`` when an outcome record
concerns it, else its ``outcome_status``."""

ORGANISATION_KINDS = {
    "alliance": ("联盟", "Alliance"),
    "think-tank": ("智库", "Think tank"),
    "association": ("协会、商会", "Association"),
    "university": ("高校", "University"),
    "enterprise": ("企业", "Enterprise"),
    "other": ("其他", "Other"),
}
OrganisationKind = Literal["alliance", "think-tank", "association", "university", "enterprise", "other"]

FORMATS = {
    "plenary": ("全体会议", "Plenary session"),
    "standing-committee": ("专题议政性常委会会议", "Topical standing-committee meeting"),
    "forum": ("专题协商会", "Topical consultation forum"),
    "sector": ("对口协商", "Sector consultation"),
    "proposal-handling": ("提案办理协商", "Consultation on proposal handling"),
    "grassroots": ("基层议事协商", "Grassroots consultation"),
    "micro": ("微协商", "Online micro-consultation"),
    "online": ("网络议政", "Online consultation"),
    "supervision": ("民主监督", "Democratic supervision"),
    "leader-listening": ("倾听委员之声", "Leaders listen to CPPCC members"),
    "face-to-face": ("委员与领导面对面", "Members face to face with leaders"),
    "other": ("其他", "Other"),
}
Format = Literal[
    "plenary", "standing-committee", "forum", "sector", "proposal-handling", "grassroots",
    "micro", "online", "supervision", "leader-listening", "face-to-face", "other",
]

STAGES = {
    "topic": ("议题确定", "Topic set"),
    "research": ("商前调研", "Pre-consultation research"),
    "meeting": ("会议协商", "Consultation held"),
    "conversion": ("成果转化", "Results put into practice"),
}
Stage = Literal["topic", "research", "meeting", "conversion"]
STAGE_ORDER = list(STAGES)

PROPOSER_KINDS = {
    "individual": ("个人提案", "Individual proposal"),
    "joint": ("联名提案", "Joint proposal"),
    "group": ("集体提案", "Group proposal"),
}
ProposerKind = Literal["individual", "joint", "group"]

REGISTRATION = {
    "registered": ("立案", "Registered"),
    "not-registered": ("不予立案", "Not registered"),
}
RegistrationStatus = Literal["registered", "not-registered"]

OUTCOME_CATEGORIES = {
    "adopted": ("解决或采纳", "Adopted or solved"),
    "planned": ("列入计划拟解决", "Planned"),
    "multi-year": ("列入跨年度计划", "Multi-year plan"),
    "reference": ("留作参考", "Kept for reference"),
}
OutcomeCategory = Literal["adopted", "planned", "multi-year", "reference"]

PROPOSER_VIEWS = {
    "satisfied": ("满意", "Satisfied"),
    "basically-satisfied": ("基本满意", "Basically satisfied"),
    "unsatisfied": ("不满意", "Not satisfied"),
}
ProposerView = Literal["satisfied", "basically-satisfied", "unsatisfied"]

OUTCOME_KINDS = {
    "instruction": ("领导批示", "Written instruction"),
    "adoption": ("意见建议采纳", "Suggestions adopted"),
    "measure": ("出台措施", "Measures taken"),
    "plan": ("列入计划", "Put into a plan"),
    "recommendation": ("形成建议案", "Formal recommendation"),
    "follow-up": ("后续进展", "Follow-up"),
    "other": ("其他成果", "Other outcome"),
}
OutcomeKind = Literal[
    "instruction", "adoption", "measure", "plan", "recommendation", "follow-up", "other"
]

PROPOSAL_STATES = {
    "not-registered": ("不予立案", "Not registered"),
    "registered": ("已立案", "Registered"),
    "assigned": ("已交办", "Assigned"),
    "replied": ("已办复", "Replied"),
}

VOCABULARIES = {
    "level": LEVELS,
    "platform-kind": PLATFORM_KINDS,
    "activity": ACTIVITY_KINDS,
    "outcome-status": CONSULTATION_STATUSES,
    "organisation-kind": ORGANISATION_KINDS,
    "format": FORMATS,
    "stage": STAGES,
    "proposer-kind": PROPOSER_KINDS,
    "registration": REGISTRATION,
    "outcome-category": OUTCOME_CATEGORIES,
    "proposer-view": PROPOSER_VIEWS,
    "outcome-kind": OUTCOME_KINDS,
    "proposal-state": PROPOSAL_STATES,
}
"""Every vocabulary by name, for templates and the generated reference."""

CHOICE_VOCABULARIES = {
    Level: "level",
    PlatformKind: "platform-kind",
    ActivityKind: "activity",
    OutcomeStatus: "outcome-status",
    OrganisationKind: "organisation-kind",
    Format: "format",
    Stage: "stage",
    ProposerKind: "proposer-kind",
    RegistrationStatus: "registration",
    OutcomeCategory: "outcome-category",
    ProposerView: "proposer-view",
    OutcomeKind: "outcome-kind",
}
"""The vocabulary (its name in ``VOCABULARIES``) that labels the keys of each choice a
record field takes, by the field's type; a vocabulary may label more keys than the field
takes (``outcome-status`` labels the derived ``has-outcome`` too)."""


def label(vocabulary: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """The label of ``key`` in ``lang`` (``zh`` or ``en``)."""
    zh, en = vocabulary[key]
    return en if lang == "en" else zh
