// Engram memory browser: a dependency-free client of the REST API (/v1), served by engram serve.
// Everything the server returns is shown with textContent, never as HTML.
"use strict";

const TYPES = [
  ["core", "Core"],
  ["episodic", "Episodic"],
  ["semantic", "Semantic"],
  ["procedural", "Procedural"],
  ["resource", "Resources"],
  ["knowledge_vault", "Knowledge vault"],
];
const $ = (id) => document.getElementById(id);
const state = { token: sessionStorage.getItem("engram-token") || "", user: "", type: "core", current: null };

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function status(text) {
  $("status").textContent = text;
}

async function api(path, options = {}) {
  const headers = { authorization: `Bearer ${state.token}` };
  if (options.json !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, { method: options.method || "GET", headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
  if (response.status === 401) {
    signOut("Your token is not valid (or was revoked). Sign in again.");
    throw new Error("unauthorized");
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({ title: "Error", detail: response.statusText }));
    status(`${problem.title}: ${problem.detail}`);
    throw new Error(problem.detail);
  }
  if (response.status === 204) return null;
  return (response.headers.get("content-type") || "").includes("json") ? response.json() : response.text();
}

function day(iso) {
  return iso ? new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) : "";
}

function itemLabel(item) {
  // The vault lists captions only; the value shows in the detail, where the server withholds high-sensitivity ones.
  if (item.type === "knowledge_vault") return item.caption || item.entry_type || item.text;
  return item.text;
}

function itemButton(item) {
  const meta = `${item.type} · ${day(item.valid_from)}${item.valid_to ? ` · invalid since ${day(item.valid_to)}` : ""}`;
  return el("li", {}, el("button", { type: "button", "data-id": item.id, onclick: () => openItem(item.id) }, itemLabel(item), el("span", { class: "meta", text: meta })));
}

// --- sign in -------------------------------------------------------------------------------

async function signIn(token) {
  state.token = token;
  try {
    const me = await api("/v1/me");
    state.user = me.user_id;
  } catch {
    $("signin-error").textContent = "That token was not accepted.";
    return;
  }
  sessionStorage.setItem("engram-token", token);
  $("signin").hidden = true;
  $("app").hidden = false;
  $("account").hidden = false;
  $("who").textContent = `Signed in as ${state.user}`;
  await refresh();
}

function signOut(message = "") {
  sessionStorage.removeItem("engram-token");
  state.token = "";
  $("app").hidden = true;
  $("account").hidden = true;
  $("signin").hidden = false;
  $("who").textContent = "";
  $("signin-error").textContent = message;
}

// --- tabs and lists ------------------------------------------------------------------------

async function refresh() {
  const stats = await api("/v1/stats");
  const tabs = $("tabs");
  tabs.replaceChildren(
    ...TYPES.map(([type, title]) =>
      el("button", { role: "tab", id: `tab-${type}`, "aria-controls": "panel", "aria-selected": String(type === state.type), tabindex: type === state.type ? "0" : "-1", onclick: () => selectTab(type) }, `${title} (${stats[type] ?? 0})`),
    ),
  );
  $("panel").setAttribute("aria-labelledby", `tab-${state.type}`);
  await renderPanel();
}

async function selectTab(type) {
  state.type = type;
  await refresh();
  $(`tab-${type}`).focus();
}

$("tabs").addEventListener("keydown", (event) => {
  const index = TYPES.findIndex(([type]) => type === state.type);
  const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: TYPES.length - 1 - index };
  if (!(event.key in moves)) return;
  event.preventDefault();
  void selectTab(TYPES[(index + moves[event.key] + TYPES.length) % TYPES.length][0]);
});

async function renderPanel() {
  const { items, total } = await api(`/v1/memories?type=${state.type}&limit=500&include_invalid=true`);
  const panel = $("panel");
  panel.dataset.type = state.type;
  if (items.length === 0) {
    panel.replaceChildren(el("p", { class: "hint", text: "Nothing remembered here yet." }));
    return;
  }
  if (state.type !== "episodic") {
    panel.replaceChildren(el("p", { class: "hint", text: `${total} ${total === 1 ? "item" : "items"}, newest first` }), el("ul", { class: "items" }, ...items.map(itemButton)));
    return;
  }
  // Episodic memory as a timeline: one group per day the event happened, latest day first.
  const byDay = new Map();
  for (const item of [...items].sort((a, b) => b.valid_from.localeCompare(a.valid_from))) {
    const key = day(item.valid_from);
    if (!byDay.has(key)) byDay.set(key, []);
    byDay.get(key).push(item);
  }
  panel.replaceChildren(el("p", { class: "hint", text: `Timeline: ${total} events` }), ...[...byDay].flatMap(([label, group]) => [el("h3", { class: "day", text: label }), el("ul", { class: "items" }, ...group.map(itemButton))]));
}

