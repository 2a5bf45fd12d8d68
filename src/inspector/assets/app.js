// trst-hooks inspector. Vanilla JS, no dependencies. Untrusted text (bodies, headers, paths,
// ids) is only ever inserted with textContent / text nodes, never parsed as HTML.
"use strict";

const MAX_ROWS = 1000;
const state = {
  rows: [],          // summaries shown, newest first
  pending: [],       // arrived while the user was reading (scrolled down)
  selected: null,    // id
  picked: [],        // ids ticked for a diff
  types: new Set(),
  info: null,
  source: null,
  queued: [],        // stream events waiting for the next frame
};

// ---- DOM helpers: text only ----
function el(tag, cls, ...children) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
const $ = (id) => document.getElementById(id);
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

function filters() {
  const p = new URLSearchParams();
  const add = (k, v) => { if (v) p.set(k, v); };
  add("q", $("q").value.trim());
  add("verdict", $("f-verdict").value);
  add("type", $("f-type").value);
  add("status", $("f-status").value);
  return p;
}

async function api(path, options) {
  const response = await fetch(path, Object.assign({ credentials: "same-origin" }, options || {}));
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok && !(body && body.status !== undefined)) {
    throw new Error((body && body.error) || String(body) || response.statusText);
  }
  return body;
}

// ---- formatting ----
function time(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return iso || "";
  const pad = (n, w) => String(n).padStart(w || 2, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
function size(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1048576).toFixed(1)} MiB`;
}
function verdictText(v) { return v === "valid" ? "✓ valid" : v === "unsigned" ? "✗ unsigned" : "✗ invalid"; }
function statusClass(s) { return s >= 200 && s < 300 ? "ok" : s >= 500 ? "warn" : "bad"; }

// ---- the list ----
function row(s) {
  const pick = el("input");
  pick.type = "checkbox";
  pick.title = "tick two to diff";
  pick.checked = state.picked.includes(s.id);
  pick.addEventListener("click", (e) => { e.stopPropagation(); togglePick(s.id, pick.checked); });
  const type = el("span", "c-type", s.event_type || "—");
  if (s.duplicate) type.append(el("span", "tag dup", "dup"));
  if (s.replay_of) {
    const tag = el("span", "tag replayed", `replay #${s.replay_of}`);
    tag.title = `replay of #${s.replay_of}`;
    type.append(tag);
  }
  const r = el("div", "row",
    el("span", "c-pick", pick),
    el("span", "c-time dim", time(s.received_at)),
    el("span", `c-verdict ${s.verdict === "valid" ? "ok" : "bad"}`, verdictText(s.verdict)),
    type,
    el("span", "c-id dim", (s.event_id || "").slice(0, 8)),
    el("span", `c-status ${statusClass(s.status)}`, String(s.status)),
    el("span", "c-lat dim", `${Number(s.latency_ms).toFixed(1)} ms`),
    el("span", "c-size dim", size(s.body_bytes)));
  r.dataset.id = String(s.id);
  r.title = `#${s.id} ${s.method} ${s.path}`;
  if (s.id === state.selected) r.classList.add("selected");
  r.addEventListener("click", () => select(s.id));
  return r;
}

function noteType(t) {
  if (!t || state.types.has(t)) return;
  state.types.add(t);
  const select = $("f-type");
  const option = el("option", null, t);
  option.value = t;
  select.append(option);
}

function renderList() {
  const list = $("list");
  clear(list);
  const frag = document.createDocumentFragment();
  for (const s of state.rows) frag.append(row(s));
  list.append(frag);
  $("empty").hidden = state.rows.length > 0;
  counts();
}

function counts(held) {
  if (held !== undefined) state.held = held;
  $("counts").textContent = `${state.rows.length} shown` + (state.held !== undefined ? ` · ${state.held} held` : "");
}

async function load() {
  const body = await api(`/api/deliveries?${filters()}`);
  state.rows = body.deliveries.slice(0, MAX_ROWS);
  state.pending = [];
  for (const s of state.rows) noteType(s.event_type);
  renderList();
  counts(body.held);
  showNews();
  exportLinks();
}

function exportLinks() {
  const p = filters();
  p.set("format", "jsonl");
  $("export-jsonl").href = `/api/export?${p}`;
  p.set("format", "har");
  $("export-har").href = `/api/export?${p}`;
}

// New deliveries: at the top when the user is at the top; otherwise counted ("3 new") so the
// list does not move under the reader.
function reading() { return $("list").scrollTop > 0; }

