"""A real HTTP server on 127.0.0.1 for the feed tests, and sample feeds in every format.

The server answers conditional GETs (ETag, Last-Modified) with 304 like a real one, can
hang on a path until the test ends, and records every request and its status.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

HANG_LIMIT = 30.0  # a hanging route gives up by itself, so no test can leave it behind


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    hang: bool = False
    drip: bool = False  # headers at once, then the body a byte at a time, never complete
    location: str | None = None


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    status: int | None = None


@dataclass
class FeedServer:
    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def start(self) -> FeedServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()})
                server.seen.append(seen)
                route = server.routes.get(self.path)
                if route is None:
                    route = Route(b"not here", "text/plain", 404)
                if route.hang:
                    server.release.wait(HANG_LIMIT)
                    return
                fresh = (route.etag and seen.headers.get("if-none-match") == route.etag) or (
                    route.last_modified
                    and seen.headers.get("if-modified-since") == route.last_modified)
                seen.status = 304 if fresh and route.status == 200 else route.status
                self.send_response(seen.status)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)
                if route.location:
                    self.send_header("Location", route.location)
                if seen.status == 304:
                    self.end_headers()
                    return
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                if route.drip:
                    self.drip(route.body)
                else:
                    self.wfile.write(route.body)

            def drip(self, body: bytes) -> None:
                try:
                    for byte in body:
                        if server.release.wait(0.1):
                            return
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                except OSError:  # the client gave up, as it should
                    return

        class Server(ThreadingHTTPServer):
            # The default backlog of 5 drops simultaneous connections for a second (a TCP
            # retry), longer than the 1 s timeouts the tests use; a real server has more.
            request_queue_size = 128

        self.httpd = Server(("127.0.0.1", 0), Handler)  # port 0: a free port
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def add(self, path: str, body: str | bytes, content_type: str = Route.content_type,
            **options: Any) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, content_type, **options)
        return self.url(path)

    def hang(self, path: str) -> str:
        self.routes[path] = Route(hang=True)
        return self.url(path)

    def requests_for(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


def serve() -> Iterator[FeedServer]:
    """For a fixture: `yield from serve()`."""
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.stop()


def set_feeds(project: Path, feeds: list[dict[str, Any]], timeout: float = 1.0) -> None:
    """Point the project's mkdocs.yml at these feeds (the copy in tmp_path, not the repo's)."""
    config_file = project / "mkdocs.yml"
    raw = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    for entry in raw["plugins"]:
        if isinstance(entry, dict) and "site_builder" in entry:
            entry["site_builder"]["feeds"] = feeds
            entry["site_builder"]["feeds_timeout"] = timeout
    config_file.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")


# -- sample feeds, one per format -------------------------------------------------------

RSS_091 = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel>
<title>Wijkteam Noord</title><link>https://wijkteam-noord.example/</link>
<description>Nieuws</description><language>nl</language>
<item><title>Inloopspreekuur in de bibliotheek</title>
<link>https://wijkteam-noord.example/nieuws/inloop</link>
<description>Elke dinsdag van 10 tot 12 uur.</description></item>
</channel></rss>"""

RSS_092 = """<?xml version="1.0"?>
<rss version="0.92"><channel>
<title>Buurthuis De Linde</title><link>https://delinde.example/</link>
<description>Nieuws</description>
<item><title>Repair caf&#233; weer open</title>
<link>https://delinde.example/repair-cafe</link>
<description>&lt;p&gt;Breng je &lt;b&gt;kapotte&lt;/b&gt; spullen mee.&lt;/p&gt;</description>
</item>
</channel></rss>"""

RSS_10 = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://kennisbank.example/rss">
<title>Kennisbank Armoede</title><link>https://kennisbank.example/</link>
<description>Publicaties</description>
<items><rdf:Seq><rdf:li rdf:resource="https://kennisbank.example/pub/42"/></rdf:Seq></items>
</channel>
<item rdf:about="https://kennisbank.example/pub/42">
<title>Onderzoek naar schulden bij jongeren</title>
<link>https://kennisbank.example/pub/42</link>
<description>Een nieuw rapport over jongeren en geld.</description>
<dc:date>2026-11-10T09:30:00+01:00</dc:date>
</item>
</rdf:RDF>"""

RSS_20 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Gemeente Voorbeeld</title><link>https://gemeente.example/</link>
<description>Nieuws</description>
<item><title>Nieuwe regeling voor minima</title>
<link>https://gemeente.example/nieuws/minima</link>
<guid>https://gemeente.example/nieuws/minima</guid>
<pubDate>Fri, 20 Nov 2026 08:00:00 +0100</pubDate>
<description><![CDATA[<p>Vanaf januari <em>meer</em> steun &amp; minder papier.</p>]]></description>
</item>
</channel></rss>"""

