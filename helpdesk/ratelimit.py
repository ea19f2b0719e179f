"""Fixed-window counters in the cache, for the public endpoints' per-address and per-visitor limits."""

from django.core.cache import cache


def window_hits(key: str, window: int) -> int:
    """Count one more hit on `key` and return the hits in the current window of `window` seconds."""
    cache.add(key, 0, window)
    try:
        return int(cache.incr(key))
    except ValueError:
        # The key expired between add and incr.
        cache.set(key, 1, window)
        return 1