function arrive(batch) {
  for (const s of batch) noteType(s.event_type);
  if (reading()) {
    state.pending = batch.reverse().concat(state.pending);
    showNews();
    return;
  }
  insert(batch.reverse());
}

function insert(newestFirst) {
  const list = $("list");
  const frag = document.createDocumentFragment();
  for (const s of newestFirst) frag.append(row(s));
  list.prepend(frag);
  state.rows = newestFirst.concat(state.rows);
  while (state.rows.length > MAX_ROWS) {
    state.rows.pop();
    if (list.lastChild) list.removeChild(list.lastChild);
  }
  $("empty").hidden = state.rows.length > 0;
  counts((state.held || 0) + newestFirst.length);
}

function showNews() {
  const news = $("news");
  news.hidden = state.pending.length === 0;
  news.textContent = `${state.pending.length} new ↑`;
}

function flushNews() {
  const batch = state.pending;
  state.pending = [];
  showNews();
  insert(batch);
  $("list").scrollTop = 0;
}

function connect() {
  if (state.source) state.source.close();
  const source = new EventSource(`/api/stream?${filters()}`);
  state.source = source;
  source.addEventListener("open", () => { $("live").textContent = "live"; $("live").className = "live on"; });
  source.addEventListener("error", () => { $("live").textContent = "reconnecting…"; $("live").className = "live off"; });
  source.addEventListener("delivery", (e) => {
    let s;
    try { s = JSON.parse(e.data); } catch (_) { return; }
    state.queued.push(s);
    if (state.queued.length === 1) setTimeout(drain, 16);
  });
  source.addEventListener("resync", () => { load().catch(report); });
}

function drain() {
  const batch = state.queued;
  state.queued = [];
  if (batch.length) arrive(batch);
}

// ---- selection and keyboard ----
function select(id) {
  state.selected = id;
  for (const r of $("list").querySelectorAll(".row.selected")) r.classList.remove("selected");
  const r = $("list").querySelector(`.row[data-id="${Number(id)}"]`);
  if (r) { r.classList.add("selected"); r.scrollIntoView({ block: "nearest" }); }
  showDetail(id).catch(report);
}

function move(step) {
  if (!state.rows.length) return;
  let at = state.rows.findIndex((s) => s.id === state.selected);
  at = at < 0 ? 0 : Math.min(state.rows.length - 1, Math.max(0, at + step));
  select(state.rows[at].id);
}

function togglePick(id, on) {
  state.picked = state.picked.filter((x) => x !== id);
  if (on) state.picked.push(id);
  while (state.picked.length > 2) {
    const dropped = state.picked.shift();
    const box = $("list").querySelector(`.row[data-id="${Number(dropped)}"] input`);
    if (box) box.checked = false;
  }
  const button = $("compare");
  button.disabled = state.picked.length !== 2;
  button.textContent = `Diff ticked (${state.picked.length}/2)`;
}

function report(err) {
  const pane = $("pane");
  pane.prepend(el("p", "bad", `Error: ${err && err.message ? err.message : err}`));
}

