// The dyad network: nodes are countries or actors, edges are weighted by linked events and coloured by
// cooperation (green) or conflict (red). Laid out by a small deterministic force simulation.
import { filtersOf, getJSON } from "../api.js";
import { el, svg } from "../dom.js";
import { navigate } from "../main.js";

function layout(nodes, edges, W, H) {
  const n = nodes.length;
  const pos = nodes.map((_, i) => ({ x: W / 2 + (W / 3) * Math.cos((2 * Math.PI * i) / n), y: H / 2 + (H / 3) * Math.sin((2 * Math.PI * i) / n) }));
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.4;
  for (let iter = 0; iter < 250; iter++) {
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y, d = Math.max(1, Math.hypot(dx, dy));
      const f = (k * k) / d;
      disp[i].x += (dx / d) * f; disp[i].y += (dy / d) * f; disp[j].x -= (dx / d) * f; disp[j].y -= (dy / d) * f;
    }
    for (const e of edges) {
      const a = index.get(e.source), b = index.get(e.target);
      const dx = pos[a].x - pos[b].x, dy = pos[a].y - pos[b].y, d = Math.max(1, Math.hypot(dx, dy));
      const f = (d * d) / k;
      disp[a].x -= (dx / d) * f; disp[a].y -= (dy / d) * f; disp[b].x += (dx / d) * f; disp[b].y += (dy / d) * f;
    }
    pos.forEach((p, i) => { disp[i].x -= (p.x - W / 2) * 0.8; disp[i].y -= (p.y - H / 2) * 0.8; });
    const t = 30 * (1 - iter / 250) + 1;
    pos.forEach((p, i) => {
      const d = Math.max(1, Math.hypot(disp[i].x, disp[i].y));
      p.x = Math.min(W - 40, Math.max(40, p.x + (disp[i].x / d) * Math.min(d, t)));
      p.y = Math.min(H - 20, Math.max(20, p.y + (disp[i].y / d) * Math.min(d, t)));
    });
  }
  return pos;
}

export async function renderNetwork(root, params, isCurrent) {
  const level = params.get("level") === "actor" ? "actor" : "country";
  const data = await getJSON("/api/network", { ...filtersOf(params), level, limit: 150 });
  if (!isCurrent()) return;
  const picker = el("select", { "data-testid": "level", onchange: (e) => navigate({ level: e.target.value }) },
    ["country", "actor"].map((p) => el("option", { value: p, selected: p === level }, p)));
  root.append(el("h2", {}, "Dyad network"), el("p", {}, "Nodes: ", picker, ". Edge width: linked events; green cooperation, red conflict (majority)."));
  if (!data.nodes.length) { root.append(el("p", { class: "muted", "data-testid": "empty" }, "No dyadic events match the filters.")); return; }
  const W = 900, H = 600;
  const pos = layout(data.nodes, data.edges, W, H);
  const index = new Map(data.nodes.map((node, i) => [node.id, i]));
  const maxE = Math.max(1, ...data.edges.map((e) => e.events));
  const maxN = Math.max(1, ...data.nodes.map((nd) => nd.events));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, "data-testid": "network-svg", role: "img" });
  for (const e of data.edges) {
    const a = pos[index.get(e.source)], b = pos[index.get(e.target)];
    const cls = e.cooperation >= e.conflict ? "edge coop" : "edge conf";
    const mx = (a.x + b.x) / 2 + (b.y - a.y) * 0.15, my = (a.y + b.y) / 2 - (b.x - a.x) * 0.15;
    chart.append(svg("path", { class: cls, d: `M${a.x},${a.y} Q${mx},${my} ${b.x},${b.y}`, "stroke-width": 1 + (6 * e.events) / maxE },
      svg("title", {}, `${e.source} → ${e.target}: ${e.events} event(s), ${e.cooperation} cooperation, ${e.conflict} conflict, Goldstein ${e.goldstein}`)));
  }
  data.nodes.forEach((nd, i) => {
    const r = 4 + 12 * Math.sqrt(nd.events / maxN);
    const dyadParams = level === "country" ? { view: "events", country: nd.id } : { view: "actor", id: nd.id };
    const g = svg("g", { class: "node", "data-testid": "network-node" },
      svg("circle", { cx: pos[i].x, cy: pos[i].y, r }, svg("title", {}, `${nd.label}: ${nd.events} event(s)`)),
      svg("text", { x: pos[i].x + r + 2, y: pos[i].y + 4 }, nd.label));
    g.addEventListener("click", () => navigate(dyadParams, { reset: level !== "country" }));
    chart.append(g);
  });
  root.append(chart, el("p", { class: "muted" }, `${data.nodes.length} nodes, ${data.edges.length} edges. Click a node to see its events.`));
}
