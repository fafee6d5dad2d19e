"""A page load's background jobs over HTTP, asked for as the browser asks (tests, bench).

Dash's background callbacks: the page posts the callback with its inputs and gets a
job's signed handles; it then posts again every ``interval`` ms with the handles in
the query (``cacheKey``, ``job``, and the page load's ``endId``), receiving the
progress, until the answer carries the outputs. :class:`JobClient` does that for the
network page's large runs, with the ``endId`` read from the page it loaded, as a
browser's renderer would.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any
from urllib.parse import urlencode

import requests
from smoke_http import output_spec

RUN_REQUEST = "run-request"
PROGRESS_LABEL = "progress.label"


def page_end_id(html: str) -> str | None:
    """The signed page-load id in a Dash page's ``_dash-config``."""
    found = re.search(r'id="_dash-config" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)).get("end_id") if found else None


class JobClient:
    """One page load (``load=False``: a script that never loaded the page)."""

    def __init__(self, base: str, load: bool = True, timeout: float = 30.0) -> None:
        self.base = base
        self.http = requests.Session()
        self.timeout = timeout
        self.end_id = page_end_id(self.http.get(base + "/", timeout=timeout).text) if load else None
        deps = self.http.get(base + "/_dash-dependencies", timeout=timeout).json()
        self.dep = next(d for d in deps if d.get("background")
                        and d["inputs"] == [{"id": RUN_REQUEST, "property": "data"}])
        self.handles: dict[str, str] | None = None
        self.labels: list[str] = []

    def _post(self, query: dict[str, str], value: Any) -> requests.Response:
        body = {"output": self.dep["output"], "outputs": output_spec(self.dep["output"]),
                "inputs": [{"id": RUN_REQUEST, "property": "data", "value": value}],
                "state": [], "changedPropIds": [f"{RUN_REQUEST}.data"]}
        if self.end_id:
            query = {"endId": self.end_id, **query}
        url = self.base + "/_dash-update-component" + ("?" + urlencode(query) if query else "")
        return self.http.post(url, json=body, timeout=self.timeout)

    def start(self, config: dict[str, Any], neurons: tuple[int, ...] = (0,),
              drawing: str = "explorer") -> requests.Response:
        """Ask for a large run of ``config`` (fields by name; the others as the page's
        defaults), as the page's update_view asks."""
        from izhi_core import NetworkConfig

        request = {"config": {**NetworkConfig().to_dict(), **config},
                   "neurons": list(neurons), "drawing": drawing, "at": time.time()}
        query = {"oldJob": self.handles["job"]} if self.handles else {}
        answer = self._post(query, request)
        if answer.status_code == 200:
            self.handles = {k: answer.json()[k] for k in ("cacheKey", "job")}
        return answer

    def poll(self) -> tuple[int, dict[str, Any] | None]:
        """One poll: (HTTP status, the outputs by component id once the job answered)."""
        assert self.handles, "start() first"
        answer = self._post(self.handles, None)
        if answer.status_code != 200:
            return answer.status_code, None
        data = answer.json()
        label = (data.get("progress") or {}).get(PROGRESS_LABEL)
        if label and (not self.labels or self.labels[-1] != label):
            self.labels.append(label)
        return 200, data.get("response")

    def wait(self, limit: float = 120.0, interval: float = 0.5) -> dict[str, Any]:
        """Poll until the job answers; its outputs by component id."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            status, response = self.poll()
            if status != 200:
                raise AssertionError(f"a poll answered HTTP {status}")
            if response is not None:
                return response
            time.sleep(interval)
        raise AssertionError(f"no answer within {limit} s; progress seen: {self.labels}")

    def cancel(self) -> int:
        """Press Cancel (Dash's cancel callback with this job's handle)."""
        deps = self.http.get(self.base + "/_dash-dependencies", timeout=self.timeout).json()
        dep = next(d for d in deps if d["inputs"] == [{"id": "cancel-run", "property": "n_clicks"}]
                   and d["output"].startswith("cancel-run"))
        query = urlencode({"endId": self.end_id or "", "cancelJob": self.handles["job"]})
        body = {"output": dep["output"], "outputs": output_spec(dep["output"])[0],
                "inputs": [{"id": "cancel-run", "property": "n_clicks", "value": 1}],
                "state": [], "changedPropIds": ["cancel-run.n_clicks"]}
        return self.http.post(f"{self.base}/_dash-update-component?{query}", json=body,
                              timeout=self.timeout).status_code


def alert_of(response: dict[str, Any]) -> str:
    return str((response.get("alert") or {}).get("children") or "")
