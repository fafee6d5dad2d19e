"""The production server under abuse: nginx -> gunicorn serving app:server, as the
container and ``make serve`` run it (scripts/serve.py).

A fuzz test posts malformed callback requests (wrong types, NaN and infinities,
negatives, sizes beyond the bounds, unknown presets, megabyte strings, missing
fields, broken envelopes, non-JSON) and requires each to be answered with a
sentence or a 4xx, never a 500, a traceback or a hang; then a good request must
still return the seed's figures. A concurrency test sends several clients at
once and checks each answer against the same request sent alone.
"""

from __future__ import annotations

import json
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import smoke_http  # tests/conftest.py puts scripts/ on the path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow
OK_STATUSES = {200, 204, 400, 413, 415}
TIMEOUT_S = 60  # "never a hang": every answer within this


@pytest.fixture(scope="module", params=["0", "1"], ids=["local-jobs", "redis-celery"])
def stack_shape(request):
    """Both shapes of the stack: one container's (local jobs), and the class server's
    (Redis and a Celery worker)."""
    return {"REDIS": request.param, "WEB_CONCURRENCY": "2", "IZHI_JOB_SLOTS": "2"}


@pytest.fixture(scope="module")
def server(served_stack):
    """The stack of make serve (tests/conftest.py): nginx -> gunicorn (2 sync workers),
    so the garbage goes through the proxy, as a student's would; its log is checked
    for tracebacks at the end."""
    return served_stack.base, served_stack.log


@pytest.fixture(scope="module")
def deps(server):
    base, _ = server
    found = json.loads(requests.get(base + "/_dash-dependencies", timeout=30).text)
    layout = smoke_http.page_values(base, found)
    return [d for d in found if not d.get("clientside_function")
            and not d["output"].startswith(".._pages_content")], layout


def body_for(dep, layout, overrides=None):
    overrides = overrides or {}

    def values(items):
        return [{**item, "value": overrides.get(item["id"], layout.get(item["id"], {}).get(
            item["property"]))} for item in items]

    # what changed, as the page says it: the first component overridden, else an input
    changed = next(iter(overrides), None)
    changed = (f"{changed}.value" if changed is not None
               else f"{dep['inputs'][0]['id']}.{dep['inputs'][0]['property']}")
    return {"output": dep["output"], "outputs": smoke_http.output_spec(dep["output"]),
            "inputs": values(dep["inputs"]), "state": values(dep.get("state", [])),
            "changedPropIds": [changed]}


def post(base, payload, raw=None):
    data = raw if raw is not None else json.dumps(payload)  # NaN/Infinity as JSON allows
    return requests.post(base + "/_dash-update-component", data=data, timeout=TIMEOUT_S,
                         headers={"Content-Type": "application/json"})


def main_dep(deps):
    found, layout = deps
    return next(d for d in found if "..raster.figure..." in d["output"]), layout


def spikes_of(response) -> int:
    return int(response.json()["response"]["card-spikes"]["children"].replace(",", ""))


def test_healthz(server):
    base, _ = server
    answer = requests.get(base + "/healthz", timeout=30)
    assert answer.status_code == 200 and answer.text == "ok"


garbage = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**15), 10**15),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["RS", "ZZ", "fast", "seed", "", "NaN", "1e309", "-1", "800", "0x10",
                     "x" * 100_000]),
    st.lists(st.integers(-5, 2000), max_size=40), st.dictionaries(st.text(max_size=5),
                                                                  st.integers(), max_size=3),
)


def assert_handled(answer):
    assert answer.status_code in OK_STATUSES, (answer.status_code, answer.text[:500])
    assert "Traceback" not in answer.text and "werkzeug" not in answer.text.lower()
    if answer.status_code == 200 and "response" in answer.json():  # else a background job
        response = answer.json()["response"]
        alert = response.get("alert", {}).get("children")
        errors = response.get("field-errors", {}).get("data") or {}
        for sentence in [alert, *errors.values()] if alert else errors.values():
            assert isinstance(sentence, str) and len(sentence) < 400 and sentence.endswith(".")


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_malformed_requests_are_answered_with_a_sentence_or_a_4xx(server, deps, data):
    base, _ = server
    found, layout = deps
    dep = data.draw(st.sampled_from(found))
    body = body_for(dep, layout)
    kind = data.draw(st.sampled_from(["values", "values", "values", "envelope", "raw"]))
    raw = None
    if kind == "values":
        for item in body["inputs"] + body["state"]:
            if data.draw(st.booleans()):
                item["value"] = data.draw(garbage)
    elif kind == "envelope":
        key = data.draw(st.sampled_from(["output", "outputs", "inputs", "state",
                                         "changedPropIds"]))
        how = data.draw(st.sampled_from(["drop", "garbage", "truncate", "unknown id"]))
        if how == "drop":
            body.pop(key)
        elif how == "garbage":
            body[key] = data.draw(garbage)
        elif how == "truncate" and isinstance(body.get(key), list):
            body[key] = body[key][:-1]
        elif how == "unknown id" and body.get(key) and isinstance(body[key][0], dict):
            body[key][0] = {**body[key][0], "id": "no-such-component"}
        else:
            body["output"] = "..no-such.figure.."
    else:
        raw = data.draw(st.sampled_from(["", "{", "[]", "null", "42", "\x00\xff", "x" * 300_000,
                                         json.dumps({"output": 1})]))
    answer = post(base, body, raw=raw)
    assert_handled(answer)