// ---- a delivery's detail ----
function rawBytes(d) {
  if (d.body_encoding !== "base64") return null;
  const bin = atob(d.body);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function hexDump(bytes) {
  const lines = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const chunk = Array.from(bytes.slice(at, at + 16));
    const hex = chunk.map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const text = chunk.map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${at.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  ${text}`);
  }
  return lines.join("\n");
}

function parseJson(d) {
  if (d.body_encoding !== "utf8") return { ok: false };
  try { return { ok: true, value: JSON.parse(d.body) }; } catch (_) { return { ok: false }; }
}

function jsonNode(value, key, depth) {
  const label = key === undefined ? null : el("span", "j-key", `${JSON.stringify(key)}: `);
  if (value !== null && typeof value === "object") {
    const isArray = Array.isArray(value);
    const entries = isArray ? value.map((v, i) => [i, v]) : Object.keys(value).map((k) => [k, value[k]]);
    const details = el("details");
    details.open = depth < 3;
    const count = isArray ? `[ ${entries.length} items ]` : `{ ${entries.length} keys }`;
    details.append(el("summary", null, label, count));
    for (const [k, v] of entries) details.append(jsonNode(v, isArray ? undefined : k, depth + 1));
    return details;
  }
  let cls = "j-lit";
  if (typeof value === "string") cls = "j-str";
  else if (typeof value === "number") cls = "j-num";
  return el("div", "line", label, el("span", cls, JSON.stringify(value)));
}

function kvTable(pairs) {
  const table = el("table", "kv");
  for (const [k, v] of pairs) table.append(el("tr", null, el("td", null, k), el("td", null, v)));
  return table;
}

function signatureBox(d) {
  const box = el("div", `verdict ${d.verdict}`);
  const sig = d.signature || {};
  if (d.verdict === "valid") {
    box.append(el("div", "ok", `✓ valid signature, matched secret ${sig.secret || `#${(sig.secret_index || 0) + 1}`}`));
    return box;
  }
  box.append(el("div", "bad", `✗ ${d.verdict}: ${d.signature_message || sig.reason || ""}`));
  for (const note of sig.diagnosis || []) {
    box.append(el("p", "cause", el("b", null, "cause: "), note.explanation));
    box.append(el("p", "cause", el("i", null, "fix: "), note.hint));
  }
  if (d.unexplained) box.append(el("p", "cause", el("b", null, "cause: "), d.unexplained));
  return box;
}

function link(text, id) {
  const a = el("a", null, text);
  a.href = "#";
  a.addEventListener("click", (e) => { e.preventDefault(); select(id); });
  return a;
}

async function showDetail(id) {
  const d = await api(`/api/deliveries/${Number(id)}`);
  if (state.selected !== id) return;
  const pane = $("pane");
  clear(pane);
  pane.dataset.view = "detail";
  pane.dataset.id = String(d.id);
  pane.append(el("h2", null, d.event_type || "(no event type)", el("span", "dim", `  #${d.id}`)));
  pane.append(el("div", "dim", `${d.method} ${d.path} · ${d.received_at} · event ${d.event_id || "—"}`));
  const links = el("div", "dim");
  if (d.replay_of) links.append("replay of ", link(`#${d.replay_of}`, d.replay_of), " ");
  if (d.replays && d.replays.length) {
    links.append("replayed as ");
    d.replays.forEach((r, i) => links.append(i ? ", " : "", link(`#${r}`, r)));
  }
  pane.append(links);
  const actions = el("div", "actions");
  const replayButton = el("button", null, "Replay…");
  replayButton.type = "button";
  replayButton.id = "replay-open";
  replayButton.addEventListener("click", () => replayForm(d, pane, false));
  const editButton = el("button", null, "Edit and replay…");
  editButton.type = "button";
  editButton.id = "edit-open";
  editButton.disabled = d.body_encoding !== "utf8";
  editButton.addEventListener("click", () => replayForm(d, pane, true));
  const curlButton = el("button", null, "Copy as curl");
  curlButton.type = "button";
  curlButton.id = "curl";
  curlButton.addEventListener("click", () => copyCurl(d, pane).catch(report));
  actions.append(replayButton, editButton, curlButton);
  pane.append(actions);
  const slot = el("div");
  slot.id = "action-slot";
  pane.append(slot);

  pane.append(el("h3", null, "Signature"), signatureBox(d));
  const answer = el("div", null, el("span", statusClass(d.response.status), String(d.response.status)),
    ` in ${Number(d.response.latency_ms).toFixed(1)} ms`);
  if (d.duplicate) answer.append(el("span", "tag", "duplicate event_id"));
  pane.append(el("h3", null, "Answer"), answer);
  pane.append(el("h3", null, `Headers (${d.headers.length})`), kvTable(d.headers));

  const parsed = parseJson(d);
  pane.append(el("h3", null, `Body (${size(d.body_bytes)})`));
  if (parsed.ok) {
    const tree = el("div", "json");
    tree.id = "body-tree";
    tree.append(jsonNode(parsed.value, undefined, 0));
    pane.append(tree);
  } else {
    pane.append(el("p", "dim", d.body_encoding === "utf8" ? "not JSON; raw bytes below" : "not UTF-8; hex below"));
  }
  const raw = el("details");
  raw.open = !parsed.ok;
  const bytes = rawBytes(d);
  const pre = el("pre", null, bytes ? hexDump(bytes) : d.body);
  pre.id = "raw";
  raw.append(el("summary", null, bytes ? "Raw bytes (hex)" : "Raw bytes, exactly as received"), pre);
  pane.append(el("h3", null, "Raw"), raw);
}

// ---- replay ----
function radio(name, value, text, checked) {
  const input = el("input");
  input.type = "radio";
  input.name = name;
  input.value = value;
  input.checked = !!checked;
  return el("label", null, input, ` ${text}`);
}

function replayForm(d, pane, editing) {
  const slot = $("action-slot");
  clear(slot);
  const form = el("form", "replay");
  form.id = "replay-form";
  const info = state.info || {};
  const targets = el("div", null, el("b", null, "Send to: "), radio("target", "listener", "this listener", true));
  if (info.forward_to) targets.append(radio("target", "forward", `--forward-to ${info.forward_to}`));
  targets.append(radio("target", "url", "URL: "));
  const url = el("input");
  url.type = "url";
  url.name = "url";
  url.placeholder = "http://localhost:8000/webhooks/trst";
  targets.append(url);
  const sign = el("select");
  sign.name = "signature";
  for (const [value, text] of [["original", "keep the original signature"], ["listener", "sign with the listener's secret"],
    ["wrong", "sign deliberately wrong"], ["none", "send unsigned"]]) {
    const option = el("option", null, text);
    option.value = value;
    sign.append(option);
  }
  sign.value = editing ? "listener" : "original";
  form.append(targets, el("div", null, el("b", null, "Signature: "), sign));
  let body = null;
  if (editing) {
    body = el("textarea");
    body.name = "body";
    body.spellcheck = false;
    body.value = d.body;
    form.append(body);
  }
  const send = el("button", null, editing ? "Send edited" : "Replay");
  send.type = "submit";
  send.id = "replay-send";
  const result = el("div", "result dim");
  result.id = "replay-result";
  form.append(el("div", "actions", send), result);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const ask = { target: form.querySelector("input[name=target]:checked").value, signature: sign.value };
    if (ask.target === "url") ask.url = url.value;
    if (body) ask.body = body.value;
    result.textContent = "sending…";
    api(`/api/deliveries/${Number(d.id)}/replay`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ask),
    }).then((r) => {
      result.textContent = r.error ? `no answer from ${r.url}: ${r.error}` : `${r.url} answered ${r.status} in ${Number(r.latency_ms).toFixed(1)} ms`;
      result.className = `result ${r.error ? "bad" : statusClass(r.status)}`;
    }).catch((err) => { result.textContent = err.message; result.className = "result bad"; });
  });
  slot.append(form);
}

