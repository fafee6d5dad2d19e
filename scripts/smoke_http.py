"""HTTP checks of a running dashboard; scripts/container-smoke.sh runs them against the container.

Standard library only, so the host's bare ``python3`` runs it. Checks, in order:
``/healthz`` answers ``ok`` (waiting up to ``--wait`` seconds for the server to
start), ``/`` serves the Dash page, and the main network callback (the one
whose outputs include the raster): posted with the page's default control
values it returns the original script's 7598 spikes, in the summary card and as
raster points; posted as a sparse fast-mode network it runs the parallel
kernels. With ``--proxy`` (the server behind nginx, deploy/nginx.conf): callback
JSON, JavaScript and CSS come gzipped, fingerprinted URLs immutable for a year and
the page no-cache. ``--quick``: /healthz and the page only. Prints one line per
check with its time; exits 1 with the reason on the first failure.

    python3 scripts/smoke_http.py http://127.0.0.1:8050 --wait 120 [--proxy] [--quick]
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import re
import socket
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from typing import Any

ORIGINAL_SPIKES = 7598  # the original script's default run (README)
# plotly's typed-array dtype codes, in bytes per item
ITEM_SIZES = {"i1": 1, "u1": 1, "i2": 2, "u2": 2, "i4": 4, "u4": 4, "f4": 4, "f8": 8}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a test or bench server)."""
    return free_ports(1)[0]


def free_ports(n: int, avoid: Iterable[int] = ()) -> list[int]:
    """``n`` distinct TCP ports on 127.0.0.1 that nothing listens on now, none of ``avoid``.

    Each port's socket stays bound until all are chosen: asked one at a time, the kernel
    may hand out the same port twice (two parts of one stack were given one port).
    """
    avoid = set(avoid)
    held: list[socket.socket] = []
    try:
        chosen: list[int] = []
        while len(chosen) < n:
            s = socket.socket()
            held.append(s)  # an avoided port stays held too, so it is not offered again
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
            if port not in avoid:
                chosen.append(port)
        return chosen
    finally:
        for s in held:
            s.close()


class SmokeFailure(Exception):
    """A check failed; the message says which and why."""


def fetch(url: str, body: Any = None, timeout: float = 60.0) -> tuple[int, bytes]:
    status, _, answer = fetch_with_headers(url, body, timeout=timeout)
    return status, answer


