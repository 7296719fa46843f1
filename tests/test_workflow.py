"""The CI workflow: it tests, checks and builds on every change, deploys main to GitHub Pages,
rebuilds daily, and installs and tests with exactly the README's Quick start commands."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "site.yml"
ON_MAIN = "github.ref == 'refs/heads/main' && github.event_name != 'pull_request'"


def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def triggers() -> dict[str, Any]:
    parsed = workflow()
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True.
    return parsed.get("on", parsed.get(True))


def steps(job: str) -> list[dict[str, Any]]:
    return workflow()["jobs"][job]["steps"]


def commands(job: str) -> list[str]:
    return [step["run"].strip() for step in steps(job) if "run" in step]


def uses(job: str) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(job) if "uses" in step]


def quick_start() -> list[str]:
    """The commands in the README's Quick start block."""
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the Quick start has no ```sh block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def test_workflow_runs_on_every_push_and_pull_request() -> None:
    assert {"push", "pull_request"} <= set(triggers())
    assert triggers()["push"] is None or "branches" not in triggers()["push"]


def test_workflow_rebuilds_every_day() -> None:
    (schedule,) = triggers()["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*")
    assert minute.isdigit() and hour.isdigit()


def test_build_job_uses_python_311() -> None:
    (setup,) = [step for step in steps("build")
                if step.get("uses", "").startswith("actions/setup-python@")]
    assert str(setup["with"]["python-version"]) == "3.11"


def test_build_job_installs_and_tests_with_the_readme_quick_start() -> None:
    install_and_build, install_and_test = quick_start()
    assert install_and_test in commands("build")
    assert install_and_build in commands("build")


def test_build_job_tests_then_checks_then_builds_then_checks_the_built_site() -> None:
    install_and_build, install_and_test = quick_start()
    run = commands("build")
    order = [run.index(install_and_test), run.index(".venv/bin/site-builder check"),
             run.index(install_and_build), run.index(".venv/bin/site-builder check --built")]
    assert order == sorted(order)


def test_build_job_refreshes_partner_news_from_a_kept_cache_before_building() -> None:
    install_and_build, _install_and_test = quick_start()
    run = commands("build")
    assert run.index(".venv/bin/site-builder feeds refresh") < run.index(install_and_build)
    (cache,) = [step for step in steps("build") if step.get("uses", "").startswith(
        "actions/cache@") and step["with"]["path"] == ".cache/feeds"]
    assert steps("build").index(cache) < [s.get("run", "").strip() for s in
                                          steps("build")].index(
        ".venv/bin/site-builder feeds refresh")


def test_build_job_keeps_the_resized_pictures_between_runs() -> None:
    install_and_build, _install_and_test = quick_start()
    (cache,) = [step for step in steps("build") if step.get("uses", "").startswith(
        "actions/cache@") and step["with"]["path"] == ".cache/images"]
    assert steps("build").index(cache) < [s.get("run", "").strip() for s in
                                          steps("build")].index(install_and_build)


def test_build_job_hands_the_built_site_to_pages_only_from_main() -> None:
    (upload,) = [step for step in steps("build")
                 if step.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload["with"]["path"].rstrip("/") == "site"
    assert upload["if"] == ON_MAIN


def test_deploy_job_publishes_main_with_the_official_pages_actions() -> None:
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == ON_MAIN
    assert uses("deploy") == ["actions/configure-pages", "actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_deploys_never_overlap_or_stop_halfway() -> None:
    concurrency = workflow()["jobs"]["deploy"]["concurrency"]
    assert concurrency == {"group": "pages", "cancel-in-progress": False}


def test_workflow_token_can_only_read_by_default() -> None:
    assert workflow()["permissions"] == {"contents": "read"}


def test_ci_script_installs_the_browser_and_the_pinned_npm_packages_before_testing() -> None:
    script = (REPO / ".ci" / "run").read_text("utf-8")
    _, install_and_test = quick_start()
    assert "apt-get install" in script and "chromium" in script
    assert "npm ci --prefix tests/axe" in script
    assert "npm ci --prefix tests/commonmark" in script
    assert script.index("npm ci") < script.index("pytest")
    assert script.rstrip().endswith(install_and_test.replace("pip install", "pip install -q"))


LOCK = REPO / "requirements.lock"


def locked_versions() -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", LOCK.read_text("utf-8"), re.M)
    return {canonicalize_name(name): version for name, version in pins}


def test_build_job_installs_the_locked_versions_before_the_quick_start() -> None:
    install_and_build, install_and_test = quick_start()
    run = commands("build")
    (locked,) = [command for command in run if "requirements.lock" in command]
    assert "--require-hashes" in locked
    assert run.index(locked) < run.index(install_and_test) < run.index(install_and_build)


def test_lock_file_pins_every_dependency_within_the_ranges_of_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    pins = locked_versions()
    for line in wanted:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock: regenerate it"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]}, outside {requirement.specifier}")
