"""Markets and their platform sets.

The course follows one brand in one of two markets. ``cn`` uses the Chinese
platforms of the source documents; ``global`` swaps in their international
counterparts. Platform ids are lower-case ASCII and are the values of every
``platform`` column in the course data.

>>> platforms("cn")[:3]
('weibo', 'wechat', 'douyin')
"""
from __future__ import annotations

MARKETS: dict[str, tuple[str, ...]] = {
    "cn": ("weibo", "wechat", "douyin", "xiaohongshu", "bilibili", "zhihu", "kuaishou"),
    "global": ("instagram", "tiktok", "facebook", "x", "youtube", "linkedin"),
}

DISPLAY_NAMES: dict[str, str] = {
    "weibo": "Weibo",
    "wechat": "WeChat",
    "douyin": "Douyin",
    "xiaohongshu": "Xiaohongshu",
    "bilibili": "Bilibili",
    "zhihu": "Zhihu",
    "kuaishou": "Kuaishou",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "facebook": "Facebook",
    "x": "X",
    "youtube": "YouTube",
    "linkedin": "LinkedIn",
}

FORMATS: tuple[str, ...] = ("text", "image", "video", "short_video", "live")


def check_market(market: object) -> str:
    """Return ``market`` if it is a known market, else raise ``ValueError``.

    >>> check_market("cn")
    'cn'
    """
    if not isinstance(market, str) or market not in MARKETS:
        raise ValueError(
            f"unknown market {market!r}; allowed: {', '.join(sorted(MARKETS))}"
        )
    return market


def platforms(market: str) -> tuple[str, ...]:
    """The platform ids of ``market``, in the course's display order."""
    return MARKETS[check_market(market)]


def check_platform(platform: object, market: str | None = None) -> str:
    """Return ``platform`` if known (in ``market`` when given), else raise ``ValueError``."""
    allowed = platforms(market) if market is not None else tuple(DISPLAY_NAMES)
    if not isinstance(platform, str) or platform not in allowed:
        where = f" in market {market!r}" if market is not None else ""
        raise ValueError(
            f"unknown platform {platform!r}{where}; allowed: {', '.join(allowed)}"
        )
    return platform
