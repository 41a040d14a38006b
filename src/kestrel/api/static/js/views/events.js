// The events table: sortable, filterable (filters come from the URL), rows expand to their evidence.
import { filtersOf, getJSON } from "../api.js";
import { clear, el, goldstein, highlighted } from "../dom.js";
import { link, navigate } from "../main.js";

const COLUMNS = [
  ["event_date", "Date"], ["source", "Source"], ["cameo_code", "Event"], ["target", "Target"],
  ["goldstein", "Goldstein"], ["num_mentions", "Reports"],
];

function sortValue(event, key) {
  if (key === "source" || key === "target") return (event[key]?.name ?? event[key]?.code ?? "").toLowerCase();
  return event[key] ?? "";
}

function actorCell(actor) {
  if (!actor) return el("td", {}, el("span", { class: "muted" }, "—"));
  const label = actor.name ?? actor.code;
  const id = actor.canonical_id ?? actor.actor_id;
  return el("td", {}, id ? link(label, { view: "actor", id }, { class: "actor-link" }) : label,
    " ", el("span", { class: "muted" }, actor.code));
}

/** Render an events table into `root` for the given filters (used by the events and actor views). */
export async function eventsTable(root, params, filters, isCurrent) {
  const sort = params.get("sort") ?? "";
  const rows = [];
  let cursor = null;
  const table = el("table", { "data-testid": "events-table" });
  const head = el("tr", {}, COLUMNS.map(([key, label]) => {
    const cls = sort === key ? "sorted-asc" : sort === `-${key}` ? "sorted-desc" : null;
    return el("th", { "data-key": key, class: cls, onclick: () => navigate({ sort: sort === key ? `-${key}` : key }, { replace: true }) }, label);
  }));
  const body = el("tbody");
  table.append(el("thead", {}, head), body);
  const more = el("button", { type: "button", "data-testid": "load-more", onclick: () => load() }, "Load more");
  const count = el("p", { class: "muted", "data-testid": "events-count" });
  root.append(count, table, more);

  function draw() {
    clear(body);
    const sorted = [...rows];
    if (sort) {
      const key = sort.replace(/^-/, "");
      const sign = sort.startsWith("-") ? -1 : 1;
      sorted.sort((a, b) => { const x = sortValue(a, key), y = sortValue(b, key); return x < y ? -sign : x > y ? sign : 0; });
    }
    for (const event of sorted) body.append(...eventRow(event));
    count.textContent = `${rows.length} linked event(s)${cursor ? ", more available" : ""}`;
    more.hidden = !cursor;
  }

  async function load() {
    const page = await getJSON("/api/events", { ...filters, limit: 100, cursor });
    if (!isCurrent()) return;
    rows.push(...page.items);
    cursor = page.next_cursor;
    draw();
  }
  await load();
}

function eventRow(event) {
  const row = el("tr", { class: "event-row", "data-testid": "event-row", dataset: { id: event.linked_id ?? event.event_id } },
    el("td", {}, event.event_date ?? el("span", { class: "muted" }, "undated")),
    actorCell(event.source),
    el("td", {}, el("strong", {}, event.cameo_code), " ", event.plover_type ?? "", event.negated ? " (negated)" : ""),
    actorCell(event.target),
    el("td", {}, goldstein(event.goldstein)),
    el("td", {}, String(event.num_mentions ?? 1)));
  const detail = el("tr", { class: "event-detail", "data-testid": "event-detail", hidden: true });
  row.addEventListener("click", (e) => {
    if (e.target.closest("a")) return;
    detail.hidden = !detail.hidden;
    if (!detail.hidden && !detail.firstChild) detail.append(el("td", { colspan: COLUMNS.length }, evidenceBlock(event)));
  });
  return [row, detail];
}

function evidenceBlock(event) {
  const ev = event.evidence ?? {};
  const box = el("div", {},
    highlighted(ev.sentence, { source: ev.source_span, target: ev.target_span, trigger: ev.trigger_span }),
    el("p", { class: "legend muted" },
      el("span", {}, "rule ", ev.rule ?? ""), el("span", {}, "article ", event.article_id),
      event.location?.name ? el("span", {}, "at ", event.location.name) : null,
      event.date_phrase ? el("span", {}, "date from “", event.date_phrase, "”") : null));
  const reports = el("div", { "data-testid": "event-reports" });
  box.append(el("button", { type: "button", class: "link", onclick: () => showReports(event, reports) }, "All reports and articles"), reports);
  return box;
}

async function showReports(event, into) {
  clear(into).append(el("p", { class: "muted" }, "Loading…"));
  const detail = await getJSON(`/api/events/${encodeURIComponent(event.linked_id ?? event.event_id)}`);
  clear(into);
  for (const report of detail.mentions) {
    const ev = report.evidence;
    const text = el("pre", { class: "article-text", hidden: true, "data-testid": "article-text" });
    into.append(el("div", { class: "card", "data-testid": "event-report" },
      el("strong", { "data-testid": "report-title" }, report.article.title ?? report.article.article_id), " ",
      el("span", { class: "muted" }, [report.article.source, report.article.date].filter(Boolean).join(", ")),
      el("div", {}, highlighted(ev.sentence, { source: ev.source_span, target: ev.target_span, trigger: ev.trigger_span })),
      el("button", { type: "button", class: "link", onclick: async () => {
        const article = await getJSON(`/api/articles/${encodeURIComponent(report.article.article_id)}`);
        text.textContent = article.text;
        text.hidden = false;
      } }, "Show article text"), text));
  }
}

export async function renderEvents(root, params, isCurrent) {
  const filters = filtersOf(params);
  const active = Object.entries(filters).map(([k, v]) => `${k} = ${v}`).join(", ");
  root.append(el("h2", {}, "Events"), el("p", { class: "muted" }, active ? `Filtered by ${active}.` : "All events, newest first. Click a row for its evidence."));
  await eventsTable(root, params, filters, isCurrent);
}
