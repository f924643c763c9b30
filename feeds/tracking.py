"""A link without the tracking parameters that newsletters and feed tools add to it, for telling stories apart.

Some feeds tag every link with campaign parameters whose values change on each fetch (``utm_source=rss&
utm_campaign=2026-12-06``, a ``fbclid``): a story without a guid is known by its link (see
:func:`feeds.model.story_id`), so each refresh stored the same stories again, unread. Ids and the matching of a
stored story (:mod:`feeds.identity`) use the link with these parameters removed; the link stored and opened is
the feed's own.

No dependency holds such a list, so it is a short explicit one: names that analytics and mailing tools own and no
page needs to show its content. A link with none of them is returned unchanged (the same object), so ids made
from it stay what they were.
"""

from __future__ import annotations

__all__ = ["untracked"]

#: Parameter names (lower case) that carry only tracking.
TRACKING_NAMES = frozenset(
    {
        "fbclid",  # Facebook
        "gclid",  # Google Ads
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",  # Microsoft Ads
        "yclid",  # Yandex
        "twclid",  # X / Twitter
        "ttclid",  # TikTok
        "li_fat_id",  # LinkedIn
        "igshid",  # Instagram
        "mc_cid",  # Mailchimp
        "mc_eid",
        "_ga",  # Google Analytics cross-domain
        "_gl",
        "_hsenc",  # HubSpot
        "_hsmi",
        "__hstc",
        "__hssc",
        "__hsfp",
        "mkt_tok",  # Marketo
        "vero_id",  # Vero
        "vero_conv",
        "oly_anon_id",  # Omeda
        "oly_enc_id",
        "_openstat",
    }
)
#: Name prefixes (lower case) that carry only tracking: Google's campaign parameters (utm_source, utm_medium,
#: utm_campaign, utm_term, utm_content, utm_id ...), Piwik/Matomo's.
TRACKING_PREFIXES = ("utm_", "pk_campaign", "pk_kwd", "mtm_")


def untracked(link: str) -> str:
    """``link`` without its tracking query parameters; every other parameter stays, in its order, as written.

    The fragment stays as it is. ``?`` goes too when nothing else is left of the query.
    """
    end = link.find("#")
    end = len(link) if end < 0 else end
    query_at = link.find("?", 0, end)  # a "?" in the fragment is the fragment's
    if query_at < 0:
        return link
    params = link[query_at + 1 : end].split("&")
    kept = [p for p in params if not _tracking(p)]
    if len(kept) == len(params):
        return link
    query = "&".join(kept)
    return link[:query_at] + ("?" + query if query else "") + link[end:]


def _tracking(param: str) -> bool:
    name = param.split("=", 1)[0].strip().lower()
    return name in TRACKING_NAMES or name.startswith(TRACKING_PREFIXES)
