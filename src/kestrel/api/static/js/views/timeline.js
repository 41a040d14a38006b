// The timeline: linked events per day or week, stacked by quad class, with the Goldstein sum as a line.
import { filtersOf, getJSON } from "../api.js";
import { el, svg } from "../dom.js";
import { navigate } from "../main.js";

const QUADS = [["quad1", "Verbal cooperation"], ["quad2", "Material cooperation"], ["quad3", "Verbal conflict"], ["quad4", "Material conflict"]];

/** A bar chart of rows {period, quad1..quad4, events, goldstein} as an SVG element. */
export function barChart(rows, { simple = false } = {}) {
  const W = 900, H = 320, L = 40, R = 40, T = 10, B = 60;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, "data-testid": "timeline-svg", role: "img" });
  const max = Math.max(1, ...rows.map((r) => r.events));
  const gmax = Math.max(1, ...rows.map((r) => Math.abs(r.goldstein ?? 0)));
  const step = (W - L - R) / Math.max(1, rows.length);
  const bw = Math.max(2, step * 0.7);
  const y = (v) => H - B - (v / max) * (H - T - B);
  const gy = (v) => T + (H - T - B) / 2 - (v / gmax) * ((H - T - B) / 2);
  chart.append(svg("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: "#999" }),
    svg("text", { x: 4, y: T + 10 }, String(max)), svg("text", { x: 4, y: H - B }, "0"));
  const points = [];
  rows.forEach((r, i) => {
    const x = L + i * step + (step - bw) / 2;
    let base = 0;
    const parts = simple ? [["events", "Events"]] : QUADS;
    for (const [key, label] of parts) {
      const v = r[key] ?? 0;
      if (!v) continue;
      const cls = simple ? "bar q2" : `bar ${key.replace("quad", "q")}`;
      chart.append(svg("rect", { class: cls, x, width: bw, y: y(base + v), height: y(base) - y(base + v) },
        svg("title", {}, `${r.period}: ${v} ${label.toLowerCase()}`)));
      base += v;
    }
    points.push(`${x + bw / 2},${gy(r.goldstein ?? 0)}`);
    if (rows.length <= 40 || i % Math.ceil(rows.length / 40) === 0) {
      chart.append(svg("text", { x: x, y: H - B + 12, transform: `rotate(45 ${x} ${H - B + 12})` }, String(r.period).slice(0, 10)));
    }
  });
  if (!simple && points.length) chart.append(svg("polyline", { class: "gline", points: points.join(" ") }, svg("title", {}, "Goldstein sum")));
  return chart;
}

export async function renderTimeline(root, params, isCurrent) {
  const period = ["day", "week", "month"].includes(params.get("period")) ? params.get("period") : "week";
  const rows = await getJSON("/api/timeline", { ...filtersOf(params), period });
  if (!isCurrent()) return;
  const picker = el("select", { "data-testid": "period", onchange: (e) => navigate({ period: e.target.value }) },
    ["day", "week", "month"].map((p) => el("option", { value: p, selected: p === period }, p)));
  root.append(el("h2", {}, "Timeline"), el("p", {}, "Linked events per ", picker, " by quad class; the line is the Goldstein sum."));
  root.append(el("p", { class: "legend" }, QUADS.map(([k, label]) => el("span", {}, svg("svg", { width: 10, height: 10 }, svg("rect", { class: k.replace("quad", "q"), width: 10, height: 10 })), " ", label))));
  if (!rows.length) { root.append(el("p", { class: "muted", "data-testid": "empty" }, "No dated events match the filters.")); return; }
  root.append(barChart(rows));
}
