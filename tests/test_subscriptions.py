"""The subscription service, run as `site-builder subscriptions serve` and driven over real
HTTP on 127.0.0.1: sign-up, confirmation, one-click unsubscribe, and what it refuses."""

from __future__ import annotations

import email
import email.policy
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pytest

from site_builder.sending.tokens import UnsubscribeToken, sign_unsubscribe
from site_builder.subscribers.store import open_store

from .conftest import Result
from .sending_fixtures import (
    SECRET,
    add_subscribers,
    copy_newsletter_project,
    subprocess_environment,
)
from .smtp_server import SmtpServer, free_port

PUBLIC = "https://www.zelfwijs.example"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Service:
    base: str
    data: Path
    project: Path
    output: str = ""  # what the service printed, once it stopped

    def request(self, path: str, form: dict[str, str] | None = None,
                method: str | None = None, headers: dict[str, str] | None = None) -> Reply:
        """`path` may be a public address of the service: only its path is used."""
        parts = urllib.parse.urlsplit(path)
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + parts.path, data=body, method=method,
                                         headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, dict(response.headers),
                             response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read().decode("utf-8"))

    def sign_up(self, address: str, forwarded_for: str | None = None, **fields: str) -> Reply:
        return self.request("/aanmelden/", {"email": address, "name": "", "lang": "nl",
                                            "list": "external", "website": "", **fields},
                            headers={"X-Forwarded-For": forwarded_for} if forwarded_for
                            else None)

    def outbox(self) -> list[EmailMessage]:
        folder = self.data / "outbox"
        files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
        return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                for p in files]  # type: ignore[misc]

    def confirmation_link(self, address: str) -> str:
        [mail] = [m for m in self.outbox() if m["To"] == address]
        found = re.search(r"https://\S+/confirm/\S+", mail.get_content())
        assert found is not None
        return found.group(0)

    def members(self) -> list[str]:
        with open_store(self.data) as store:
            return [m["email"] for m in store.members("external") if m["status"] == "active"]


LIMITS = "        signup_limits: {per_client: 10, per_hour: 100}\n"
PROXIES = '        trusted_proxies: [127.0.0.1, "::1"]\n'


@contextmanager
def running_service(root: Path, limits: str = LIMITS, proxies: str = PROXIES
                    ) -> Iterator[Service]:
    """`site-builder subscriptions serve` in a copy of the project, with these settings."""
    project = copy_newsletter_project(root)
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert LIMITS in text and PROXIES in text  # the shipped settings, replaced here
    config.write_text(text.replace(LIMITS, limits).replace(PROXIES, proxies), "utf-8")
    data = root / "data"
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "subscriptions", "serve", "--port", str(port)],
        cwd=project, env=subprocess_environment(data), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    running = Service(f"http://127.0.0.1:{port}", data, project)
    try:
        # Generous: on a busy machine the first import of the web stack alone takes seconds.
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if running.request("/afmelden/").status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            process.kill()
            pytest.fail(f"the service did not start: {process.communicate()[0]}")
        yield running
    finally:
        process.terminate()
        running.output = process.communicate(timeout=20)[0]
        # Not even the service's own output names an address.
        assert "@example.org" not in running.output, running.output


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    # Far above what these tests sign up from 127.0.0.1: the limits have tests of their own.
    with running_service(tmp_path_factory.mktemp("service"),
                         limits="        signup_limits: {per_client: 1000, per_hour: 1000}\n"
                         ) as running:
        yield running


