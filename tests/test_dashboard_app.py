"""The Flask side of app.py: the page, /healthz, serving options, malformed requests."""

from __future__ import annotations

import json
import re

import pytest
from dash._callback import GLOBAL_CALLBACK_MAP

import app as dashboard_app
from dashboard.common import chunks, natives
from dashboard.common.ids import SHELL
from dashboard.pages.network import callbacks as C
from dashboard.pages.network.ids import CONFIG_CONTROLS, ID
from izhi_core import NetworkConfig, simulate

# the view callback: every figure and card, the background request, what is drawn, errors
VIEW_PROPS = {"request": (ID.RUN_REQUEST, "data"), "drawn": (ID.DRAWN, "data"),
              "errors": (ID.FIELD_ERRORS, "data"), "alert": (ID.ALERT, "children")}
RASTER_OUTPUTS = [".".join(map(str, {**C.view.VIEW, **VIEW_PROPS}[k])) for k in C.VIEW_KEYS] + [
    f"{CONFIG_CONTROLS[f]}.value" for f in C.SLIDER_FIELDS]  # the sliders' boxes
# as the page sends them: an output others share carries its callback's mark (@...)
VIEW_OUTPUT = next(key for key in GLOBAL_CALLBACK_MAP
                   if key.startswith(f"..{ID.RASTER}.figure..."))
SEED_VALUES = [800, 202, 1000, "RS", "LTS", 0.5, 1, 5, 2, 0, "seed", None]


@pytest.fixture(scope="module")
def client():
    return dashboard_app.server.test_client()


def raster_request(values=SEED_VALUES, neurons=(1, 811), alert_open=True):
    """The view callback's request as the page sends it after a change of ne: each
    control's value (a slider's is its box's), by the callback's inputs and states."""
    by_id = {str(c): v for c, v in zip(CONFIG_CONTROLS.values(), values, strict=True)}
    by_id |= {f"{c}-slider": v for c, v in list(by_id.items())}
    by_id |= {str(ID.DRAWING): "explorer", str(ID.RUN_AGAIN): 0, str(ID.BOX_TYPED): None,
              str(ID.NEURONS): list(neurons), str(ID.FIELD_ERRORS): {},
              str(ID.ALERT): alert_open}
    spec = {**GLOBAL_CALLBACK_MAP, **dashboard_app.app.callback_map}[VIEW_OUTPUT]

    def filled(items):
        return [{"id": str(i["id"]), "property": i["property"], "value": by_id[str(i["id"])]}
                for i in items]

    return {
        "output": VIEW_OUTPUT,
        "outputs": [dict(zip(("id", "property"), o.split("."), strict=True))
                    for o in RASTER_OUTPUTS],
        "inputs": filled(spec["inputs"]),
        "state": filled(spec["state"]),
        "changedPropIds": [f"{ID.NE}.value"],
    }


