// DOM helpers. Text from the API is untrusted: it only ever becomes text nodes, never parsed as HTML.

export const SVG_NS = "http://www.w3.org/2000/svg";

/** Create an element: el("td", {class: "x", dataset: {id: "1"}}, "text", childNode, ...). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/** Create an SVG element with attributes and children. */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Remove every child of a node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/**
 * The sentence as DOM nodes, with the source, target and trigger spans wrapped in <mark> elements.
 * Spans are [start, end) character offsets; they may overlap.
 */
export function highlighted(sentence, spans) {
  const text = String(sentence ?? "");
  const marks = Object.entries(spans).filter(([, s]) => Array.isArray(s) && s.length === 2);
  const cuts = new Set([0, text.length]);
  for (const [, [a, b]] of marks) { cuts.add(clamp(a, text.length)); cuts.add(clamp(b, text.length)); }
  const points = [...cuts].sort((x, y) => x - y);
  const out = el("span", { class: "sentence", "data-testid": "evidence-sentence" });
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    if (a === b) continue;
    const piece = text.slice(a, b);
    const kinds = marks.filter(([, [s, e]]) => s <= a && b <= e).map(([k]) => k);
    if (!kinds.length) { out.append(document.createTextNode(piece)); continue; }
    const cls = kinds.map((k) => `hl-${k}`).join(" ");
    out.append(el("mark", { class: cls, "data-testid": kinds.map((k) => `hl-${k}`).join(" "), title: kinds.join(", ") }, piece));
  }
  return out;
}

function clamp(n, max) { return Math.max(0, Math.min(Number(n) || 0, max)); }

/** A number with a sign class for Goldstein scores. */
export function goldstein(value) {
  const v = Number(value ?? 0);
  return el("span", { class: v >= 0 ? "goldstein-pos" : "goldstein-neg" }, v.toFixed(1));
}
