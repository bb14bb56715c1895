"""How long ``shangliang import`` takes on a proposal-handling system's export:
``python benchmarks/importing.py [--rows 10000] [--keep DIR]``.

Writes an .xlsx of N proposal rows with the usual Chinese headers (a title row merged
across, date cells and dates as text, 40 handling units by name, a quarter of the rows
replied), imports it into a new archive (``shangliang init``), validates the archive, then
imports the same file again (every record unchanged) and a changed export (one row in ten
replied since). Prints the seconds of each step and the largest process's memory. The goal
(issue #17): import and validate 10,000 rows in under 30 s on the reference machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

HEADERS = ["序号", "案号", "案由", "提案人", "类别", "提交日期", "立案日期", "主办单位", "协办单位", "答复日期", "答复类别", "办理状态"]
UNITS = [f"市{name}" for name in (
    "发展和改革委员会", "教育局", "科技局", "工业和信息化局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
    "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水务局", "农业农村局", "商务局", "文化和旅游局",
    "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "林业局",
    "城市管理局", "体育局", "信访局", "地方金融监督管理局", "数据局", "机关事务管理局", "供销社", "总工会", "团市委",
    "妇联", "残联", "科协", "侨联", "工商联", "红十字会",
)]
TOPICS = ("加强文物保护", "改善城市交通", "推进社区养老", "发展乡村旅游", "优化营商环境", "提升基础教育", "保护海洋生态", "促进就业创业")
NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴婷")


def write_export(path: Path, rows: int, replied_share: float) -> None:
    """The export of ``rows`` proposals, ``replied_share`` of them replied: the same rows at
    any share but for the replies, as a later export of the same system."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "提案办理情况"
    sheet.append(["某市政协提案办理情况一览表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append(HEADERS)
    for n in range(1, rows + 1):
        rng = random.Random(n)
        year = 2015 + n * 10 // rows
        submitted = dt.datetime(year, 1, 1) + dt.timedelta(days=rng.randrange(60))
        registered = (submitted + dt.timedelta(days=14)).strftime("%Y/%m/%d")
        replied = random.Random(-n).random() < replied_share
        reply = (submitted + dt.timedelta(days=120)).strftime("%Y年%m月%d日") if replied else None
        co = "、".join(rng.sample(UNITS, rng.randrange(3))) or None
        sheet.append([
            n, f"{n:05d}", f"关于{rng.choice(TOPICS)}的提案（{n}）", "、".join(rng.sample(NAMES, rng.randrange(1, 3))), "社会",
            submitted, registered, rng.choice(UNITS), co, reply, rng.choice("ABC") if replied else None, "已办复" if replied else "办理中",
        ])
    book.save(path)


def run(args: list[str], cwd: Path) -> tuple[float, int, str]:
    """Seconds, exit status and output of one command; with its peak memory in MiB printed by
    the child itself through ``resource`` where the platform has it."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "shangliang.cli", *args], cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - started, result.returncode, (result.stdout + result.stderr).strip()


def peak_mib() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build the archive here and keep it (default: a temporary folder)")
    options = parser.parse_args()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="shangliang-import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    first, second = folder / "export-1.xlsx", folder / "export-2.xlsx"
    started = time.perf_counter()
    write_export(first, options.rows, 0.25)
    write_export(second, options.rows, 0.35)
    print(f"wrote two exports of {options.rows} rows in {time.perf_counter() - started:.1f} s ({first.stat().st_size / 1e6:.1f} MB each)")
    archive = folder / "archive"
    subprocess.run([sys.executable, "-m", "shangliang.cli", "init", str(archive)], check=True, capture_output=True)
    steps = [
        ("import (new)", ["import", str(first), "--type", "proposal"]),
        ("validate", ["validate"]),
        ("import again (unchanged)", ["import", str(first), "--type", "proposal"]),
        ("import changed export", ["import", str(second), "--type", "proposal"]),
        ("validate", ["validate"]),
    ]
    times = []
    for name, command in steps:
        seconds, code, output = run(command, archive)
        times.append(seconds)
        last = output.splitlines()[-1] if output else ""
        if code != 0:
            print(f"{name}: exit {code}\n{output[-2000:]}")
            return 1
        summary = next((line for line in output.splitlines() if line.startswith(("Wrote", "OK"))), last)
        print(f"{name:<26} {seconds:6.1f} s   {summary[:110]}")
    print(f"import + validate of {options.rows} rows: {times[0] + times[1]:.1f} s (goal: under 30 s at 10,000)")
    print(f"largest process: {peak_mib():.0f} MiB")
    print(f"cpu count: {os.cpu_count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