def test_the_page_and_its_assets(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<title>Izhikevich network explorer</title>" in html
    assert "/assets/bootstrap.min.css" in html and "/assets/style.css" in html
    assert "/assets/favicon.ico" in html
    assert "cdn." not in html  # no third-party hosts: the page works offline
    for asset in ("bootstrap.min.css", "style.css", "favicon.ico", "native_builtins.js"):
        assert client.get(f"/assets/{asset}").status_code == 200
    # The browser's own trim and parsers are kept before any script (the polyfill's
    # first) and put back by the asset, which runs before Dash's renderer.
    assert html.index("window.__nativeBuiltins") < html.index("<script src=")
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert "polyfill" in sources[0]
    asset = next(i for i, src in enumerate(sources) if "native_builtins.js" in src)
    assert asset < next(i for i, src in enumerate(sources) if "dash_renderer" in src)


def test_dccs_lazy_graph_slider_and_dropdown_come_with_the_page(client):
    html = client.get("/").get_data(as_text=True)
    for chunk in chunks.CHUNKS:
        src = chunks.SUITE.format(chunk)
        assert html.index(f'<script src="{src}">') < html.index('id="_dash-renderer"')
        assert client.get(src).status_code == 200
    with pytest.raises(ValueError, match="no {%scripts%}"):
        chunks.with_chunks("<html></html>", lambda p: p)


def test_keep_natives_needs_a_head():
    assert natives.keep_natives("<html><head></head></html>").startswith(
        "<html><head>\n        <script>window.__nativeBuiltins")
    with pytest.raises(ValueError, match="no <head>"):
        natives.keep_natives("<html><body></body></html>")


def test_healthz_runs_a_tiny_network(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok"


def test_a_well_formed_request_with_the_seed_values(client):
    response = client.post("/_dash-update-component", json=raster_request())
    assert response.status_code == 200
    out = response.get_json()["response"]
    assert out[str(ID.CARD_SPIKES)]["children"] == "7,598"
    assert out[str(ID.ALERT)] == {"children": ""}
    assert out[str(ID.DRAWN)]["data"]["search"].startswith("?ne=800&ni=202&")


@pytest.mark.parametrize(
    "value", [None, "abc", float("nan"), 10**40, [1, 2], {"a": 1}, True, "", "1e999"])
def test_garbage_values_get_the_fields_sentence_not_an_error(client, value):
    values = list(SEED_VALUES)
    values[0] = value
    response = client.post("/_dash-update-component",
                           data=json.dumps(raster_request(values)),
                           content_type="application/json")
    assert response.status_code == 200
    out = response.get_json()["response"]
    assert str(ID.RASTER) not in out  # the last good figure stays
    assert str(ID.DRAWN) not in out  # nor does the address change
    errors = out[str(ID.FIELD_ERRORS)]["data"]
    assert list(errors) == ["ne"] and errors["ne"].startswith("Excitatory neurons must be")


@pytest.mark.parametrize(
    "body",
    [b"not json", b"{}", b"[1, 2, 3]", b'{"output": "nope"}', b'{"output": 5}',
     json.dumps({**raster_request(), "outputs": "garbage"}).encode(),
     json.dumps({**raster_request(), "inputs": "x"}).encode(),
     json.dumps({**raster_request(), "state": []}).encode()],
)
def test_a_malformed_request_is_refused_with_400(client, body):
    response = client.post("/_dash-update-component", data=body,
                           content_type="application/json")
    assert response.status_code == 400


def test_python_app_py_serves_on_host_and_port_without_debug(monkeypatch):
    calls = []
    monkeypatch.setattr(dashboard_app.app, "run", lambda **kw: calls.append(kw))
    monkeypatch.delenv("DASH_DEBUG", raising=False)
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    dashboard_app.main()
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.setenv("DASH_DEBUG", "1")
    dashboard_app.main()
    assert calls == [{"host": "127.0.0.1", "port": 8050, "debug": False},
                     {"host": "0.0.0.0", "port": 9123, "debug": True}]


def test_every_control_and_button_carries_its_tooltip(client):
    from dash._utils import to_json

    from dashboard.pages.network import page
    from dashboard.pages.network.layout import TOOLTIPS

    layout = json.loads(to_json(page.page_layout()))
    tips: dict[str, str] = {}

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if "data-tip" in props:
                tips[str(props.get("id"))] = props["data-tip"]
            walk(props.get("children"))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(layout)
    for control in [*CONFIG_CONTROLS.values(), ID.NEURONS, ID.SCENARIO]:
        assert tips[f"{control}-group"] == TOOLTIPS[control]
    for button in (ID.RESET, ID.DOWNLOAD_SPIKES, ID.DOWNLOAD_CONFIG, ID.DOWNLOAD_TRACES,
                   ID.COPY_LINK):
        assert tips[str(button)] == TOOLTIPS[button]
    from dashboard import shell

    shell_tips = {}
    layout, tips_page = json.loads(to_json(shell.layout())), tips
    tips = shell_tips
    walk(layout)
    assert tips[str(SHELL.CANCEL)].startswith("Stop this run")
    tips = tips_page
    assert all(text.endswith(".") and len(text) < 200 for text in tips.values())


def _find(component, wanted):
    """The component of id ``wanted`` in a layout's JSON, or None."""
    if isinstance(component, list):
        return next((c for c in (_find(x, wanted) for x in component) if c), None)
    if not isinstance(component, dict):
        return None
    props = component.get("props", {})
    if props.get("id") == wanted:
        return component
    return next((c for c in (_find(v, wanted) for v in props.values()) if c), None)


def test_the_layout_comes_with_the_page_its_browser_opens(client):
    here = "http://localhost"
    opened = client.get("/_dash-layout", headers={"Referer": f"{here}/?seed=2&ne=100"})
    assert "Referer" in opened.headers["Vary"]  # a layout for each page's address
    layout = opened.get_json()
    location = _find(layout, "_pages_location")["props"]
    assert (location["pathname"], location["search"]) == ("/", "?seed=2&ne=100")
    assert _find(layout, str(SHELL.SHOWN_PATH))["props"]["data"] == "/"
    assert _find(layout, "_pages_store")["props"]["data"] == {
        "title": "Izhikevich network explorer"}
    spikes = _find(layout, str(ID.CARD_SPIKES))["props"]["children"]
    assert spikes == f"{simulate(NetworkConfig(seed=2, ne=100)).spike_neurons.size:,}"
    lab = client.get("/_dash-layout", headers={"Referer": f"{here}/neuron"}).get_json()
    assert _find(lab, "_pages_store")["props"]["data"] == {"title": "Izhikevich neuron lab"}
    assert _find(lab, str(ID.RASTER)) is None and _find(lab, "lab-traces") is not None
    # not known: no referrer, another host, a path of no page: the router draws it
    for headers in ({}, {"Referer": "http://elsewhere.example/?seed=2"},
                    {"Referer": f"{here}/nowhere"}):
        layout = client.get("/_dash-layout", headers=headers).get_json()
        assert _find(layout, "_pages_content")["props"].get("children") is None, headers
        assert _find(layout, "_pages_location")["props"].get("pathname") is None
