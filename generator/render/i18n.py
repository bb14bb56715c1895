"""Interface words and the conventions of each language: dates, numbers, counts, fallbacks.

Records carry their own texts in both languages (``Text``) and vocabularies carry their
labels (``vocab``); this module holds only the words of the pages themselves.
"""

from __future__ import annotations

from ..dates import Date
from ..model import Text

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

UI: dict[str, tuple[str, str]] = {
    # navigation and page titles
    "home": ("首页", "Home"),
    "past": ("往期协商", "Past consultations"),
    "platforms": ("协商平台", "Consultation platforms"),
    "proposals": ("提案", "Proposals"),
    "outcomes": ("办理成果", "Outcomes"),
    "units": ("承办单位", "Handling units"),
    "breadcrumbs": ("位置", "You are here"),
    # facts of a consultation
    "date": ("日期", "Date"),
    "dates": ("时间", "Dates"),
    "platform": ("协商平台", "Platform"),
    "format": ("协商形式", "Format"),
    "organiser": ("组织单位", "Organiser"),
    "participants": ("参加人员", "Participants"),
    "stage": ("当前阶段", "Current stage"),
    "stages": ("协商流程", "Stages"),
    "stage-current": ("当前阶段", "Current stage"),
    "stage-not-reached": ("尚未进行", "Not yet reached"),
    "suggestions": ("意见建议", "Suggestions"),
    "suggestions-total": ("建议总数", "Total"),
    "suggestions-adopted": ("已采纳", "Adopted"),
    "aspects": ("归纳方面", "Aspects"),
    "public-input": ("网民跟帖", "Public comments"),
    "people": ("参与人数", "People taking part"),
    "comments": ("跟帖留言", "Comments posted"),
    "channel": ("渠道", "Channel"),
    "excerpts": ("留言摘录", "Selected comments"),
    "summary": ("概述", "Summary"),
    "related-proposals": ("相关提案", "Related proposals"),
    "sources": ("资料来源", "Sources"),
    "attachments": ("附件", "Attachments"),
    "no-outcome": ("尚无成果", "No outcome yet"),
    "has-outcome": ("已有成果", "Has outcomes"),
    "source-file": ("记录文件", "Record file"),
    "edit": ("编辑此记录", "Edit this record"),
    # proposals
    "number": ("提案号", "Number"),
    "session": ("届次", "Session"),
    "submitted": ("提交日期", "Submitted"),
    "proposers": ("提案人", "Proposers"),
    "category": ("类别", "Category"),
    "registration": ("立案情况", "Registration"),
    "registration-date": ("立案日期", "Decided"),
    "reason": ("说明", "Reason"),
    "handling-units": ("承办单位", "Handling units"),
    "lead": ("主办单位", "Lead unit"),
    "co": ("会办单位", "Co-handling units"),
    "assigned": ("交办日期", "Assigned"),
    "reply": ("办理答复", "Reply"),
    "reply-date": ("办复时间", "Reply date"),
    "reply-outcome": ("办理结果", "Outcome category"),
    "reply-text": ("答复内容", "What the reply said"),
    "proposer-view": ("提案人意见", "Proposer's view"),
    "awaiting-reply": ("尚未办复", "Awaiting reply"),
    "state": ("办理状态", "State"),
    "registered-count": ("立案提案", "Registered proposals"),
    "units-involved": ("涉及承办单位", "Units involved"),
    "reply-rate": ("办复率", "Reply rate"),
    "consultation": ("相关协商", "Related consultation"),
    # platforms
    "body": ("主办机构", "Run by"),
    "level": ("层级", "Level"),
    "type": ("类型", "Type"),
    "parent": ("上级平台", "Belongs to"),
    "launched": ("设立时间", "Launched"),
    "children": ("下设平台与品牌", "Sub-platforms and sub-brands"),
    "own-consultations": ("本平台协商活动", "Consultations on this platform"),
    "child-consultations": ("下设平台的协商活动", "Consultations on its sub-platforms"),
    "see-all": ("查看全部", "See all"),
    # units
    "website": ("网站", "Website"),
    "leads": ("主办的提案", "Proposals it leads"),
    "co-handles": ("会办的提案", "Proposals it co-handles"),
    "acted-on": ("参与落实的成果", "Outcomes it acted on"),
    "leads-short": ("主办", "Leads"),
    "co-handles-short": ("会办", "Co-handles"),
    # outcomes
    "outcome-type": ("成果类型", "Type"),
    "by": ("作出者", "By"),
    "adopted": ("采纳建议", "Suggestions adopted"),
    "concerns": ("来源", "Concerns"),
    # listings
    "all": ("全部", "All"),
    "filters": ("筛选", "Filters"),
    "filter-year": ("年份", "Year"),
    "filter-platform": ("平台", "Platform"),
    "filter-format": ("形式", "Format"),
    "filter-stage": ("阶段", "Stage"),
    "filtered-by": ("筛选条件", "Filtered by"),
    "clear-filter": ("显示全部", "Show all"),
    "pagination": ("分页", "Pages"),
    "previous": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "page-of": ("第{n}页，共{total}页", "Page {n} of {total}"),
    "nothing": ("暂无记录", "No records yet"),
    # home
    "archive-holds": ("档案概况", "What the archive holds"),
    "years-covered": ("覆盖年份", "Years covered"),
    "latest-consultations": ("最新协商", "Latest consultations"),
    "latest-outcomes": ("最新成果", "Latest outcomes"),
    "browse": ("浏览", "Browse"),
    # translation
    "untranslated": ("尚未翻译，以中文显示。", "Not yet translated — shown in Chinese."),
    "untranslated-mark": ("中文", "Chinese"),
}
"""Each interface string as (Chinese, English)."""

