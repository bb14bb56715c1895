"""Write tiny projects from strings, Lektor-style, for tests of every layer.

``write_project(tmp_path, files)`` writes each ``{relative path: text}`` under
``tmp_path`` and returns ``tmp_path / "content"``. ``VALID_RECORDS`` is the smallest
archive with one record of every type (a platform, a sub-platform, a bilingual Markdown
consultation, a unit, a proposal and an outcome) that loads without a problem; tests copy
it with ``dict(VALID_RECORDS)`` and replace one file to break it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from shangliang.archive import Archive
from shangliang.load import load_archive
from shangliang.errors import ContentError

if TYPE_CHECKING:
    from playwright.sync_api import Page

PLATFORM = """\
id: jishi
name:
  zh: 济事商量
  en: Jishi Shangliang
body:
  zh: 济宁市政协
  en: Jining Municipal CPPCC Committee
level: city
launched: 2021-06
"""

SUB_PLATFORM = """\
id: rencheng
name:
  zh: 任城议事
body:
  zh: 任城区政协
level: district
type: sub-platform
parent: jishi
"""

CONSULTATION = """\
---
id: jining-2022-culture
title:
  zh: 推动“两创”工作走在前列
  en: Leading the way in cultural renewal
date: 2022-10-14
platform: jishi
format: standing-committee
stages:
  - stage: topic
    date: 2022-03
  - stage: research
    date: 2022-06-20
  - stage: meeting
    date: 2022-10-14
attachments:
  - title:
      zh: 会议纪要
    path: attachments/minutes.txt
---
会议围绕“两创”工作提出建议。
"""

CONSULTATION_EN = "The meeting made suggestions on cultural renewal.\n"

CODE_BLOCK = "\nRun:\n\n    shangliang build \\\n        --no-search\n\n\n    shangliang serve\n"
"""A Markdown code block whose lines are indented and whose blank line is kept: the page
must show it as written (``compact.py`` leaves ``<pre>`` alone)."""

UNIT = """\
id: jining-culture-bureau
name:
  zh: 济宁市文化和旅游局
  en: Jining Culture and Tourism Bureau
level: city
"""

PROPOSAL = """\
id: proposal-2023-001
title:
  zh: 关于加强文物保护的提案
date: 2023-01-05
proposers:
  type: individual
  names:
    - zh: 张三
registration:
  status: registered
units:
  lead:
    - jining-culture-bureau
reply:
  date: 2023-05-10
  outcome: adopted
consultation: jining-2022-culture
"""

OUTCOME = """\
id: culture-instruction
title:
  zh: 市委书记作出批示
concerns: jining-2022-culture
type: instruction
date: 2022-11
units:
  - jining-culture-bureau
"""

VALID_RECORDS: dict[str, str] = {
    "content/platforms/jishi.yml": PLATFORM,
    "content/platforms/rencheng.yml": SUB_PLATFORM,
    "content/consultations/jining-2022-culture.md": CONSULTATION,
    "content/consultations/jining-2022-culture.en.md": CONSULTATION_EN,
    "content/units/jining-culture-bureau.yml": UNIT,
    "content/proposals/proposal-2023-001.yml": PROPOSAL,
    "content/outcomes/culture-instruction.yml": OUTCOME,
    "content/attachments/minutes.txt": "Minutes.\n",
}
"""A valid project, as ``{path relative to the project root: file text}``."""


def edit(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced by ``new``; fails if ``old`` is not in it, so a broken
    fixture never passes for a valid one."""
    assert old in text, f"{old!r} not found"
    return text.replace(old, new)


