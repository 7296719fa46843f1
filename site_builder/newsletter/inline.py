"""Inlining the email's CSS with premailer, once per issue (and per change to it)."""

from __future__ import annotations

import logging

from ..logs import Collector
from ..memo import remembered


# Kept between runs: premailer takes a good part of a second, loading it included, and the
# same issue is built again and again while it is written (and for the site's archive).
@remembered
def inline_css(html: str, css: str) -> tuple[str, list[str]]:
    """HTML with `css` inlined; @media rules stay in a <style> block with their !important.

    premailer's defaults break email: strip_important=True would strip the
    !important that media queries need, and allow_network=True would fetch
    stylesheets from the internet. Its CSS parser (cssutils) logs a line per
    property it does not know; those are collected and returned, not printed.
    """
    # Imported here: premailer (with lxml, cssutils and requests) takes longer to load than
    # a small site takes to build, and a site build needs it only for a new issue.
    from premailer import Premailer

    collect = Collector(logging.DEBUG)
    cssutils_logger = logging.getLogger("CSSUTILS")
    saved = cssutils_logger.handlers[:], cssutils_logger.propagate
    cssutils_logger.handlers[:] = [collect]
    cssutils_logger.propagate = False
    try:
        inlined = Premailer(
            html,
            css_text=css,
            strip_important=False,
            allow_network=False,
            allow_loading_external_files=False,
            keep_style_tags=False,
            disable_validation=True,
            cssutils_logging_handler=collect,
            cssutils_logging_level=logging.WARNING,
        ).transform(pretty_print=False)
    finally:
        cssutils_logger.handlers[:], cssutils_logger.propagate = saved
    if html.lstrip().lower().startswith("<!doctype") and not inlined.lower().startswith(
            "<!doctype"):
        inlined = "<!DOCTYPE html>\n" + inlined
    return inlined, collect.messages
