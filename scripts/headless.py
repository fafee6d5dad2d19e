"""Debian's Chromium as the browser tests and bench/bench_dashboard.py launch it."""

CHROMIUM = "/usr/bin/chromium"
# --no-sandbox: CI runs as root; --disable-gpu: no GPU here (WebGL in software); the rest
# keep Chromium from reaching out to the network or doing first-run work.
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