def write_project(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` below ``root`` and return the project's ``content`` folder.

    Text is written as UTF-8 with ``\\n`` line ends; ``bytes`` are written as they are.
    """
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="\n")
    content = root / "content"
    content.mkdir(exist_ok=True)
    return content


def load_project(root: Path, files: dict[str, str | bytes]) -> Archive:
    """Write ``files`` below ``root`` and load the archive from it."""
    return load_archive(write_project(root, files))


def report_of(root: Path, files: dict[str, str | bytes]) -> list[str]:
    """The lines of the ``ContentError`` report that loading ``files`` must raise."""
    try:
        load_project(root, files)
    except ContentError as error:
        return error.report().split("\n")
    raise AssertionError("the archive loaded without a problem")


# --- Proposals in bulk, and the Shanwei 2022 figures ---------------------------------------

def proposal_yaml(
    proposal_id: str,
    *,
    date: str,
    lead: tuple[str, ...],
    co: tuple[str, ...] = (),
    outcome: str | None = None,
    reply_date: str | None = None,
    registered: str | None = None,
    assigned: str | None = None,
    platform: str | None = None,
    status: str = "registered",
) -> str:
    """The text of a proposal record: registered (on ``registered``), assigned to ``lead``
    and ``co`` (on ``assigned``) and, with ``outcome``, replied on ``reply_date``."""
    number = proposal_id.rsplit("-", 1)[-1]
    lines = [
        f"id: {proposal_id}",
        "title:",
        f"  zh: 关于第{number}项工作的提案",
        f"  en: Proposal on item {number}",
        f"number: '{number}'",
        f"date: {date}",
        "proposers:",
        "  type: individual",
        "  names:",
        f"    - zh: 委员{number}",
        "registration:",
        f"  status: {status}",
    ]
    if registered:
        lines.append(f"  date: {registered}")
    if status == "registered":
        lines += ["units:", "  lead:", *(f"    - {unit}" for unit in lead)]
        if co:
            lines += ["  co:", *(f"    - {unit}" for unit in co)]
        if assigned:
            lines.append(f"  assigned: {assigned}")
        if outcome:
            lines += ["reply:", f"  date: {reply_date}", f"  outcome: {outcome}"]
    if platform:
        lines.append(f"platform: {platform}")
    return "\n".join(lines) + "\n"


SHANWEI_PLATFORM = """\
id: shanwei-2plus2
name:
  zh: 汕尾市政协“2+2”协商平台
  en: The "2+2" consultation platform (Shanwei)
body:
  zh: 汕尾市政协
  en: Shanwei Municipal CPPCC Committee
level: city
"""

SHANWEI_UNITS = 33
SHANWEI_OUTCOMES = ("adopted",) * 96 + ("planned",) * 11 + ("multi-year",) * 1
"""Shanwei's published 2022 distribution: 108 registered proposals, all replied."""


def shanwei_reply_days(index: int) -> int:
    """Days from registration to reply of the ``index``-th fixture proposal (30 to 119)."""
    return 30 + (index * 7) % 90


def shanwei_2022_files() -> dict[str, str]:
    """108 registered proposals of 2022 on the Shanwei platform, led by 33 units, all
    replied: 96 adopted or solved, 11 planned, 1 multi-year. Registered on 1 March 2022;
    the ``index``-th was replied ``shanwei_reply_days(index)`` days later."""
    import datetime as dt

    files = {"content/platforms/shanwei-2plus2.yml": SHANWEI_PLATFORM}
    units = [f"shanwei-unit-{n:02d}" for n in range(1, SHANWEI_UNITS + 1)]
    for n, unit in enumerate(units, start=1):
        files[f"content/units/{unit}.yml"] = f"id: {unit}\nname:\n  zh: 汕尾市第{n}承办单位\n  en: Shanwei handling unit {n}\nlevel: city\n"
    registered = dt.date(2022, 3, 1)
    for index, outcome in enumerate(SHANWEI_OUTCOMES):
        proposal_id = f"shanwei-2022-{index + 1:03d}"
        reply = registered + dt.timedelta(days=shanwei_reply_days(index))
        files[f"content/proposals/{proposal_id}.yml"] = proposal_yaml(
            proposal_id, date="2022-01-10", registered=registered.isoformat(), assigned="2022-03-05",
            lead=(units[index % SHANWEI_UNITS],), outcome=outcome, reply_date=reply.isoformat(), platform="shanwei-2plus2",
        )
    return files


def search(page: Page, query: str) -> list[str]:
    """Type ``query`` into the header's search box; the addresses of the results shown."""
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    page.wait_for_function(
        "q => { const b = document.querySelector('[data-sl-search]'); return b.dataset.state === 'done' && b.dataset.query === q }",
        arg=query, timeout=20_000,
    )
    return page.locator(".sl-search__list a").evaluate_all("links => links.map(a => a.pathname)")


# --- Issue 14: activities, undated records, channels, organisations, outcome status ---------

CHANNELS_PLATFORM = PLATFORM + """\
channels:
  - id: micro-consultation
    name:
      zh: 微协商
      en: Micro-consultation
    summary:
      zh: 网上就小事协商。
      en: Small matters talked over online.
  - id: micro-suggestions
    name:
      zh: 微建议
      en: Micro-suggestions
"""

STATION = """\
id: rencheng-station
name:
  zh: 任城协商驿站
  en: Rencheng consultation station
body:
  zh: 任城区政协
level: township
type: station
parent: rencheng
"""

ORGANISATION = """\
id: entrepreneurs-alliance
name:
  zh: 委员企业家联盟
  en: Members' entrepreneurs alliance
type: alliance
platform: jishi
partners:
  - zh: 济宁学院
    en: Jining University
members:
  zh: 政协委员中的企业家
  en: Entrepreneurs among CPPCC members
founded: 2021-09
sources:
  - outlet:
      zh: 济宁日报
      en: Jining Daily
    date: 2022-05-01
"""

AWAITING = """\
---
id: jining-2023-awaiting
title:
  zh: 老旧小区加装电梯
  en: Lifts for old residential buildings
date: 2023-03-15
platform: rencheng
channel: micro-consultation
format: micro
organisations:
  - entrepreneurs-alliance
stages:
  - stage: meeting
    date: 2023-03-15
outcome_status: awaiting
outcome_note:
  zh: 来源称有关部门将研究办理。
  en: The source says the departments will study the suggestions.
public_input:
  people: 120
  posts: 340
  suggestions: 56
  excerpts:
    - name: 网友“港城人”
      text:
        zh: 希望加快审批。
        en: Asks for quicker approval.
      quote:
        zh: 电梯早一天装上，老人早一天下楼。
        en: The sooner the lift is in, the sooner the elderly get downstairs.
---
"""

MENTIONED = """\
id: jining-2023-mentioned
title:
  zh: 夜间经济
  en: The night-time economy
date: 2023-06-02
platform: jishi
format: forum
stages:
  - stage: meeting
outcome_status: mentioned
outcome_note:
  zh: 来源称建议得到市领导肯定。
"""

UNDATED_READING = """\
id: studio-reading
title:
  zh: 委员工作室读书会
  en: Members' studio reading group
activity: standing-practice
recurrence:
  zh: 每月一次
  en: once a month
platform: rencheng-station
channel: micro-suggestions
sources:
  - outlet:
      zh: 济宁新闻网
      en: Jining News
    date: 2023-08-20
"""

ISSUE14_RECORDS: dict[str, str] = {
    **VALID_RECORDS,
    "content/platforms/jishi.yml": CHANNELS_PLATFORM,
    "content/platforms/rencheng-station.yml": STATION,
    "content/organisations/entrepreneurs-alliance.yml": ORGANISATION,
    "content/consultations/2023/jining-2023-awaiting.md": AWAITING,
    "content/consultations/2023/jining-2023-mentioned.yml": MENTIONED,
    "content/consultations/undated/studio-reading.yml": UNDATED_READING,
}
"""``VALID_RECORDS`` with a platform's channels, a station, an organisation, a consultation
awaiting an outcome (with public input and a quoted excerpt), one whose outcome the source
mentions, and an undated standing practice with no stages (``jining-2022-culture`` has an
outcome; nothing else says anything of one)."""


def many_platforms(count: int) -> dict[str, str]:
    """``VALID_RECORDS`` with ``count`` more sub-platforms of jishi; the n-th holds n
    consultations (so the last ones have the most)."""
    files = dict(VALID_RECORDS)
    for n in range(1, count + 1):
        files[f"content/platforms/p-{n:02d}.yml"] = (
            f"id: p-{n:02d}\nname:\n  zh: 平台{n}\n  en: Platform {n}\nbody:\n  zh: 政协{n}\nlevel: district\n"
            "type: sub-platform\nparent: jishi\n"
        )
        for i in range(n):
            files[f"content/consultations/p{n:02d}-{i:02d}.yml"] = (
                f"id: p{n:02d}-{i:02d}\ntitle:\n  zh: 议题{n}-{i}\n  en: Topic {n}-{i}\ndate: 2021-{1 + i % 12:02d}-01\n"
                f"platform: p-{n:02d}\nformat: forum\nstages:\n  - stage: topic\n"
            )
    return files


# The sample archive's first proposal (it has none): a record of a kind that brings its
# section into the navigation of every page.
FIRST_PROPOSAL = """\
id: jining-2022-culture-first
title:
  zh: 关于建设文化街区的提案
  en: A proposal for a cultural quarter
number: "0001"
date: 2022-01-11
proposers:
  type: individual
  names:
    - zh: 张三
      en: Zhang San
registration:
  status: registered
units:
  lead:
    - jining-government
consultation: jining-2022-culture
sources:
  - outlet:
      zh: 示例来源
      en: Example source
    date: 2022-02
"""