// --- search --------------------------------------------------------------------------------

$("search").addEventListener("submit", async (event) => {
  event.preventDefault();
  const query = $("query").value.trim();
  if (!query) return;
  status("Searching...");
  const result = await api("/v1/recall", { method: "POST", json: { query } });
  $("results").hidden = false;
  $("context").textContent = result.context;
  $("context-tokens").textContent = String(result.tokens);
  $("result-items").replaceChildren(...result.items.map((item) => itemButton({ ...item, valid_from: "" })));
  status(`${result.items.length} items recalled`);
});

// --- item detail ---------------------------------------------------------------------------

const FIELDS = ["type", "text", "summary", "details", "caption", "secret", "label", "value", "steps", "uri", "importance", "valid_from", "valid_to", "created_at", "updated_at", "id"];

async function openItem(id) {
  const [{ item, messages }, history] = await Promise.all([api(`/v1/memories/${encodeURIComponent(id)}`), api(`/v1/memories/${encodeURIComponent(id)}/history`)]);
  state.current = item;
  $("detail-title").textContent = `${TYPES.find(([type]) => type === item.type)?.[1] ?? item.type} memory`;
  $("detail-fields").replaceChildren(
    ...FIELDS.filter((field) => item[field] !== undefined && item[field] !== "").flatMap((field) => [
      el("dt", { text: field === "valid_to" ? "valid until" : field.replace("_", " ") }),
      el("dd", { text: field === "valid_to" && item.valid_to === null ? "still valid" : Array.isArray(item[field]) ? item[field].join(" → ") : String(item[field]) }),
    ]),
  );
  $("edit-text").value = item.text;
  $("detail-sources").replaceChildren(...(messages.length ? messages.map((message) => el("li", {}, el("strong", { text: `${message.speaker || message.role} (${day(message.timestamp)}, ${message.id}): ` }), message.content)) : [el("li", { text: "no source messages" })]));
  $("detail-history").replaceChildren(...history.items.map((row) => el("li", { text: `${day(row.created_at)} ${row.event} (${row.cause})` })));
  if (!$("detail").open) $("detail").showModal();
}

async function afterChange(message) {
  await refresh();
  status(message);
}

$("edit").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("edit-text").value.trim();
  await api(`/v1/memories/${encodeURIComponent(state.current.id)}`, { method: "PATCH", json: { text } });
  await openItem(state.current.id);
  await afterChange("Saved.");
});

$("invalidate").addEventListener("click", async () => {
  if (!(await confirmAction("Mark this memory as no longer true? It stays in the history."))) return;
  await api(`/v1/memories/${encodeURIComponent(state.current.id)}`, { method: "PATCH", json: { valid_to: new Date().toISOString() } });
  await openItem(state.current.id);
  await afterChange("Invalidated.");
});

$("delete").addEventListener("click", async () => {
  if (!(await confirmAction("Delete this memory? This cannot be undone."))) return;
  await api(`/v1/memories/${encodeURIComponent(state.current.id)}`, { method: "DELETE" });
  $("detail").close();
  $("results").hidden = true;
  await afterChange("Deleted.");
});

function confirmAction(text, typedWord) {
  const dialog = $("confirm");
  $("confirm-text").textContent = text;
  $("confirm-typed").hidden = !typedWord;
  $("confirm-word").textContent = typedWord || "";
  $("confirm-input").value = "";
  dialog.returnValue = "";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok" && (!typedWord || $("confirm-input").value === typedWord)), { once: true });
    dialog.showModal();
  });
}

// --- account -------------------------------------------------------------------------------

$("export").addEventListener("click", async () => {
  const text = await api("/v1/export", { method: "POST" });
  const link = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/x-ndjson" })), download: `engram-${state.user}.jsonl` });
  link.click();
  URL.revokeObjectURL(link.href);
  status("Export downloaded (it holds your secrets in clear: keep it safe).");
});

$("forget").addEventListener("click", async () => {
  if (!(await confirmAction("Delete everything remembered about you, for good?", state.user))) return;
  await api("/v1/users/me", { method: "DELETE" });
  $("results").hidden = true;
  await afterChange("Everything about you was deleted.");
});

$("signout").addEventListener("click", () => signOut());
$("signin").addEventListener("submit", (event) => {
  event.preventDefault();
  void signIn($("token").value.trim());
});
window.addEventListener("unhandledrejection", (event) => {
  // api() already showed the problem in the status line.
  event.preventDefault();
});
if (state.token) void signIn(state.token);
