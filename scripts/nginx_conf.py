"""deploy/nginx.conf filled in for one stack, and the command that runs nginx with it.

scripts/serve.py (``make serve``, the image's default command) writes it with a fixed
upstream of its gunicorn instances on loopback ports; compose.yaml's proxy runs this
script, which writes it for the web service's DNS name and then becomes nginx:

    python scripts/nginx_conf.py --listen 0.0.0.0:8050 --upstream web:8050 \\
        --resolver auto --runtime /tmp/nginx --exec

With a resolver, nginx looks the name up again every few seconds and spreads the
requests over every address it gets, so ``--scale web=3`` (or a web instance that
restarts with a new address) needs no restart of the proxy. Standard library only.

Environment: IZHI_CONN_PER_CLIENT (requests served at once per client address, 64),
GUNICORN_TIMEOUT (120 s: nginx waits this long for an answer, and 10 s more).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[1] / "deploy" / "nginx.conf"
DEFAULT_CONN_PER_CLIENT = 64
DEFAULT_GUNICORN_TIMEOUT = 120
RESOLVE_EVERY_S = 5  # how soon nginx sees web instances come, go or change address


def _env_int(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip() or str(default)
    if not text.isdigit() or int(text) < 1:
        raise SystemExit(f"nginx_conf: {name} must be a whole number from 1 (got {text!r}).")
    return int(text)


def host_port(host: str, port: int | str) -> str:
    """``host:port`` as nginx and URLs write it (an IPv6 address in brackets)."""
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def nameserver(resolv_conf: str = "/etc/resolv.conf") -> str:
    """The first nameserver of ``resolv_conf``: Docker's 127.0.0.11, podman's network
    gateway; whichever answers the compose project's service names."""
    for line in Path(resolv_conf).read_text().splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[0] == "nameserver":
            return fields[1]
    raise SystemExit(f"nginx_conf: no nameserver in {resolv_conf} for --resolver auto.")


def render(listen: str, upstreams: list[str], runtime: str | Path, *,
           resolver: str | None = None) -> str:
    """The configuration text.

    ``upstreams``: ``host:port`` of each gunicorn instance, served round-robin; with a
    ``resolver`` (an address, or ``auto`` for the system's nameserver) exactly one,
    a DNS name looked up at run time.
    """
    read_timeout = _env_int("GUNICORN_TIMEOUT", DEFAULT_GUNICORN_TIMEOUT) + 10
    if resolver:
        if len(upstreams) != 1:
            raise SystemExit("nginx_conf: --resolver takes one --upstream (a DNS name).")
        address = nameserver() if resolver == "auto" else resolver
        if ":" in address and not address.startswith("["):
            address = f"[{address}]"
        # A variable in proxy_pass makes nginx resolve the name per request, through
        # the resolver's cache, instead of once at start.
        upstream_block = ""
        resolver_lines = (f"        resolver {address} valid={RESOLVE_EVERY_S}s ipv6=off;\n"
                          f"        resolver_timeout 2s;\n"
                          f"        set $izhi_web {upstreams[0]};")
        proxy_pass = "http://$izhi_web"
    else:
        servers = "".join(f"        server {u};\n" for u in upstreams)
        upstream_block = f"    upstream izhi_web {{\n{servers}    }}\n"
        resolver_lines = ""
        proxy_pass = "http://izhi_web"
    values = {
        "RUNTIME": str(runtime),
        "LISTEN": listen,
        "CONN_PER_CLIENT": str(_env_int("IZHI_CONN_PER_CLIENT", DEFAULT_CONN_PER_CLIENT)),
        "READ_TIMEOUT": str(read_timeout),
        "UPSTREAM_BLOCK": upstream_block,
        "RESOLVER": resolver_lines,
        "PROXY_PASS": proxy_pass,
    }
    text = re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], TEMPLATE.read_text())
    return text


def write(runtime: str | Path, listen: str, upstreams: list[str], *,
          resolver: str | None = None) -> Path:
    """Write ``runtime``/nginx.conf (creating ``runtime``) and return its path."""
    runtime = Path(runtime)
    runtime.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        # nginx started by root runs its workers as nobody, who must reach the temp
        # and cache folders nginx makes here.
        runtime.chmod(0o755)
    conf = runtime / "nginx.conf"
    conf.write_text(render(listen, upstreams, runtime, resolver=resolver))
    return conf


def binary() -> str:
    """nginx from PATH, or Debian's /usr/sbin (not on a non-root user's PATH)."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not found:
        raise SystemExit("nginx is not installed: `apt-get install nginx` (Debian's package).")
    return found


def command(conf: Path) -> list[str]:
    """nginx in the foreground with ``conf``; ``-e stderr`` before the configuration is
    read, so that a non-root nginx never tries Debian's /var/log/nginx."""
    return [binary(), "-e", "stderr", "-p", str(conf.parent), "-c", str(conf)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", required=True, help="HOST:PORT nginx listens on")
    parser.add_argument("--upstream", action="append", required=True,
                        help="HOST:PORT of a gunicorn instance (repeat for several)")
    parser.add_argument("--resolver", help="look --upstream up at run time with this DNS "
                        "server (`auto`: the first nameserver of /etc/resolv.conf)")
    parser.add_argument("--runtime", default="/tmp/nginx", help="folder for the "
                        "configuration, pid, temp files and cache (default /tmp/nginx)")
    parser.add_argument("--exec", action="store_true", help="then replace this process "
                        "by nginx in the foreground")
    args = parser.parse_args()
    conf = write(args.runtime, args.listen, args.upstream, resolver=args.resolver)
    if args.exec:
        argv = command(conf)
        sys.stdout.flush()
        os.execv(argv[0], argv)
    print(conf)


if __name__ == "__main__":
    main()
