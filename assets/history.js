// The network page's run history and its A/B pin (dashboard/pages/network/history.py).
//
// Every drawn state reaches record() (a clientside callback on the page's DRAWN store);
// the history is a list in localStorage of {search, label, name, at}: the canonical
// address of each run (runs are deterministic: a run is its address), what it changes
// of the run before, a name the user gave it. Nothing here talks to the server. The
// drawer's list is drawn by this script into an element Dash never updates, so React
// leaves what it holds alone.
(function () {
  "use strict";
  const STORE = "izhi.history.v1";
  const PIN = "izhi.compare.a";
  const VERSION = 1;
  const $ = (id) => document.getElementById(id);

  function settings() {
    const drawer = $("history-drawer");
    return drawer ? JSON.parse(drawer.dataset.settings) : null;
  }

  function load() {
    try {
      const data = JSON.parse(window.localStorage.getItem(STORE) || "null");
      return data && Array.isArray(data.runs) ? data.runs : [];
    } catch (e) {
      return [];  // a history another version wrote: start again rather than fail
    }
  }

  function save(runs) {
    window.localStorage.setItem(STORE, JSON.stringify({version: VERSION, runs: runs}));
  }

  function values(search, s) {
    const q = new URLSearchParams(search || "");
    const out = {};
    for (const key of s.keys) { out[key] = q.has(key) ? q.get(key) : s.defaults[key]; }
    return out;
  }

  const same = (a, b) => a === b
    || (a !== "" && b !== "" && !isNaN(a) && !isNaN(b) && Number(a) === Number(b));
  const shown = (v) => (v === "" || v === null || v === undefined) ? "empty" : v;

  // What ``search`` changes of ``before`` (the original script's run when there is none):
  // "Excitatory weight 0.5 → 1, Random seed 0 → 4".
  function label(search, before, s) {
    const now = values(search, s);
    const then = values(before, s);
    const changes = s.keys.filter((k) => !same(now[k], then[k]))
      .map((k) => `${s.labels[k]} ${shown(then[k])} → ${shown(now[k])}`);
    if (!changes.length) {
      return before === undefined ? "the original script's run" : "the same run again";
    }
    const more = changes.length > 3 ? `, and ${changes.length - 3} more` : "";
    return changes.slice(0, 3).join(", ") + more;
  }

  function record(drawn) {
    const s = settings();
    if (!s || !drawn || typeof drawn.search !== "string") { return; }
    const runs = load();
    const last = runs.length ? runs[runs.length - 1] : null;
    if (!last || last.search !== drawn.search) {
      runs.push({search: drawn.search, label: label(drawn.search, last ? last.search : undefined, s),
                 name: "", at: Date.now()});
      save(runs.slice(-s.max));
    }
    window.izhiHistory.drawn = drawn.search;
    render();
  }

  const compareHref = (a, b) => "/compare?a=" + encodeURIComponent(a.replace(/^\?/, ""))
    + "&b=" + encodeURIComponent(b.replace(/^\?/, ""));

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children || []) {
      node.append(child);
    }
    return node;
  }

  function render() {
    const list = $("history-list");
    const compare = $("history-compare");
    const pinned = window.localStorage.getItem(PIN);
    const drawn = window.izhiHistory.drawn;
    if (compare) {
      compare.hidden = !pinned || !drawn || pinned === drawn;
      if (pinned && drawn) { compare.href = compareHref(pinned, drawn); }
    }
    if (!list) { return; }
    const runs = load();
    list.replaceChildren(...runs.map((run, i) => {
      const number = i + 1;
      const name = el("input", {type: "text", value: run.name || "", className: "history-name",
                                placeholder: `Run ${number}`});
      name.setAttribute("aria-label", `Name of run ${number}`);
      name.dataset.index = i;
      const open = el("a", {href: "/" + run.search, className: "history-open-run",
                            textContent: "Open"});
      open.dataset.index = i;
      open.setAttribute("aria-label", `Open run ${number}`);
      const actions = [open];
      const pin = el("button", {type: "button", className: "btn btn-sm btn-outline-secondary",
                                textContent: pinned === run.search ? "A ✓" : "Pin as A"});
      pin.dataset.pin = i;
      pin.setAttribute("aria-label", pinned === run.search ? `Run ${number} is A`
        : `Pin run ${number} as A`);
      actions.push(pin);
      if (pinned && pinned !== run.search) {
        const b = el("a", {href: compareHref(pinned, run.search), textContent: "Compare with A",
                           className: "history-compare-run"});
        b.setAttribute("aria-label", `Compare run ${number} with A`);
        actions.push(b);
      }
      const remove = el("button", {type: "button", className: "btn btn-sm btn-outline-danger",
                                   textContent: "Remove"});
      remove.dataset.remove = i;
      remove.setAttribute("aria-label", `Remove run ${number}`);
      actions.push(remove);
      const current = run.search === drawn ? " history-current" : "";
      return el("li", {className: "history-run" + current}, [
        name,
        el("div", {className: "history-label", textContent: run.label || ""}),
        el("div", {className: "history-run-actions"}, actions),
      ]);
    }).reverse());
  }

  function say(text) {
    const message = $("history-message");
    if (message) { message.textContent = text; }
  }

  // A file's runs, checked whole: the list of runs, or the one sentence of what is wrong.
  function parse(text, s) {
    let data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return "This file is not JSON, so it is not a run history; nothing was imported.";
    }
    const runs = Array.isArray(data) ? data : (data && data.runs);
    if (!Array.isArray(runs)) {
      return "This file has no list of runs (a history file has {\"version\": 1, \"runs\": "
        + "[...]}); nothing was imported.";
    }
    if (runs.length > s.max) {
      return `This file has ${runs.length} runs; a history keeps at most ${s.max}, so `
        + "nothing was imported.";
    }
    const known = new Set(s.keys);
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i];
      const search = run && run.search;
      const bad = typeof search !== "string" || !search.startsWith("?")
        || search.length > s.maxQuery
        || [...new URLSearchParams(search).keys()].some((k) => !known.has(k))
        || (run.name !== undefined && typeof run.name !== "string")
        || (run.label !== undefined && typeof run.label !== "string");
      if (bad) {
        return `Run ${i + 1} of this file is not a run of this page (its "search" must be `
          + "an address query such as ?ne=800&exc_weight=0.5, of this page's fields); "
          + "nothing was imported.";
      }
    }
    return runs.map((run) => ({search: run.search, label: (run.label || "").slice(0, 300),
                               name: (run.name || "").slice(0, 100),
                               at: Number(run.at) || Date.now()}));
  }

  function importText(text) {
    const s = settings();
    const runs = parse(text, s);
    if (typeof runs === "string") { say(runs); return; }
    const have = load();
    const seen = new Set(have.map((r) => r.search + "\n" + r.name));
    const fresh = runs.filter((r) => !seen.has(r.search + "\n" + r.name));
    save(have.concat(fresh).slice(-s.max));
    render();
    say(`Imported ${fresh.length} of ${runs.length} runs`
      + (fresh.length < runs.length ? " (the others were here already)." : "."));
  }

  function exportFile() {
    const blob = new Blob([JSON.stringify({version: VERSION, runs: load()}, null, 2) + "\n"],
                          {type: "application/json"});
    const link = el("a", {href: URL.createObjectURL(blob), download: "izhi-run-history.json"});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    say(`Exported ${load().length} runs.`);
  }

  function setOpen(open) {
    const drawer = $("history-drawer");
    const opener = $("history-open");
    if (!drawer) { return; }
    drawer.hidden = !open;
    if (opener) { opener.setAttribute("aria-expanded", String(open)); }
    if (open) {
      render();
      $("history-close").focus();
    } else if (opener) {
      opener.focus();
    }
  }

  // A run opened from the list goes through the page's own back/forward path (its
  // popstate listener reads the address and sets the controls): no page load.
  function openRun(search, event) {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    window.history.pushState(null, "", "/" + search);
    window.dispatchEvent(new PopStateEvent("popstate"));
  }

  document.addEventListener("click", (event) => {
    const target = event.target.closest("button, a");
    if (!target) { return; }
    const runs = load();
    if (target.id === "history-open") { setOpen($("history-drawer").hidden); }
    else if (target.id === "history-close") { setOpen(false); }
    else if (target.id === "history-pin" && window.izhiHistory.drawn) {
      window.localStorage.setItem(PIN, window.izhiHistory.drawn);
      render();
      say("The drawn run is A: change the controls, then Compare with A.");
    } else if (target.id === "history-export") { exportFile(); }
    else if (target.id === "history-import") {
      const input = el("input", {type: "file", accept: "application/json,.json"});
      input.addEventListener("change", () => {
        if (input.files.length) { input.files[0].text().then(importText); }
      });
      input.click();
    } else if (target.dataset.pin !== undefined) {
      window.localStorage.setItem(PIN, runs[Number(target.dataset.pin)].search);
      render();
      say(`Run ${Number(target.dataset.pin) + 1} is A.`);
    } else if (target.dataset.remove !== undefined) {
      const i = Number(target.dataset.remove);
      runs.splice(i, 1);
      save(runs);
      render();
      say(`Run ${i + 1} removed.`);
    } else if (target.classList.contains("history-open-run")) {
      openRun(runs[Number(target.dataset.index)].search, event);
    }
  });

  document.addEventListener("change", (event) => {
    const input = event.target;
    if (!input.classList || !input.classList.contains("history-name")) { return; }
    const runs = load();
    const i = Number(input.dataset.index);
    if (runs[i]) {
      runs[i].name = input.value.trim().slice(0, 100);
      save(runs);
    }
  });

  document.addEventListener("keydown", (event) => {
    const drawer = $("history-drawer");
    if (event.key === "Escape" && drawer && !drawer.hidden) { setOpen(false); }
  });

  window.izhiHistory = {record: record, render: render, parse: parse, label: label,
                        importText: importText, drawn: null};
})();
