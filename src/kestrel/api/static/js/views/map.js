// The map: event locations over a bundled world outline (Natural Earth 110m land, via world-atlas);
// an equirectangular projection drawn as SVG. No tile server.
import { filtersOf, getJSON } from "../api.js";
import { el, svg } from "../dom.js";

const W = 960, H = 480;
const px = (lon) => ((lon + 180) / 360) * W;
const py = (lat) => ((90 - lat) / 180) * H;
let world = null;

function ringPath(ring) {
  return ring.map(([lon, lat], i) => `${i ? "L" : "M"}${px(lon).toFixed(1)},${py(lat).toFixed(1)}`).join("") + "Z";
}

function landPaths(geo) {
  const out = [];
  for (const f of geo.features) {
    const g = f.geometry;
    const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    out.push(polys.map((poly) => poly.map(ringPath).join("")).join(""));
  }
  return out;
}

export async function renderMap(root, params, isCurrent) {
  world ??= await getJSON("/static/vendor/world-atlas/land-110m.geojson.json");
  const points = await getJSON("/api/map", { ...filtersOf(params), limit: 2000 });
  if (!isCurrent()) return;
  root.append(el("h2", {}, "Map"), el("p", { class: "muted" }, "Where events happened (circle area: linked events; green cooperation, red conflict)."));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, "data-testid": "map-svg", role: "img" });
  for (const d of landPaths(world)) chart.append(svg("path", { class: "land", d }));
  const max = Math.max(1, ...points.map((p) => p.events));
  for (const p of points) {
    chart.append(svg("circle", { class: `point ${p.cooperation >= p.conflict ? "coop" : "conf"}`, "data-testid": "map-point",
      cx: px(p.lon), cy: py(p.lat), r: 3 + 9 * Math.sqrt(p.events / max) },
      svg("title", {}, `${p.name ?? "?"} (${p.country ?? "?"}): ${p.events} event(s), Goldstein ${p.goldstein}`)));
  }
  root.append(chart, el("p", { class: "muted" }, `${points.length} place(s).`));
}
