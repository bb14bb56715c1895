"""Interface words and the conventions of each language: dates, numbers, counts, fallbacks.

Records carry their own texts in both languages (``Text``) and vocabularies carry their
labels (``vocab``); this module holds only the words of the pages themselves.
"""

from __future__ import annotations

from decimal import Decimal

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
    "organisations": ("参与组织", "Organisations"),
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
    "stage-not-reported": ("未见报道", "Not reported"),
    "suggestions": ("意见建议", "Suggestions"),
    "suggestions-total": ("建议总数", "Total"),
    "suggestions-adopted": ("已采纳", "Adopted"),
    "aspects": ("归纳方面", "Aspects"),
    "public-input": ("网民跟帖", "Public comments"),
    "people": ("参与人数", "People taking part"),
    "posts": ("跟帖留言", "Posts and comments"),
    "public-suggestions": ("网民建议", "Suggestions posted online"),
    "channel": ("参与途径", "Where the public took part"),
    "excerpts": ("留言摘录", "Selected comments"),
    "summary": ("概述", "Summary"),
    "related-proposals": ("相关提案", "Related proposals"),
    "sources": ("资料来源", "Sources"),
    "attachments": ("附件", "Attachments"),
    "activity-kind": ("活动类型", "Activity"),
    "recurrence": ("举办频次", "How often"),
    "date-not-reported": ("日期未见报道", "Date not reported"),
    "reported-on": ("报道日期", "Reported on"),
    "channel-of-platform": ("平台渠道", "Channel"),
    "taking-part": ("参与组织", "Organisations taking part"),
    "outcome-status": ("成果情况", "Outcome"),
    "outcome-note": ("来源所述", "What the sources say"),
    "excerpt-summary": ("大意：", "In summary:"),
    "quote-translated": ("译自中文", "translated from the Chinese"),
    "excerpt-said": ("{name}的留言大意：", "{name}'s post, in summary:"),
    "has-outcome": ("已有成果", "Has outcomes"),
    "correction-lead": ("发现错误或遗漏？", "Spotted a mistake or something missing?"),
    "propose-correction": ("提出更正", "Propose a correction"),
    "correct-english": ("更正英文译文", "Correct the English text"),
    "scan-to-open": ("扫码查看", "Scan to open"),
    "qr-label": ("本页地址的二维码：", "QR code of this page's address: "),
    "permalink": ("本页地址：", "This page's address: "),
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
    "channel-counts-below": ("各渠道的协商次数包括下设平台、品牌与站点上的协商。", "The counts include consultations on the platforms, brands and places below this one."),
    "children": ("下设平台、品牌与站点", "Platforms, brands and places below it"),
    "channels": ("平台渠道", "Channels"),
    "working-organisations": ("合作组织", "Organisations working with it"),
    "organisation-type": ("组织类型", "Type"),
    "partners": ("合作方", "Partners"),
    "members": ("成员", "Members"),
    "founded": ("成立时间", "Founded"),
    "works-with": ("合作平台", "Works with"),
    "took-part-in": ("参与的协商活动", "Consultations it took part in"),
    "own-consultations": ("本平台协商活动", "Consultations on this platform"),
    "child-consultations": ("下设平台的协商活动", "Consultations on its sub-platforms"),
    "see-all": ("查看全部", "See all"),
    # units
    "website": ("网站", "Website"),
    "also-called": ("又称", "Also called"),
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
    "filter-activity": ("活动类型", "Activity"),
    "filter-outcome": ("成果情况", "Outcome"),
    "undated-year": ("日期未报道", "Date not reported"),
    "filtered-by": ("筛选条件", "Filtered by"),
    "clear-filter": ("清除筛选", "Clear filter"),
    "see-all-count": ("查看全部{count}", "See all {count}"),
    "all-platforms": ("全部平台", "All platforms"),
    "pagination": ("分页", "Pages"),
    "previous": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "page-of": ("第{n}页，共{total}页", "Page {n} of {total}"),
    "nothing": ("暂无记录", "No records yet"),
    "moved": ("此页面已迁移", "This page has moved"),
    "moved-to": ("这条记录现在的地址是：", "This record now lives at:"),
    "filter-of-all": ("这一筛选包含全部协商，请见：", "Every consultation passes this filter; they are all listed in"),
    # home
    "archive-holds": ("档案概况", "What the archive holds"),
    "years-covered": ("覆盖年份", "Years covered"),
    "latest-consultations": ("最新协商", "Latest consultations"),
    "latest-outcomes": ("最新成果", "Latest outcomes"),
    "browse": ("浏览", "Browse"),
    # outcome tracking on record pages
    "handling-steps": ("办理进程", "Handling steps"),
    "step-submitted": ("提交", "Submitted"),
    "step-registered": ("立案", "Registered"),
    "step-not-registered": ("不予立案", "Not registered"),
    "step-assigned": ("交办", "Assigned"),
    "step-replied": ("办复", "Replied"),
    "step-outcome": ("后续成果", "Later outcome"),
    "step-awaiting-reply": ("等待办复", "Awaiting reply"),
    "date-not-recorded": ("日期未记录", "Date not recorded"),
    "awaiting-reply-since": ("尚未办复（自{date}起）", "Awaiting reply since {date}"),
    "awaiting-outcome": ("等待成果", "Awaiting an outcome"),
    "outcome-tracking": ("成果跟踪", "What came of it"),
    "handling-figures": ("办理情况", "Handling figures"),
    "unit-figures-note": ("按该单位主办的提案计算；会办的提案由主办单位答复。", "Computed over the proposals it leads; the lead unit gives the reply."),
    "unit-no-proposals": ("暂无该单位主办的提案记录。", "No proposals led by this unit are recorded yet."),
    "see-statistics": ("数据统计", "Statistics"),
    # statistics
    "statistics": ("数据统计", "Statistics"),
    "stats-year-title": ("{year}年数据统计", "Statistics for {year}"),
    "stats-platform-title": ("数据统计：{name}", "Statistics: {name}"),
    "stats-lead": (
        "本页数字均由档案记录在生成网站时计算得出，不手工填写；所用数据可在开放数据页下载。",
        "Every figure on this page is computed from the archive's records when the site is built, never typed in; the data behind it can be downloaded from the open data page.",
    ),
    "stats-scope-year": ("范围：该年举行的协商活动、提交的提案和取得的成果。", "Scope: the consultations held, proposals submitted and outcomes reached in that year."),
    "stats-scope-platform": ("范围：该平台及其下设平台的协商活动，经由它们提出的提案，以及两者的成果。", "Scope: consultations on this platform and its sub-platforms, the proposals that came through them, and the outcomes of both."),
    "stats-whole": ("全部档案", "Whole archive"),
    "stats-by-year": ("按年份", "By year"),
    "stats-by-platform": ("按平台", "By platform"),
    "stats-consultations": ("协商活动", "Consultations"),
    "by-format": ("按协商形式", "By format"),
    "by-stage": ("按所处阶段", "By current stage"),
    "suggestions-made": ("提出意见建议", "Suggestions made"),
    "suggestions-taken-up": ("意见建议获采纳", "Suggestions adopted"),
    "reported-for": ("据{n}次协商的记录", "as recorded for {n}"),
    "not-reported": ("记录未载明", "Not recorded"),
    "with-outcome": ("已有成果", "With an outcome"),
    "time-to-outcome": ("从协商到首项成果", "From consultation to first outcome"),
    "time-to-reply": ("从立案到办复", "From registration to reply"),
    "median": ("中位数", "median"),
    "median-time-to-reply": ("办复用时中位数", "Median time to reply"),
    "measured-on": ("据{n}项两端日期精确到日的记录计算，共{total}项", "measured on {n} of {total} with both dates known to the day"),
    "not-measurable": ("日期未精确到日，无法计算", "Not measurable: dates not known to the day"),
    "nothing-to-measure": ("暂无可计算的记录", "Nothing to measure yet"),
    "stats-proposals": ("提案办理", "Proposal handling"),
    "no-proposals": ("暂无提案记录", "No proposals recorded yet"),
    "no-consultations": ("暂无协商活动记录", "No consultations recorded yet"),
    "not-registered-count": ("不予立案", "Not registered"),
    "replied-count": ("已办复", "Replied"),
    "outcome-categories": ("办理结果分类", "Outcome categories"),
    "outcome-categories-note": ("比例按已办复的提案计算。", "Shares are of the replied proposals."),
    "reply-times": ("办复用时", "Time to reply"),
    "days-up-to": ("{b}天以内", "Up to {b} days"),
    "days-between": ("{a}–{b}天", "{a}–{b} days"),
    "days-over": ("{a}天以上", "Over {a} days"),
    "activity": ("各年度记录", "Records per year"),
    "year-by-year": ("历年概况", "Year by year"),
    "outcome-records": ("成果记录", "Outcome records"),
    "by-kind": ("按成果类型", "By type"),
    "awaiting": ("尚待结果", "Still awaiting"),
    "awaiting-nothing": ("没有等待中的事项。", "Nothing is awaiting a result."),
    "awaiting-outcome-list": ("等待成果的协商活动", "Consultations awaiting an outcome"),
    "awaiting-reply-list": ("等待办复的提案", "Proposals awaiting a reply"),
    "awaiting-see-all": ("查看全部{count}", "See all {count}"),
    "awaiting-list-title": ("{list}（{scope}）", "{list} ({scope})"),
    "year": ("年份", "Year"),
    "number-of": ("数量", "Number"),
    "share": ("比例", "Share"),
    "days": ("天数", "Days"),
    "method": ("计算方法", "How the figures are computed"),
    "method-shares": (
        "比例四舍五入保留一位小数，与公开报告的写法相同（如108件中的96件记为88.9%）。办复率为已办复提案占立案提案的比例；各办理结果分类的比例按已办复的提案计算。",
        "Shares are rounded half up to one decimal place, as the published reports write them (96 of 108 is 88.9%). The reply rate is replied proposals over registered proposals; each outcome category's share is of the replied proposals.",
    ),
    "method-dates": (
        "有的记录只写到月或年。用时只在起止两个日期都精确到日时计算，其余记录照常计入总数，但不计入用时；每个中位数都注明据多少项记录算出。",
        "Some records give only a month or a year. A time is measured only when both of its dates are known to the day; other records still count in every total but not in the times, and each median says how many records it was measured on.",
    ),
    "method-start": (
        "提案用时从立案日期算起，记录没有立案日期时从提交日期算起；协商用时从协商日期算到最早的一项成果。",
        "A proposal's time runs from its registration date, or from its submission date when no registration date is recorded; a consultation's time runs from its date to its earliest outcome.",
    ),
    "method-outcome": (
        "协商活动有至少一项成果记录即为“已有成果”；没有成果记录的，按记录所述来源情况分为“来源未报道成果”“等待成果”（来源说明成果尚待形成）和“来源概括提及成果”，只有“等待成果”计入尚待结果。意见建议采纳数取协商记录所载数字，没有时取其成果记录所载数字之和。",
        "A consultation has an outcome once at least one outcome record concerns it; without one, its record says what the sources say: no outcome reported, awaiting an outcome (a source says it is pending), or outcome mentioned in general terms. Only those awaiting an outcome are counted as still awaiting. The suggestions adopted are the consultation's own figure, or else the sum of the figures its outcome records give.",
    ),
    "method-public": (
        "网民参与人数、跟帖留言数和网民在线提出的建议数分别统计，不与协商活动本身提出的意见建议相加。",
        "People taking part online, their posts, and the suggestions the public posted online are counted separately, and never added to the suggestions the consultations themselves put forward.",
    ),
    "method-undated": (
        "日期未见报道的协商活动计入总数，但不归入任何年份。",
        "Consultations whose date is not reported count in every total but are put in no year.",
    ),
    "undated-count": ("{n}项协商活动的日期未见报道，不计入任何年份。", "{n} with no reported date, counted in no year."),
    "by-activity": ("按活动类型", "By activity"),
    "by-outcome-status": ("按成果情况", "By outcome"),
    "public-people": ("网民参与人数", "People taking part online"),
    "public-posts": ("跟帖留言", "Posts and comments"),
    "public-suggestions-online": ("网民在线提出的建议", "Suggestions posted online by the public"),
    # open data and feeds
    "data": ("开放数据", "Open data"),
    "data-lead": (
        "每次生成网站时，档案中的全部记录都会导出为开放数据：每类记录一个JSON文件和一个CSV文件，UTF-8编码，同时包含中英文字段。数据统计页上的数字都可以用这些文件重新算出。",
        "Every build publishes all of the archive's records as open data: one JSON file and one CSV file per record type, UTF-8, with the fields of both languages. Every figure on the statistics pages can be recomputed from these files.",
    ),
    "data-files": ("数据文件", "Files"),
    "download": ("下载", "Download"),
    "record-type": ("记录类型", "Record type"),
    "records": ("记录数", "Records"),
    "schema-version": ("数据结构版本", "Schema version"),
    "schema-files": ("数据结构说明", "Schemas"),
    "schema-json": ("JSON文件的JSON Schema", "JSON Schema of the JSON files"),
    "schema-csv": ("CSV各列的类型与含义（Frictionless Data Package）", "Type and meaning of every CSV column (Frictionless Data Package)"),
    "schema-versioning": (
        "版本号遵循语义化版本：新增列或字段为次版本变更，更名或删除为主版本变更。",
        "The version follows semantic versioning: a new column or field is a minor change, a renamed or removed one a major change.",
    ),
    "csv-conventions": (
        "CSV文件中，双语文本分为“.zh”和“.en”两列；多个标识符用“;”分隔，多段文本用换行分隔；来源、附件等列表只给出数量（“.count”列），完整内容见JSON文件。空单元格表示记录未载明。",
        "In the CSV files bilingual texts have a “.zh” and an “.en” column; several ids are separated by “;”, several texts by line breaks; lists such as sources and attachments appear as a “.count” column, in full in the JSON file. An empty cell means the record does not give the value.",
    ),
    "columns": ("字段说明", "Columns"),
    "column": ("列名", "Column"),
    "column-type": ("类型", "Type"),
    "column-meaning": ("含义", "Meaning"),
    "feeds": ("订阅", "Feeds"),
    "feeds-lead": ("用阅读器订阅Atom源，获知新增和更新的协商活动以及新的办理成果。", "Subscribe to the Atom feeds in a feed reader to hear of new and updated consultations and of new outcomes."),
    "feed-consultations": ("协商活动：新增与更新", "Consultations: new and updated"),
    "feed-outcomes": ("新的办理成果", "New outcomes"),
    "reply-entry": ("办复：{title}", "Reply: {title}"),
    # the footer (render/footer.py)
    "footer-publisher": ("主办单位", "Published by"),
    "footer-address": ("地址", "Address"),
    "footer-phone": ("电话", "Telephone"),
    "footer-email": ("电子邮箱", "Email"),
    # translation
    "untranslated": ("尚未翻译，以中文显示。", "Not yet translated — shown in Chinese."),
    "untranslated-mark": ("中文", "Chinese"),
    # the page frame (theme/main.html, theme/partials/reading.html)
    "frame-skip-to-content": ("跳到正文", "Skip to content"),
    "frame-reading-mode": ("关怀模式", "Easy reading"),
    "frame-reading-mode-hint": ("大字、高对比、大按钮", "Larger text, stronger contrast, bigger buttons"),
    # record types, as search results name them
    "kind-consultation": ("协商活动", "Consultation"),
    "kind-proposal": ("提案", "Proposal"),
    "kind-outcome": ("办理成果", "Outcome"),
    "kind-platform": ("协商平台", "Platform"),
    "kind-unit": ("承办单位", "Handling unit"),
    "kind-organisation": ("参与组织", "Organisation"),
    # the search box
    "search": ("搜索", "Search"),
    "search-placeholder": ("搜索：汉字、拼音或首字母", "Search the archive"),
    "search-close": ("关闭搜索", "Close search"),
    "search-clear": ("清除", "Clear"),
    "search-loading": ("正在加载搜索…", "Loading search…"),
    "search-results": ("{n}条结果", "{n} results"),
    "search-result": ("1条结果", "1 result"),
    "search-none": ("无匹配结果", "No results"),
    "search-more": ("显示更多结果", "Show more results"),
    "search-earlier": ("查找更早的记录（{period}）", "Search earlier records ({period})"),
    "search-earlier-failed": ("未能加载更早的记录，请再试一次。", "The earlier records could not be loaded; please try again."),
    "search-period-results": ("{period}：{count}", "{period}: {count}"),
    "search-period-heading": ("{period}的记录", "Records from {period}"),
    "search-years": ("{from}—{to}年", "{from}–{to}"),
    "search-year": ("{year}年", "{year}"),
    "search-unavailable": ("本站构建时未生成搜索索引。", "This site was built without a search index."),
    "search-filters": ("筛选结果", "Filter results"),
    "search-filter-type": ("类型", "Type"),
    "search-filter-year": ("年份", "Year"),
    "search-filter-platform": ("平台", "Platform"),
}
"""Each interface string as (Chinese, English)."""