UNITS: dict[str, tuple[str, str, str]] = {
    "suggestion": ("条建议", "suggestion", "suggestions"),
    "adopted": ("条已采纳", "adopted", "adopted"),
    "aspect": ("个方面", "aspect", "aspects"),
    "person": ("人", "person", "people"),
    "comment": ("条留言", "comment", "comments"),
    "consultation": ("次协商", "consultation", "consultations"),
    "platform": ("个平台", "platform", "platforms"),
    "proposal": ("件提案", "proposal", "proposals"),
    "outcome": ("项成果", "outcome", "outcomes"),
    "unit": ("个单位", "unit", "units"),
    "year": ("年", "year", "years"),
}
"""Counted things as (Chinese measure word and noun, English singular, English plural)."""


def ui(key: str, lang: str) -> str:
    """The interface string ``key`` in ``lang``."""
    zh, en = UI[key]
    return en if lang == "en" else zh


def format_number(number: int, lang: str) -> str:
    """``1000`` → ``1,000`` in English; Chinese pages write plain digits (``1000``)."""
    return f"{number:,}" if lang == "en" else str(number)


def format_count(number: int, unit: str, lang: str) -> str:
    """``20条建议`` / ``20 suggestions``."""
    zh, singular, plural = UNITS[unit]
    if lang == "en":
        return f"{format_number(number, lang)} {singular if number == 1 else plural}"
    return f"{format_number(number, lang)}{zh}"


def format_percent(share: float, lang: str) -> str:
    """``0.889`` → ``88.9%``; whole numbers without decimals (``100%``)."""
    text = f"{share * 100:.1f}".removesuffix(".0")
    return f"{text}%"


def format_date(date: Date, lang: str) -> str:
    """``2022年10月14日`` / ``14 October 2022``, to the precision the date is known."""
    if lang == "en":
        parts = [str(date.day)] if date.day else []
        if date.month:
            parts.append(MONTHS_EN[date.month - 1])
        return " ".join(parts + [str(date.year)])
    text = f"{date.year}年"
    if date.month:
        text += f"{date.month}月"
        if date.day:
            text += f"{date.day}日"
    return text


def format_date_range(start: Date, end: Date | None, lang: str) -> str:
    """``2022年10月14日至2022年10月16日`` / ``14 October 2022 – 16 October 2022``."""
    if end is None or end == start:
        return format_date(start, lang)
    separator = " – " if lang == "en" else "至"
    return format_date(start, lang) + separator + format_date(end, lang)


def format_year_span(first: int, last: int, lang: str) -> str:
    """``2019—2024年`` / ``2019–2024``; a single year when both are the same."""
    if first == last:
        return str(first) if lang == "en" else f"{first}年"
    return f"{first}–{last}" if lang == "en" else f"{first}—{last}年"


def format_page_of(number: int, total: int, lang: str) -> str:
    return ui("page-of", lang).format(n=format_number(number, lang), total=format_number(total, lang))


def localize(text: Text, lang: str) -> tuple[str, bool]:
    """The text in ``lang``, and whether it is the Chinese fallback for a missing English."""
    if lang == "en":
        if text.en:
            return text.en, False
        return text.zh, True
    return text.zh, False