async function copyCurl(d) {
  const text = await api(`/api/deliveries/${Number(d.id)}/curl`);
  const slot = $("action-slot");
  clear(slot);
  const pre = el("pre", null, text);
  pre.id = "curl-text";
  let note = "copied to the clipboard";
  try { await navigator.clipboard.writeText(text); } catch (_) { note = "select and copy:"; }
  slot.append(el("p", "dim", note), pre);
}

// ---- diff ----
function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
function same(a, b) { return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b)); }
function canonical(v) {
  if (Array.isArray(v)) return v.map(canonical);
  if (isObject(v)) { const o = {}; for (const k of Object.keys(v).sort()) o[k] = canonical(v[k]); return o; }
  return v;
}
function pathOf(base, key) { return typeof key === "number" ? `${base}[${key}]` : `${base}.${key}`; }

function diffJson(a, b, path, out) {
  if (isObject(a) && isObject(b)) {
    const keys = Array.from(new Set(Object.keys(a).concat(Object.keys(b)))).sort();
    for (const k of keys) {
      const p = pathOf(path, k);
      if (!(k in a)) out.push({ kind: "added", path: p, now: b[k] });
      else if (!(k in b)) out.push({ kind: "removed", path: p, was: a[k] });
      else diffJson(a[k], b[k], p, out);
    }
  } else if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const p = pathOf(path, i);
      if (i >= a.length) out.push({ kind: "added", path: p, now: b[i] });
      else if (i >= b.length) out.push({ kind: "removed", path: p, was: a[i] });
      else diffJson(a[i], b[i], p, out);
    }
  } else if (!same(a, b)) {
    out.push({ kind: "changed", path, was: a, now: b });
  }
  return out;
}

function headerMap(d) {
  const m = new Map();
  for (const [k, v] of d.headers) m.set(k, m.has(k) ? `${m.get(k)}, ${v}` : v);
  return m;
}

function diffRow(c, text) {
  const value = el("span");
  if (c.kind === "changed") value.append(el("span", "old", text(c.was)), "  →  ", text(c.now));
  else value.append(text(c.kind === "added" ? c.now : c.was));
  const r = el("div", `diff-row ${c.kind}`, el("span", null, c.kind), el("span", "j-key", c.path), value);
  r.dataset.path = c.path;
  return r;
}