def test_sign_up_confirm_unsubscribe_and_the_next_send_skips_the_address(
    service: Service, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = service.sign_up("nieuw@example.org", name="Nieuw Lid")
    assert asked.status == 200 and "Kijk in je mailbox" in asked.body
    assert "nieuw@example.org" not in service.members()  # not before confirming
    link = service.confirmation_link("nieuw@example.org")
    assert link.startswith(f"{PUBLIC}/aanmelden/confirm/")

    page = service.request(link)
    assert page.status == 200 and '<form method="post">' in page.body
    assert "nieuw@example.org" not in service.members()  # opening the link changes nothing
    confirmed = service.request(link, {})
    assert confirmed.status == 200 and "Je bent aangemeld" in confirmed.body
    assert "nieuw@example.org" in service.members()
    with open_store(service.data) as store:
        [member] = [m for m in store.members("external") if m["email"] == "nieuw@example.org"]
    assert member["name"] == "Nieuw Lid"
    assert member["consent_source"].startswith("sign-up form with double opt-in: asked ")

    # The first newsletter carries a personal one-click unsubscribe link (RFC 8058).
    monkeypatch.setenv("SITE_BUILDER_DATA", str(service.data))
    monkeypatch.setenv("SITE_BUILDER_SECRET", SECRET)
    add_subscribers(service.data, 1, prefix="blijft")
    with SmtpServer() as first:
        monkeypatch.setenv("SITE_BUILDER_SMTP_URL", first.url)
        assert run(service.project, "newsletter", "send", "newsletters/2026-09-extern.md",
                   "--list", "external").code == 0
    [mail] = [r.message for r in first.handler.received if r.recipient == "nieuw@example.org"]
    unsubscribe = re.findall(r"<(https://[^>]+)>", mail["List-Unsubscribe"])[0]
    assert service.request(unsubscribe).status == 200  # the page with the button
    assert "nieuw@example.org" in service.members()
    done = service.request(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert done.status == 200 and "Je bent afgemeld" in done.body
    assert "nieuw@example.org" not in service.members()

    with SmtpServer() as second:
        monkeypatch.setenv("SITE_BUILDER_SMTP_URL", second.url)
        result = run(service.project, "newsletter", "send", "newsletters/2026-11-extern.md",
                     "--list", "external")
    assert result.code == 0
    recipients = {r.recipient for r in second.handler.received}
    assert "blijft0000@example.org" in recipients and "nieuw@example.org" not in recipients


def test_sign_up_answers_the_same_whether_or_not_the_address_is_known(
    service: Service
) -> None:
    add_subscribers(service.data, 1, prefix="bekend")
    known = service.sign_up("bekend0000@example.org")
    unknown = service.sign_up("onbekend@example.org")
    assert (known.status, known.body) == (unknown.status, unknown.body)


def test_unsubscribe_answers_the_same_whether_or_not_the_address_is_known(
    service: Service
) -> None:
    add_subscribers(service.data, 1, prefix="lid")
    with open_store(service.data) as store:
        hashes = [store.hash("lid0000@example.org"), store.hash("nooit@example.org")]
    replies = [service.request("/afmelden/" + sign_unsubscribe(
        SECRET.encode(), UnsubscribeToken("external", "nl", h)), {"List-Unsubscribe":
                                                                  "One-Click"})
               for h in hashes]
    assert replies[0].status == replies[1].status == 200
    assert replies[0].body == replies[1].body
    assert "lid0000@example.org" not in service.members()


def test_forged_and_altered_unsubscribe_tokens_are_refused(service: Service) -> None:
    add_subscribers(service.data, 1, prefix="veilig")
    with open_store(service.data) as store:
        hashed = store.hash("veilig0000@example.org")
    real = sign_unsubscribe(SECRET.encode(), UnsubscribeToken("external", "nl", hashed))
    forged = sign_unsubscribe(b"not-the-key" * 4, UnsubscribeToken("external", "nl", hashed))
    altered = real.replace("external", "internal", 1)
    for token in (forged, altered, real[:-2], "nonsense"):
        for form in (None, {"List-Unsubscribe": "One-Click"}):
            reply = service.request("/afmelden/" + token, form)
            assert reply.status == 400 and "niet geldig" in reply.body, token
    assert "veilig0000@example.org" in service.members()


def test_forged_and_altered_confirmation_links_are_refused(service: Service) -> None:
    service.sign_up("twijfel@example.org")
    link = service.confirmation_link("twijfel@example.org")
    altered = link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb")
    for bad in (altered, f"{PUBLIC}/aanmelden/confirm/made-up-token"):
        assert service.request(bad, {}).status == 400
    assert "twijfel@example.org" not in service.members()


def test_the_honeypot_field_stops_bots_without_telling_them(service: Service) -> None:
    before = len(service.outbox())
    reply = service.sign_up("bot@example.org", website="https://spam.example")
    assert reply.status == 200 and "Kijk in je mailbox" in reply.body
    assert len(service.outbox()) == before
    with open_store(service.data) as store:
        assert store.export("bot@example.org")["pending_signups"] == []


def test_a_second_sign_up_within_minutes_mails_no_second_link(service: Service) -> None:
    service.sign_up("dubbel@example.org")
    again = service.sign_up("dubbel@example.org")
    assert again.status == 200
    assert len([m for m in service.outbox() if m["To"] == "dubbel@example.org"]) == 1


def test_an_invalid_address_gets_the_form_back_with_the_reason(service: Service) -> None:
    reply = service.sign_up("geen-adres", lang="en")
    assert reply.status == 400
    assert 'role="alert">This is not an email address we can send to' in reply.body
    assert '<html lang="en">' in reply.body


def test_nobody_signs_up_for_the_internal_list_from_outside(service: Service) -> None:
    reply = service.sign_up("buiten@example.org", list="internal")
    assert reply.status == 400
    assert not [m for m in service.outbox() if m["To"] == "buiten@example.org"]


def test_pages_set_no_cookies_and_load_nothing(service: Service) -> None:
    for reply in (service.request("/aanmelden/"), service.request("/afmelden/"),
                  service.sign_up("koekje@example.org")):
        assert reply.status == 200
        assert "set-cookie" not in {k.lower() for k in reply.headers}
        assert "default-src 'none'" in reply.headers["content-security-policy"]
        assert reply.headers["referrer-policy"] == "no-referrer"
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", reply.body)


def test_a_typed_name_is_cleaned_and_never_repeated_in_the_confirmation_mail(
    service: Service
) -> None:
    typed = "Gratis prijs op https://kwaad.example/win\r\nBcc: x@example.org\t" + "!" * 300
    assert service.sign_up("naam@example.org", name=typed).status == 200
    [mail] = [m for m in service.outbox() if m["To"] == "naam@example.org"]
    body = mail.get_content()
    assert "kwaad.example" not in body and "Gratis" not in body and body.startswith("Hallo,")
    assert mail["Bcc"] is None
    link = service.confirmation_link("naam@example.org")
    assert service.request(link, {}).status == 200
    with open_store(service.data) as store:
        [member] = [m for m in store.members("external") if m["email"] == "naam@example.org"]
    assert member["name"] == ("Gratis prijs op https://kwaad.example/win Bcc: x@example.org "
                              + "!" * 300)[:100]


def confirmations(service: Service) -> int:
    return len(service.outbox())


def test_sixty_sign_ups_from_one_visitor_get_the_same_page_and_only_the_limit_in_mails(
    tmp_path: Path
) -> None:
    limits = "        signup_limits: {per_client: 5, per_hour: 12}\n"
    with running_service(tmp_path, limits=limits) as service:
        # Behind the proxy on 127.0.0.1: the visitor is the one X-Forwarded-For names.
        replies = [service.sign_up(f"vloed{n}@example.org", forwarded_for="203.0.113.7")
                   for n in range(60)]
        one_visitor = confirmations(service)
        others = [service.sign_up(f"ander{n}@example.org", forwarded_for=f"198.51.100.{n}")
                  for n in range(10)]
        in_all = confirmations(service)
    assert {(r.status, r.body) for r in replies + others} == {(replies[0].status,
                                                                replies[0].body)}
    assert replies[0].status == 200 and "Kijk in je mailbox" in replies[0].body
    assert one_visitor == 5
    assert in_all == 12  # 5 + 7 more, then the hourly limit for everyone
    assert "Sign-up limit reached (5 confirmation mails an hour per visitor)" in service.output
    assert "Sign-up limit reached (12 confirmation mails an hour in all)" in service.output
    assert "203.0.113.7" not in service.output


def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(tmp_path: Path) -> None:
    limits = "        signup_limits: {per_client: 3, per_hour: 100}\n"
    with running_service(tmp_path, limits=limits,
                         proxies="        trusted_proxies: [192.0.2.1]\n") as service:
        for n in range(8):  # each claiming another visitor: all come from 127.0.0.1
            assert service.sign_up(f"spoof{n}@example.org",
                                   forwarded_for=f"198.51.100.{n}").status == 200
        assert confirmations(service) == 3


def test_plus_addressed_variants_of_one_mailbox_get_one_mail(service: Service) -> None:
    before = confirmations(service)
    variants = [f"doelwit+{n}@example.org" for n in range(30)]
    variants += ["Doelwit@example.org", "DOELWIT+x@Example.org"]
    for n, address in enumerate(variants):
        assert service.sign_up(address, forwarded_for=f"198.51.100.{n}").status == 200
    assert confirmations(service) == before + 1


def test_the_service_refuses_to_start_with_a_guessable_secret(tmp_path: Path) -> None:
    project = copy_newsletter_project(tmp_path)
    environ = subprocess_environment(tmp_path / "data")
    for weak in ("x" * 40, "correct horse battery staple correct horse"):
        environ["SITE_BUILDER_SECRET"] = weak
        done = subprocess.run(
            [sys.executable, "-m", "site_builder", "subscriptions", "serve", "--port",
             str(free_port())], cwd=project, env=environ, capture_output=True, text=True,
            timeout=60)
        assert done.returncode == 1
        assert "SITE_BUILDER_SECRET: error: SITE_BUILDER_SECRET is not safe" in done.stderr
        assert "secrets.token_urlsafe(32)" in done.stderr
        assert "Traceback" not in done.stderr
