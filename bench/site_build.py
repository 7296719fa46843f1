"""Benchmark: building and previewing a large site, against plain MkDocs with Material's blog.

For each size, on one generated site (bench/sitegen.py: N posts, Dutch and English, and a
hundred other pages), in one run, each measured `--runs` times (median), interleaved so that
every kind sees the same load on the machine:

- anchor: a plain `mkdocs build` of the same pages and posts with Material's blog plugin,
  one project per language (the blog plugin does not handle two languages in one build);
- cold: `site-builder build` without a build cache (`.cache/build/` removed first);
- first after cold: `site-builder build` after one post changed, right after the cold build
  (the cache present, but no site replaced before it: every folder is made);
- warm: `site-builder build` after one more post changed, as in a session of editing: the
  cache and the replaced site (`.site.spare/`) of the builds before it are there;
- serve: `site-builder serve` running, the time from saving a post (a sentence appended) to
  the served page showing it, polled every 10 ms;
- newsletter (one size): `site-builder newsletter build` of an issue, the whole command and
  the build alone (reading the content, rendering, inlining, checking) in one process, with
  the content as the last command left it and after a post changed.

Wall time, and peak memory of the largest process (each command runs in a fresh process;
its peak is what `wait4` reports for it and the processes it waited for).

Targets (issue 14): cold <= 0.3 x anchor with no more peak memory than the anchor's largest
process; warm <= 0.05 x anchor; save to fresh page in serve under 1 s; a newsletter issue
built in under 0.5 s; on the 1,000-post site.

Run from the repository root, on a quiet machine (other work skews the figures):

    .venv/bin/python bench/site_build.py                     # 200, 1,000 and 3,000 posts
    .venv/bin/python bench/site_build.py --posts 200 --runs 1  # a quick look

Results are appended to bench/RESULTS.md with the machine, the command and the load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results import append_results, hardware_line, machine_line  # noqa: E402
from sitegen import CLOCK, Generated, anchor_site, generate_site  # noqa: E402

BIN = Path(sys.executable).parent
NEWSLETTER_SIZE = 1000
# Every command runs from compiled bytecode, as on a user's machine (`pip install` compiles
# what it installs; Python caches the rest on first import): a shell that forbids writing
# it would time compiling MkDocs and site_builder again on every run instead.
ENV = {**{name: value for name, value in os.environ.items()
          if name != "PYTHONDONTWRITEBYTECODE"},
       "SITE_BUILDER_NOW": CLOCK, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu: float = 0.0  # user + system seconds of the command and the processes it waited for


@dataclass
class Kind:
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(run.cpu for run in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(run.peak_mb for run in self.runs)


def measure(command: list[str], cwd: Path) -> Run:
    """One command in a fresh process: its wall time and the peak memory of its largest
    process (its own or a child's it waited for)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL,
                                   stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{errors.read().decode()}")
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def anchor_run(configs: list[Path]) -> Run:
    runs = [measure([str(BIN / "mkdocs"), "build", "-q"], config.parent) for config in configs]
    return Run(sum(r.seconds for r in runs), max(r.peak_mb for r in runs),
               sum(r.cpu for r in runs))


def build(site: Path) -> Run:
    return measure([str(BIN / "site-builder"), "build"], site)


def cold_run(site: Path) -> Run:
    shutil.rmtree(site / ".cache" / "build", ignore_errors=True)
    shutil.rmtree(site / "site", ignore_errors=True)
    return build(site)


def edit(post: Path, words: str) -> None:
    with post.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{words}\n")


def post_addresses(site: Path, posts: list[Path]) -> dict[Path, str]:
    """Where each post is published, from the content model."""
    from site_builder.config import load_config
    from site_builder.loader import load_content
    from site_builder.problems import Problems

    config = load_config(site / "mkdocs.yml")
    content = load_content(config.content_dir, config.languages, "content", Problems())
    by_source = {item.source: item for item in content.items}
    return {post: content.site_url_of(by_source[post.relative_to(config.content_dir)
                                                 .as_posix()]) for post in posts}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def serve_runs(site: Path, posts: list[Path], runs: int) -> tuple[Kind, float, float]:
    """Save-to-served latency for `runs` edits; also the time to the first page, and the
    preview's peak memory."""
    addresses = post_addresses(site, posts)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen([str(BIN / "site-builder"), "serve", "--port", str(port)],
                                   cwd=site, env=ENV, stdout=log, stderr=subprocess.STDOUT)
        while "<html" not in fetch(base):
            if process.poll() is not None:
                log.seek(0)
                raise SystemExit(f"serve stopped:\n{log.read().decode()}")
            time.sleep(0.05)
        first_page = time.perf_counter() - started
        kind = Kind()
        for number, post in enumerate(posts[:runs]):
            words = f"Bewerking {number} voor de meting {time.time_ns()}."
            url = base + addresses[post]
            edit(post, words)
            saved = time.perf_counter()
            while words not in fetch(url):
                time.sleep(0.01)
            kind.runs.append(Run(time.perf_counter() - saved, 0))
            time.sleep(1)  # let the preview settle before the next save
        process.terminate()
        _, _, usage = os.wait4(process.pid, 0)
    return kind, first_page, usage.ru_maxrss / 1024


def newsletter(made: Generated, post: Path) -> tuple[Run, float, float]:
    """The command, and the build alone in one process (as bench/newsletter.py measures):
    once with the content as the command left it, once after `post` changed (then the last
    check of the content cannot be used again)."""
    assert made.issue is not None
    out = tempfile.mkdtemp(prefix="bench-newsletter-")
    command = measure([str(BIN / "site-builder"), "newsletter", "build", str(made.issue),
                       "--out", out], made.root)
    code = (
        "import time, sys\n"
        "from pathlib import Path\n"
        "from site_builder.cli import system_clock\n"
        "from site_builder.config import load_config\n"
        "from site_builder.newsletter.build import prepare_issue\n"
        "config = load_config(Path('mkdocs.yml'))\n"
        "started = time.perf_counter()\n"
        f"prepare_issue(config, Path({str(made.issue)!r}), system_clock())\n"
        "print(time.perf_counter() - started)\n")

    def inside() -> float:
        run = subprocess.run([sys.executable, "-c", code], cwd=made.root, env=ENV, check=True,
                             capture_output=True, text=True)
        return float(run.stdout.strip().splitlines()[-1])

    unchanged = inside()
    edit(post, f"Nog een bewerking {time.time_ns()}.")
    changed = inside()
    shutil.rmtree(out, ignore_errors=True)
    return command, unchanged, changed


def load() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def ratio(value: float, anchor: float) -> str:
    return f"{value / anchor:.3f}×"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def one_size(posts: int, runs: int, work: Path) -> list[str]:
    load_before = load()
    made = generate_site(work / f"site-{posts}", posts)
    configs = anchor_site(made.root, work / f"anchor-{posts}")
    published = [p for p in made.posts if "draft: true" not in p.read_text("utf-8")]
    anchor, cold, first, warm = Kind(), Kind(), Kind(), Kind()
    for number in range(runs):
        anchor.runs.append(anchor_run(configs))
        cold.runs.append(cold_run(made.root))
        edit(published[2 * number], f"Een nieuwe zin voor de eerste warme bouw {number}.")
        first.runs.append(build(made.root))
        edit(published[2 * number + 1], f"Een nieuwe zin voor de warme bouw {number}.")
        warm.runs.append(build(made.root))
    serve, first_page, serve_peak = serve_runs(made.root, published[2 * runs:], runs)
    lines = [
        f"### {posts:,} posts ({len(made.posts) + 100:,} content files, both languages)",
        "",
        f"Load average before: {load_before}; after: {load()}.",
        "",
        "| | wall time (median of " + f"{runs}) | ratio to the anchor | CPU time | "
        "CPU ratio | peak memory |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| anchor: `mkdocs build` + Material's blog (nl, then en) | {anchor.seconds:.2f} s | "
        f"1 | {anchor.cpu:.2f} s | 1 | {anchor.peak_mb:.0f} MiB |",
        f"| `site-builder build`, cold (no cache) | {cold.seconds:.2f} s | "
        f"{ratio(cold.seconds, anchor.seconds)} | {cold.cpu:.2f} s | "
        f"{ratio(cold.cpu, anchor.cpu)} | {cold.peak_mb:.0f} MiB |",
        f"| `site-builder build`, first after cold (one post changed) | {first.seconds:.2f} s "
        f"| {ratio(first.seconds, anchor.seconds)} | {first.cpu:.2f} s | "
        f"{ratio(first.cpu, anchor.cpu)} | {first.peak_mb:.0f} MiB |",
        f"| `site-builder build`, warm (one post changed) | {warm.seconds:.2f} s | "
        f"{ratio(warm.seconds, anchor.seconds)} | {warm.cpu:.2f} s | "
        f"{ratio(warm.cpu, anchor.cpu)} | {warm.peak_mb:.0f} MiB |",
        f"| `site-builder serve`: save to fresh page | {serve.seconds:.2f} s | | | | "
        f"{serve_peak:.0f} MiB |",
        "",
        f"- every run (s): anchor {[round(r.seconds, 2) for r in anchor.runs]}, cold "
        f"{[round(r.seconds, 2) for r in cold.runs]}, first after cold "
        f"{[round(r.seconds, 2) for r in first.runs]}, warm "
        f"{[round(r.seconds, 2) for r in warm.runs]}, serve "
        f"{[round(r.seconds, 2) for r in serve.runs]}; serve's first page after "
        f"{first_page:.1f} s (a cold build)",
        f"- cold ≤ 0.3× anchor: {verdict(cold.seconds <= 0.3 * anchor.seconds)}; "
        f"peak memory ≤ anchor's: {verdict(cold.peak_mb <= anchor.peak_mb)}; "
        f"warm ≤ 0.05× anchor: {verdict(warm.seconds <= 0.05 * anchor.seconds)} (first "
        f"after cold: {verdict(first.seconds <= 0.05 * anchor.seconds)}); "
        f"save to fresh page < 1 s: {verdict(serve.seconds < 1)}",
    ]
    if posts == NEWSLETTER_SIZE:
        command, unchanged, changed = newsletter(made, made.posts[0])
        lines.append(f"- newsletter issue (`{made.issue.relative_to(made.root)}`): the build "
                     f"in one process {unchanged:.2f} s with the content as the last command "
                     f"left it, {changed:.2f} s after a post changed; the whole command "
                     f"{command.seconds:.2f} s (peak {command.peak_mb:.0f} MiB); under 0.5 s: "
                     f"build {verdict(unchanged < 0.5)} (after a change "
                     f"{verdict(changed < 0.5)}), command {verdict(command.seconds < 0.5)}")
    return [*lines, ""]


def compile_bytecode() -> None:
    """Bytecode for the installed packages and site_builder, made before any timing."""
    import compileall
    import site
    import sysconfig

    folders = {sysconfig.get_paths()["purelib"], *site.getsitepackages(),
               str(ROOT / "site_builder")}
    for folder in sorted(folders):
        compileall.compile_dir(folder, quiet=2, workers=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[200, 1000, 3000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the sites here and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-site-"))
    compile_bytecode()
    command = " ".join(["bench/site_build.py", *sys.argv[1:]])
    lines = [f"## Site builds: site-builder against MkDocs + Material's blog "
             f"({datetime.now():%Y-%m-%d})", "", machine_line(),
             hardware_line(), f"- command: `.venv/bin/python {command}`",
             "- every command runs from compiled bytecode, as installed by pip", ""]
    try:
        for posts in args.posts:
            lines += one_size(posts, args.runs, work)
            print("\n".join(lines[-15:]), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    append_results(lines)


if __name__ == "__main__":
    main()