def fetch_with_headers(url: str, body: Any = None, headers: dict[str, str] | None = None,
                       timeout: float = 60.0) -> tuple[int, Any, bytes]:
    """Status, headers (an email.message.Message: case-blind) and the body as sent
    (still compressed if the server compressed it)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="GET" if data is None else "POST",
                                     headers={"Content-Type": "application/json",
                                              **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def timed(label: str, check) -> Any:
    start = time.perf_counter()
    result = check()
    print(f"  ok  {label:<50} {time.perf_counter() - start:6.2f} s", flush=True)
    return result


def wait_healthy(base: str, wait: float, proc: Any = None) -> None:
    """Poll ``base``/healthz until it answers ok; give up after ``wait`` s, or at once if
    ``proc`` (the server's subprocess.Popen, if given) has exited."""
    deadline = time.monotonic() + wait
    last = "no answer"
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SmokeFailure(f"the server exited with {proc.returncode}")
        try:
            status, body = fetch(base + "/healthz", timeout=10)
            if status == 200 and body.strip() == b"ok":
                return
            last = f"HTTP {status}: {body[:200]!r}"
        except OSError as exc:  # refused or reset while gunicorn starts
            last = str(exc)
        time.sleep(0.2)
    raise SmokeFailure(f"/healthz did not answer ok within {wait:.0f} s (last: {last})")


def check_page(base: str) -> None:
    status, body = fetch(base + "/")
    if status != 200:
        raise SmokeFailure(f"/ answered HTTP {status}")
    page = body.decode("utf-8", "replace")
    for marker in ('id="react-entry-point"', "_dash-config", "Izhikevich network explorer"):
        if marker not in page:
            raise SmokeFailure(f"/ is not the Dash page: {marker!r} missing")


def component_values(layout: Any) -> dict[str, dict[str, Any]]:
    """Every component's props in the layout tree, by id."""
    found: dict[str, dict[str, Any]] = {}
    stack = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            props = node.get("props")
            if isinstance(props, dict):
                if isinstance(props.get("id"), str):
                    found[props["id"]] = props
                stack.extend(v for v in props.values() if isinstance(v, (list, dict)))
    return found


def output_spec(output: str) -> list[dict[str, str]]:
    """Dash's ``..a.prop...b.prop..`` output string as the request's ``outputs`` list."""
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    specs = []
    for part in parts:
        component, _, prop = part.rpartition(".")
        specs.append({"id": component, "property": prop})
    return specs


def n_points(values: Any) -> int:
    """Length of a figure array, plain JSON or plotly's base64 typed array."""
    if isinstance(values, list):
        return len(values)
    if isinstance(values, dict) and "bdata" in values:
        return len(base64.b64decode(values["bdata"])) // ITEM_SIZES[values["dtype"]]
    return 0


def main_callback(base: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The main network callback's dependency entry and the layout's props by id."""
    status, body = fetch(base + "/_dash-dependencies")
    if status != 200:
        raise SmokeFailure(f"/_dash-dependencies answered HTTP {status}")
    deps = json.loads(body)
    main = [d for d in deps if "..raster.figure..." in d["output"]]
    if len(main) != 1:
        raise SmokeFailure("no single callback outputs raster.figure: "
                           f"{[d['output'][:60] for d in deps]}")
    return main[0], page_values(base, deps)


def page_values(base: str, deps: list[dict[str, Any]], path: str = "/") -> dict[str, dict]:
    """Props by id of the shell's layout and of the page at ``path``, which the page's
    router (Dash pages) sends as a callback's answer."""
    status, body = fetch(base + "/_dash-layout")
    if status != 200:
        raise SmokeFailure(f"/_dash-layout answered HTTP {status}")
    props = component_values(json.loads(body))
    router = next((d for d in deps if "_pages_content.children" in d["output"]), None)
    if router is None:
        raise SmokeFailure("no router callback (Dash pages) in /_dash-dependencies")
    given = {"pathname": path, "search": ""}
    request = {
        "output": router["output"], "outputs": output_spec(router["output"]),
        "inputs": [{**i, "value": given.get(i["property"])} for i in router["inputs"]],
        "state": [{**i, "value": None} for i in router.get("state", [])],
        "changedPropIds": ["_pages_location.pathname"],
    }
    status, body = fetch(base + "/_dash-update-component", request, timeout=60)
    if status != 200:
        raise SmokeFailure(f"the router answered HTTP {status}: {body[:300]!r}")
    page = json.loads(body)["response"]["_pages_content"]["children"]
    return {**props, **component_values(page)}


def network_request(dep: dict[str, Any], props: dict[str, dict[str, Any]],
                    overrides: dict[str, Any]) -> dict[str, Any]:
    """The body of callback ``dep`` posted with the page's values (``overrides`` by id)."""

    def with_values(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for item in items:
            if item["id"] not in props:
                raise SmokeFailure(f"callback input {item['id']!r} is not in the layout")
            value = overrides.get(item["id"], props[item["id"]].get(item["property"]))
            out.append({**item, "value": value})
        return out

    return {
        "output": dep["output"],
        "outputs": output_spec(dep["output"]),
        "inputs": with_values(dep["inputs"]),
        "state": with_values(dep.get("state", [])),
        "changedPropIds": [],
    }


def post_network(base: str, overrides: dict[str, Any]) -> int:
    """Post the main callback with the page's defaults (``overrides`` by component id).

    Returns the run's spike count, checked to agree between the summary card and
    the raster's points; fails on an HTTP error or an alert.
    """
    dep, props = main_callback(base)
    request = network_request(dep, props, overrides)
    start = time.perf_counter()
    status, body = fetch(base + "/_dash-update-component", request, timeout=120)
    seconds = time.perf_counter() - start
    if status != 200:
        raise SmokeFailure(f"main callback answered HTTP {status}: {body[:300]!r}")
    response = json.loads(body)["response"]
    alert = response.get("alert", {}).get("children")
    if alert:
        raise SmokeFailure(f"main callback shows an alert: {alert!r}")
    card = str(response.get("card-spikes", {}).get("children"))
    raster = response["raster"]["figure"]
    points = sum(n_points(trace.get("x")) for trace in raster["data"])
    if card.replace(",", "") != str(points):
        raise SmokeFailure(f"spike card reads {card!r} but the raster has {points} points")
    print(f"      {points} spikes, {len(body) / 1024:.0f} KiB, {seconds * 1000:.0f} ms")
    return points


def check_original_run(base: str) -> None:
    spikes = post_network(base, {})
    if spikes != ORIGINAL_SPIKES:
        raise SmokeFailure(f"the default run fired {spikes} spikes, expected {ORIGINAL_SPIKES}")


def check_sparse_run(base: str) -> None:
    # fast mode with 100 inputs per neuron: the parallel=True kernels
    if post_network(base, {"mode": "fast", "inputs": 100}) <= 0:
        raise SmokeFailure("the sparse fast run fired no spike")


# -- behind nginx (deploy/nginx.conf) ------------------------------------------------------

GZIP = {"Accept-Encoding": "gzip"}
IMMUTABLE = "max-age=31536000"


def page_urls(base: str) -> dict[str, str]:
    """The page's fingerprinted URLs: a component suite's script and an asset (``?m=``)."""
    status, body = fetch(base + "/")
    if status != 200:
        raise SmokeFailure(f"/ answered HTTP {status}")
    page = body.decode("utf-8", "replace")
    suite = re.search(r'src="(/_dash-component-suites/[^"]+\.v[\w-]+m[0-9a-f]+\.[^"]*js)"',
                      page)
    asset = re.search(r'href="(/assets/[^"]+\.css\?m=[^"]+)"', page)
    if not suite or not asset:
        raise SmokeFailure("the page links no fingerprinted component suite or asset")
    return {"suite": suite.group(1), "asset": asset.group(1)}


def check_compression(base: str) -> None:
    """JSON (a callback's answer), JavaScript and CSS come gzipped to a client that asks."""
    dep, props = main_callback(base)
    answers = {"callback JSON": (base + "/_dash-update-component",
                                 network_request(dep, props, {}))}
    for kind, path in page_urls(base).items():
        answers[kind] = (base + path, None)
    for label, (url, body) in answers.items():
        status, headers, data = fetch_with_headers(url, body, headers=GZIP)
        if status != 200 or headers.get("Content-Encoding") != "gzip":
            raise SmokeFailure(f"{label} ({url}) came as HTTP {status}, Content-Encoding "
                               f"{headers.get('Content-Encoding')!r}: not gzipped")
        gzip.decompress(data)  # a truncated or mislabelled body raises here


def check_cache_headers(base: str) -> None:
    """Fingerprinted URLs are cached for a year and immutable; the page is revalidated."""
    for kind, path in page_urls(base).items():
        _, headers, _ = fetch_with_headers(base + path, headers=GZIP)
        cache = headers.get("Cache-Control", "")
        if IMMUTABLE not in cache or "immutable" not in cache:
            raise SmokeFailure(f"the {kind} {path} has Cache-Control {cache!r}")
    _, headers, _ = fetch_with_headers(base + "/")
    if headers.get("Cache-Control") != "no-cache":
        raise SmokeFailure(f"the page has Cache-Control {headers.get('Cache-Control')!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="e.g. http://127.0.0.1:8050")
    parser.add_argument("--wait", type=float, default=120.0,
                        help="seconds to wait for /healthz (default 120)")
    parser.add_argument("--proxy", action="store_true",
                        help="also check nginx's gzip and cache headers (deploy/nginx.conf)")
    parser.add_argument("--quick", action="store_true",
                        help="only /healthz and the page (a second stack of the same image)")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    try:
        timed("/healthz answers ok", lambda: wait_healthy(base, args.wait))
        timed("/ serves the Dash page", lambda: check_page(base))
        if not args.quick:
            timed(f"main callback: the original script's {ORIGINAL_SPIKES} spikes",
                  lambda: check_original_run(base))
            timed("main callback: sparse fast run (parallel kernels)",
                  lambda: check_sparse_run(base))
        if args.proxy:
            timed("nginx: gzip on callback JSON, JavaScript, CSS",
                  lambda: check_compression(base))
            timed("nginx: fingerprinted URLs immutable, the page no-cache",
                  lambda: check_cache_headers(base))
    except SmokeFailure as exc:
        print(f"FAIL {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError, TypeError) as exc:  # a malformed answer
        print(f"FAIL unexpected answer: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
