"""Container healthcheck for the web and websocket servers: GET a URL, exit 0 on HTTP 200.

Standard library only, so it starts fast. It asks as the proxy would: with a host Django accepts
(the first of ALLOWED_HOSTS) and as HTTPS, so the SSL redirect does not answer instead of the app.
"""

import os
import sys
import urllib.error
import urllib.request


def main(url: str) -> int:
    hosts = [h.strip().lstrip(".") for h in os.environ.get("ALLOWED_HOSTS", "").split(",")]
    host = next((h for h in hosts if h and h != "*"), "localhost")
    request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"{url}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/healthz"))