async function showDiff(a, b) {
  const [x, y] = await Promise.all([api(`/api/deliveries/${Number(a)}`), api(`/api/deliveries/${Number(b)}`)]);
  const pane = $("pane");
  clear(pane);
  pane.dataset.view = "diff";
  pane.append(el("h2", null, `Diff #${x.id} → #${y.id}`));
  pane.append(el("div", "dim", `${x.event_type || "—"} ${x.received_at}  →  ${y.event_type || "—"} ${y.received_at}`));
  const px = parseJson(x);
  const py = parseJson(y);
  const body = el("div");
  body.id = "diff-body";
  pane.append(el("h3", null, "Body (JSON-aware: key order ignored)"), body);
  let jsonEqual = false;
  if (px.ok && py.ok) {
    const changes = diffJson(px.value, py.value, "$", []);
    jsonEqual = changes.length === 0;
    if (jsonEqual) body.append(el("p", "dim", "The JSON is equal."));
    for (const c of changes) body.append(diffRow(c, (v) => JSON.stringify(v)));
  } else if (x.body === y.body && x.body_encoding === y.body_encoding) {
    body.append(el("p", "dim", "Not JSON; the bodies are identical."));
  } else {
    body.append(diffRow({ kind: "changed", path: "body", was: x.body, now: y.body }, (v) => v));
  }
  const headers = el("div");
  headers.id = "diff-headers";
  const hx = headerMap(x);
  const hy = headerMap(y);
  const names = Array.from(new Set([...hx.keys(), ...hy.keys()])).sort();
  let headerChanges = 0;
  for (const n of names) {
    let c = null;
    if (!hx.has(n)) c = { kind: "added", path: n, now: hy.get(n) };
    else if (!hy.has(n)) c = { kind: "removed", path: n, was: hx.get(n) };
    else if (hx.get(n) !== hy.get(n)) c = { kind: "changed", path: n, was: hx.get(n), now: hy.get(n) };
    if (c) { headers.append(diffRow(c, (v) => v)); headerChanges++; }
  }
  if (!headerChanges) headers.append(el("p", "dim", "Same headers."));
  pane.append(el("h3", null, "Headers"), headers);
  const raw = el("div");
  raw.id = "diff-raw";
  pane.append(el("h3", null, "Raw bytes"), raw);
  if (x.body === y.body && x.body_encoding === y.body_encoding) {
    raw.append(el("p", "dim", `Byte-identical (${size(x.body_bytes)}).`));
  } else {
    let at = 0;
    while (at < x.body.length && at < y.body.length && x.body[at] === y.body[at]) at++;
    const note = jsonEqual
      ? "The JSON is equal but the bytes differ (re-serialised): a signature over one does not verify the other."
      : "The bytes differ.";
    raw.append(el("p", jsonEqual ? "warn" : "dim", `${note} First difference at character ${at} (${size(x.body_bytes)} → ${size(y.body_bytes)}).`));
    const around = (s) => s.slice(Math.max(0, at - 30), at + 50);
    raw.append(el("pre", null, `#${x.id}: …${around(x.body)}…\n#${y.id}: …${around(y.body)}…`));
  }
}

// ---- start ----
function start() {
  let timer = null;
  $("q").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => { load().catch(report); connect(); }, 200);
  });
  for (const id of ["f-verdict", "f-type", "f-status"]) {
    $(id).addEventListener("change", () => { load().catch(report); connect(); });
  }
  $("news").addEventListener("click", flushNews);
  $("list").addEventListener("scroll", () => { if (!reading() && state.pending.length) flushNews(); });
  $("compare").addEventListener("click", () => {
    // Older to newer, whatever order they were ticked in.
    const [a, b] = state.picked.slice().sort((x, y) => x - y);
    if (state.picked.length === 2) showDiff(a, b).catch(report);
  });
  document.addEventListener("keydown", (e) => {
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement && document.activeElement.tagName);
    if (e.key === "Escape") { document.activeElement.blur(); return; }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "j") { move(1); e.preventDefault(); }
    else if (e.key === "k") { move(-1); e.preventDefault(); }
    else if (e.key === "/") { $("q").focus(); e.preventDefault(); }
  });
  api("/api/info").then((info) => { state.info = info; }).catch(report);
  load().then(connect).catch(report);
}

document.addEventListener("DOMContentLoaded", start);
