// The dashboard: one page whose state (view and filters) lives in the URL, so any view can be shared.
import { FILTER_KEYS } from "./api.js";
import { clear, el } from "./dom.js";
import { renderActor } from "./views/actor.js";
import { renderEvents } from "./views/events.js";
import { renderMap } from "./views/map.js";
import { renderNetwork } from "./views/network.js";
import { renderTimeline } from "./views/timeline.js";

const VIEWS = { events: renderEvents, actor: renderActor, network: renderNetwork, timeline: renderTimeline, map: renderMap };

/** Change the URL (keeping other parameters unless replaced) and render the view it names. */
export function navigate(changes, { replace = false, reset = false } = {}) {
  const params = reset ? new URLSearchParams() : new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "") params.delete(k);
    else params.set(k, v);
  }
  const url = `${location.pathname}?${params}`;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

/** An in-app link: a real href (shareable, opens in a new tab) that navigates without reloading. */
export function link(text, params, attrs = {}) {
  const href = `?${new URLSearchParams(params)}`;
  return el("a", { href, ...attrs, onclick: (e) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    history.pushState(null, "", href);
    render();
  } }, text);
}

export function setStatus(text, isError = false) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.className = isError ? "error" : "";
}

let generation = 0;

async function render() {
  const params = new URLSearchParams(location.search);
  const view = VIEWS[params.get("view")] ? params.get("view") : "events";
  const form = document.getElementById("filters");
  for (const key of FILTER_KEYS) form.elements[key].value = params.get(key) ?? "";
  for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("active", a.dataset.view === view);
  const root = clear(document.getElementById("view"));
  root.dataset.view = view;
  const mine = ++generation;
  setStatus("Loading…");
  try {
    await VIEWS[view](root, params, () => mine === generation);
    if (mine === generation) setStatus("");
  } catch (err) {
    if (mine !== generation) return;
    root.append(el("p", { class: "error", "data-testid": "error" }, String(err.message ?? err)));
    setStatus(String(err.message ?? err), true);
  }
}

function start() {
  const form = document.getElementById("filters");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const changes = { cursor: null };
    for (const key of FILTER_KEYS) changes[key] = form.elements[key].value.trim();
    navigate(changes);
  });
  form.addEventListener("reset", (e) => {
    e.preventDefault();
    const changes = {};
    for (const key of FILTER_KEYS) changes[key] = null;
    navigate(changes);
  });
  for (const a of document.querySelectorAll("#nav a")) {
    a.addEventListener("click", (e) => {
      e.preventDefault();
      navigate({ view: a.dataset.view, id: null, sort: null });
    });
  }
  window.addEventListener("popstate", render);
  render();
}

start();