ATOM_10 = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>European Self-Reliance Network</title><id>urn:uuid:esrn</id>
<updated>2026-11-18T12:00:00Z</updated>
<entry><title type="text">Peer support across Europe</title><id>urn:uuid:esrn-1</id>
<link rel="alternate" href="https://esrn.example/news/peer-support"/>
<updated>2026-11-18T12:00:00Z</updated>
<summary type="html">&lt;p&gt;A &lt;strong&gt;new&lt;/strong&gt; study.&lt;/p&gt;</summary>
</entry>
</feed>"""

JSON_FEED = json.dumps({
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Landelijk Netwerk Zelfregie",
    "items": [{
        "id": "1",
        "title": "Webinar over zelfregie",
        "url": "https://zelfregie.example/webinar",
        "content_html": "<p>Meld je <a href='https://zelfregie.example/aanmelden'>aan</a>.</p>",
        "date_published": "2026-11-15T14:00:00+01:00",
    }],
})

# (path, body, content type, the title a reader should see, its link)
FORMATS = {
    "rss-0.91": ("/rss091.xml", RSS_091, "application/rss+xml; charset=iso-8859-1",
                 "Inloopspreekuur in de bibliotheek",
                 "https://wijkteam-noord.example/nieuws/inloop"),
    "rss-0.92": ("/rss092.xml", RSS_092, "application/rss+xml", "Repair café weer open",
                 "https://delinde.example/repair-cafe"),
    "rss-1.0": ("/rdf.xml", RSS_10, "application/rdf+xml",
                "Onderzoek naar schulden bij jongeren", "https://kennisbank.example/pub/42"),
    "rss-2.0": ("/rss20.xml", RSS_20, "application/rss+xml", "Nieuwe regeling voor minima",
                "https://gemeente.example/nieuws/minima"),
    "atom-1.0": ("/atom.xml", ATOM_10, "application/atom+xml", "Peer support across Europe",
                 "https://esrn.example/news/peer-support"),
    "json-feed": ("/feed.json", JSON_FEED, "application/feed+json", "Webinar over zelfregie",
                  "https://zelfregie.example/webinar"),
}

# -- hostile feeds: every payload carries "sb-xss", which must not reach any output ------

HOSTILE_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hostile RSS</title><link>https://hostile.example/</link>
<description>x</description>
<item><title>Script in the summary</title><link>javascript:alert('sb-xss-1')</link>
<guid>h1</guid><pubDate>Mon, 16 Nov 2026 10:00:00 +0100</pubDate>
<description><![CDATA[<p>Safe words <script>alert('sb-xss-2')</script><img src="x"
 onerror="alert('sb-xss-3')"> end.</p>]]></description></item>
<item><title>An iframe and a mixed-case link</title><link>JaVaScRiPt:alert('sb-xss-4')</link>
<guid>h2</guid><pubDate>Sun, 15 Nov 2026 10:00:00 +0100</pubDate>
<description><![CDATA[Before <iframe src="https://evil.example/sb-xss-5">sb-xss-6</iframe> after
<a href="javascript:alert('sb-xss-7')">a link</a> <svg onload="alert('sb-xss-8')"><text>sb-xss-9
</text></svg><style>p { color: red } /* sb-xss-10 */</style><object data="sb-xss-11">
sb-xss-12</object>]]></description></item>
<item><title><![CDATA[<img src=x onerror=alert('sb-xss-13')>Image in the title]]></title>
<link>https://hostile.example/ok</link><guid>h3</guid>
<description>&lt;scr&lt;script&gt;ipt&gt;alert(1)&lt;/script&gt;Nested</description>
</item>
</channel></rss>"""

HOSTILE_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Hostile Atom</title><id>urn:h</id>
<updated>2026-11-17T00:00:00Z</updated>
<entry><title type="html">&lt;script&gt;alert('sb-xss-15')&lt;/script&gt;Atom title</title>
<id>urn:h:1</id><link href="javascript:alert('sb-xss-16')"/>
<updated>2026-11-17T00:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p onclick="alert('sb-xss-17')">
Text<script>alert('sb-xss-18')</script></p></div></content></entry>
</feed>"""

HOSTILE_JSON = json.dumps({
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Hostile JSON",
    "items": [{
        "id": "j1",
        "title": "Why <script> tags matter",
        "url": "javascript:alert('sb-xss-19')",
        "content_html": "<script>alert('sb-xss-20')</script><iframe srcdoc='sb-xss-21'>"
                        "</iframe><p>Plain part.</p>",
        "date_published": "2026-11-14T10:00:00+01:00",
    }, {
        "id": "j2",
        "title": "Data link",
        "url": "data:text/html;base64,PHNjcmlwdD5hbGVydCgnc2IteHNzLTIyJyk8L3NjcmlwdD4=",
        "content_text": "Just text.",
    }],
})

HOSTILE = {
    "/hostile.rss": (HOSTILE_RSS, "application/rss+xml"),
    "/hostile.atom": (HOSTILE_ATOM, "application/atom+xml"),
    "/hostile.json": (HOSTILE_JSON, "application/feed+json"),
}