UNITS: dict[str, tuple[str, str, str]] = {
    "suggestion": ("条建议", "suggestion", "suggestions"),
    "adopted": ("条已采纳", "adopted", "adopted"),
    "aspect": ("个方面", "aspect", "aspects"),
    "person": ("人", "person", "people"),
    "post": ("条跟帖留言", "post", "posts"),
    "consultation": ("次协商", "consultation", "consultations"),
    "platform": ("个平台", "platform", "platforms"),
    "proposal": ("件提案", "proposal", "proposals"),
    "outcome": ("项成果", "outcome", "outcomes"),
    "unit": ("个单位", "unit", "units"),
    "organisation": ("个组织", "organisation", "organisations"),
    "year": ("年", "year", "years"),
    "day": ("天", "day", "days"),
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


def format_percent(percent: Decimal | None, lang: str) -> str:
    """A percentage already rounded by ``stats.percent`` (``Decimal("88.9")``) as ``88.9%``;
    whole numbers without decimals (``100%``); a share of nothing as a dash."""
    if percent is None:
        return "–"
    return f"{percent:.1f}".removesuffix(".0") + "%"


def format_days(days: Decimal, lang: str) -> str:
    """``45天`` / ``45 days``; a median may fall on a half day (``45.5 days``)."""
    text = f"{days:.1f}".removesuffix(".0")
    if lang == "en":
        return f"{text} day" if text == "1" else f"{text} days"
    return f"{text}天"


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
