"""Partner feeds: fetched by `site-builder feeds refresh` into a cache that builds read.

Builds (the site, newsletters) call `partner_news` and never touch the network.
"""

from .items import PartnerItem, partner_news

__all__ = ["PartnerItem", "partner_news"]
