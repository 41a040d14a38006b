// The actor page: aliases, roles (codes) over time, partners and events; without an id, a search list.
import { getJSON } from "../api.js";
import { el, goldstein } from "../dom.js";
import { link } from "../main.js";
import { eventsTable } from "./events.js";
import { barChart } from "./timeline.js";

export async function renderActor(root, params, isCurrent) {
  const id = params.get("id");
  if (!id) return actorSearch(root, params, isCurrent);
  const actor = await getJSON(`/api/actors/${encodeURIComponent(id)}`);
  if (!isCurrent()) return;
  root.append(
    el("h2", { "data-testid": "actor-name" }, actor.name ?? actor.actor_id, " ", el("span", { class: "muted" }, actor.code ?? "")),
    el("p", { class: "muted" }, `${actor.kind ?? "actor"} · ${actor.mentions ?? 0} mention(s) · seen ${actor.first_seen ?? "?"} to ${actor.last_seen ?? "?"}`));
  const cols = el("div", { class: "cols" });
  cols.append(
    el("div", { class: "card" }, el("h3", {}, "Names used"),
      el("ul", { "data-testid": "actor-aliases" }, actor.aliases.map((a) => el("li", {}, a.alias, " ", el("span", { class: "muted" }, `(${a.mentions ?? 0})`))))),
    el("div", { class: "card" }, el("h3", {}, "Roles over time"),
      el("table", { "data-testid": "actor-roles" },
        el("tr", {}, el("th", {}, "Code"), el("th", {}, "From"), el("th", {}, "To"), el("th", {}, "Events")),
        actor.roles.map((r) => el("tr", {}, el("td", {}, r.code ?? "—"), el("td", {}, r.first_seen ?? "undated"), el("td", {}, r.last_seen ?? ""), el("td", {}, String(r.events)))))),
    el("div", { class: "card" }, el("h3", {}, "Partners"),
      el("table", { "data-testid": "actor-partners" },
        el("tr", {}, el("th", {}, "Actor"), el("th", {}, "Events"), el("th", {}, "Goldstein")),
        actor.partners.map((p) => el("tr", {}, el("td", {}, link(p.name ?? p.actor_id, { view: "actor", id: p.actor_id }), " ", el("span", { class: "muted" }, p.code ?? "")), el("td", {}, String(p.events)), el("td", {}, goldstein(p.goldstein)))))));
  root.append(cols);
  if (actor.timeline.some((t) => t.period)) {
    const rows = actor.timeline.filter((t) => t.period).map((t) => ({ period: t.period, quad1: 0, quad2: 0, quad3: 0, quad4: 0, events: t.events, goldstein: t.goldstein, total: t.events }));
    root.append(el("h3", {}, "Events per month"), barChart(rows, { simple: true }));
  }
  root.append(el("h3", {}, "Events"));
  await eventsTable(root, params, { actor: actor.actor_id }, isCurrent);
}

async function actorSearch(root, params, isCurrent) {
  const search = params.get("actor") ?? "";
  const actors = await getJSON("/api/actors", { q: search, limit: 200 });
  if (!isCurrent()) return;
  root.append(el("h2", {}, "Actors"), el("p", { class: "muted" }, search ? `Matching “${search}” (the Actor filter).` : "Most active first; use the Actor filter to search."));
  root.append(el("table", { "data-testid": "actors-table" },
    el("tr", {}, el("th", {}, "Actor"), el("th", {}, "Code"), el("th", {}, "Kind"), el("th", {}, "Also written"), el("th", {}, "Events")),
    actors.map((a) => el("tr", {}, el("td", {}, link(a.name ?? a.actor_id, { view: "actor", id: a.actor_id })), el("td", {}, a.code ?? ""),
      el("td", {}, a.kind ?? ""), el("td", { class: "muted" }, (a.aliases ?? []).slice(0, 4).join("; ")), el("td", {}, String(a.events))))));
}