def test_a_good_request_after_the_garbage_gets_the_seeds_figures(server, deps):
    base, _ = server
    dep, layout = main_dep(deps)
    for _ in range(3):  # whichever worker answers; the alert the garbage raised closes
        answer = post(base, body_for(dep, layout, {"alert": True}))
        assert answer.status_code == 200
        assert spikes_of(answer) == 7598
        assert answer.json()["response"]["alert"] == {"children": ""}
    quiet = post(base, body_for(dep, layout))  # no alert open: none sent
    assert spikes_of(quiet) == 7598 and "alert" not in quiet.json()["response"]


def test_bad_values_get_the_cores_sentence(server, deps):
    base, _ = server
    dep, layout = main_dep(deps)
    cases = {"ne": ("abc", "Excitatory neurons must be a whole number"),
             "exc-type": ("ZZ", "must be one of RS"),
             "exc-weight": (float("nan"), "must be a number from 0 to 2 mV/ms (got nan)"),
             # a slider said to have moved is the value the view takes for its field
             "exc-weight-slider": (7, "must be a number from 0 to 2 mV/ms (got 7)"),
             "duration": (10**9, "Duration must be a whole number from 1 to 100,000"),
             "inputs": (-3, "Inputs per neuron must be a whole number from 1")}
    for component, (value, words) in cases.items():
        answer = post(base, body_for(dep, layout, {component: value}))
        assert answer.status_code == 200
        response = answer.json()["response"]
        (sentence,) = response["field-errors"]["data"].values()
        assert words in sentence
        assert "raster" not in response  # the last good figure stays


def test_work_per_request_is_capped(server, deps):
    base, _ = server
    dep, layout = main_dep(deps)
    answer = post(base, body_for(dep, layout, {"ne": 200_000, "ni": 50_000, "inputs": 500,
                                               "mode": "fast", "duration": 5000}))
    assert answer.status_code == 200
    assert "Duration must be at most 800 ms for 250,000 neurons on this server" in \
        answer.json()["response"]["field-errors"]["data"]["duration"]


def test_simultaneous_users_get_independent_correct_results(server, deps):
    base, _ = server
    dep, layout = main_dep(deps)
    configs = [{"seed": s} for s in range(6)] + [
        {"mode": "fast", "seed": 3}, {"inputs": 200, "mode": "fast", "seed": 4},
        {"exc-type": "CH", "seed": 5},
        {"exc-weight-slider": 0.6, "inh-weight-slider": 1.6}]  # sliders moved, as the page

    def figures(overrides):
        answer = post(base, body_for(dep, layout, overrides))
        assert answer.status_code == 200
        response = answer.json()["response"]
        assert "card-time" in response, (overrides, sorted(response))
        response.pop("card-time")  # wall-clock time of the run differs
        response.pop("run-request", None)
        return response

    solo = [figures(c) for c in configs]
    assert len({json.dumps(r["raster"], sort_keys=True) for r in solo}) == len(configs)
    with ThreadPoolExecutor(max_workers=len(configs) * 2) as pool:
        together = list(pool.map(figures, configs * 2))
    for k, response in enumerate(together):
        assert response == solo[k % len(configs)], configs[k % len(configs)]


def test_free_ports_are_distinct_free_and_not_the_ones_avoided():
    # a stack's parts each get a port of their own (scripts/serve.py), and none is the
    # front's, chosen before it: one at a time, the kernel once gave two parts one port
    front = smoke_http.free_port()
    ports = smoke_http.free_ports(64, avoid={front})
    assert len(ports) == len(set(ports)) == 64
    assert front not in ports
    for port in ports[:8]:  # nothing holds them once chosen
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))
