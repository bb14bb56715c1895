"""Write tiny projects from strings, Lektor-style, for tests of every layer.

``write_project(tmp_path, files)`` writes each ``{relative path: text}`` under
``tmp_path`` and returns ``tmp_path / "content"``. ``VALID_RECORDS`` is the smallest
archive with one record of every type (a platform, a sub-platform, a bilingual Markdown
consultation, a unit, a proposal and an outcome) that loads without a problem; tests copy
it with ``dict(VALID_RECORDS)`` and replace one file to break it.
"""

from __future__ import annotations

from pathlib import Path

from shangliang.archive import Archive, load_archive
from shangliang.errors import ContentError

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
