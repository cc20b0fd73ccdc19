// The owner's console: reads the shop's devices, analytics and alerts from /console/api every few
// seconds and shows them, and the shop's audit (what each employee and device changed) on demand. Everything a device or a person typed goes into the page as text (DOM
// text nodes, never HTML), and every change sends the session's CSRF token.
"use strict";

const REFRESH_MS = 5000;
const state = { csrf: null, hours: 24, charts: {}, screen: "devices", audit: { query: null, before: null } };
const AUDIT_PAGE = 50;

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined && value !== false) {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path, options) {
  const response = await fetch(path, Object.assign({ credentials: "same-origin" }, options || {}));
  if (response.status === 401) {
    window.location.assign("/console/login");
    throw new Error("signed out");
  }
  if (!response.ok) {
    let detail = response.status + " " + response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (ignored) { /* not JSON */ }
    throw new Error(detail);
  }
  return response.status === 204 ? null : response.json();
}

function change(path) {
  return api(path, { method: "POST", headers: { "X-CSRF-Token": state.csrf } });
}

function showStatus(text, isError) {
  const status = document.getElementById("status");
  status.textContent = text || "";
  status.className = isError ? "error" : "";
}

function age(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 60) return seconds + " s";
  if (seconds < 3600) return Math.floor(seconds / 60) + " min";
  if (seconds < 48 * 3600) return Math.floor(seconds / 3600) + " h";
  return Math.floor(seconds / 86400) + " days";
}

function since(instant, now) {
  if (!instant) return "never";
  return age(Math.max(0, Math.round((Date.parse(now) - Date.parse(instant)) / 1000))) + " ago";
}

function offset(ms) {
  const seconds = ms / 1000;
  return (seconds >= 0 ? "+" : "") + seconds.toFixed(1) + " s";
}

function nameOf(employees, id) {
  if (!id) return "–";
  return employees[id] || id.substring(0, 8);
}

// Screens -------------------------------------------------------------------------------------

function showScreen() {
  const [wanted, query] = (window.location.hash || "#devices").substring(1).split("?");
  state.screen = ["devices", "analytics", "alerts", "audit"].includes(wanted) ? wanted : "devices";
  for (const screen of document.querySelectorAll(".screen")) {
    screen.hidden = screen.id !== state.screen;
  }
  for (const link of document.querySelectorAll("nav a")) {
    link.classList.toggle("current", link.id === "nav-" + state.screen);
  }
  if (state.screen === "audit") showAudit(new URLSearchParams(query || ""));
  refresh();
}

async function refresh() {
  try {
    const alerts = await api("/console/api/alerts");
    renderAlerts(alerts.alerts);
    if (state.screen === "devices") renderDevices(await api("/console/api/devices"));
    if (state.screen === "analytics") renderAnalytics(await api("/console/api/analytics?hours=" + state.hours));
    showStatus("");
  } catch (e) {
    showStatus("Could not update: " + e.message, true);
  }
}

// Devices -------------------------------------------------------------------------------------

function renderDevices(answer) {
  const rows = answer.devices.map(device => deviceRow(device, answer.employees, answer.now));
  document.querySelector("#device-table tbody").replaceChildren(...rows);
}

function deviceRow(device, employees, now) {
  const health = device.health;
  const status = device.revokedAt
    ? el("span", { class: "state revoked" }, device.wipeRequested ? "revoked, wipe" : "revoked")
    : el("span", { class: "state " + (device.online ? "online" : "offline") }, device.online ? "online" : "offline");
  const actions = el("td", { class: "actions" }, auditLink("device", device.deviceId, "What this device did"));
  if (!device.revokedAt) {
    const revoke = el("button", { type: "button", class: "revoke", "data-device": device.deviceId }, "Revoke");
    revoke.addEventListener("click", () => revokeDevice(device, false));
    const wipe = el("button", { type: "button", class: "revoke-wipe", "data-device": device.deviceId }, "Revoke and wipe");
    wipe.addEventListener("click", () => revokeDevice(device, true));
    actions.append(revoke, wipe);
  }
  if (device.revokedAt && device.heldChanges > 0) {
    const review = el("button", { type: "button", class: "review-held" }, "Review " + device.heldChanges + " held");
    review.addEventListener("click", () => showHeld(device));
    actions.append(review);
  }
  if (device.signedInBy && !device.revokedAt) {
    const signOut = el("button", { type: "button", class: "sign-out-employee" }, "Sign out " + nameOf(employees, device.signedInBy));
    signOut.addEventListener("click", () => signOutEmployee(device.signedInBy, nameOf(employees, device.signedInBy)));
    actions.append(signOut);
  }
  const unsent = health && health.oldestUnsentSeconds !== null && health.oldestUnsentSeconds !== undefined
    ? age(health.oldestUnsentSeconds) : "–";
  return el("tr", { "data-device": device.deviceId, class: device.revokedAt ? "revoked" : null },
    el("td", { class: "name" }, device.name),
    el("td", {}, status),
    el("td", {}, since(device.lastSeenAt, now)),
    el("td", {}, health ? (health.appVersion || "–") : "–",
      health && health.sdkVersion ? el("small", {}, " SDK " + health.sdkVersion) : null),
    el("td", { class: "queue number" }, health ? health.queueDepth : "–"),
    el("td", { class: "oldest" }, unsent),
    el("td", { class: "failed number" }, health ? health.failedCount : "–"),
    el("td", { class: "number" }, health ? health.conflictCount : "–"),
    el("td", {}, health ? offset(health.clockOffsetMs) : "–"),
    el("td", {}, health ? nameOf(employees, health.actingEmployeeId) : "–"),
    el("td", {}, nameOf(employees, device.signedInBy),
      device.signedInBy ? auditLink("employee", device.signedInBy, "what they did") : null),
    actions);
}

async function revokeDevice(device, wipe) {
  const question = "Revoke " + device.name + "? It stops syncing at once and must never be used again. "
    + (wipe
      ? "Once it is online it sends up what it had not sent (you review it here), then deletes its data and key."
      : "What it had not sent stays on it, and is sent up for you to review once it is online.");
  if (!window.confirm(question)) return;
  try {
    await change("/console/api/devices/" + encodeURIComponent(device.deviceId) + "/revoke" + (wipe ? "?wipe=true" : ""));
    showStatus("Revoked " + device.name + (wipe ? "; it deletes its data once it hears of it." : "."));
    refresh();
  } catch (e) {
    showStatus("Could not revoke " + device.name + ": " + e.message, true);
  }
}

// Held changes ---------------------------------------------------------------------------------

async function showHeld(device) {
  state.heldDevice = device;
  try {
    const answer = await api("/console/api/devices/" + encodeURIComponent(device.deviceId) + "/held");
    renderHeld(device, answer.held);
  } catch (e) {
    showStatus("Could not read the held changes of " + device.name + ": " + e.message, true);
  }
}

function renderHeld(device, held) {
  const panel = document.getElementById("held");
  panel.hidden = false;
  document.getElementById("held-title").textContent = "Changes " + device.name + " had not sent";
  const rows = held.map(change => {
    const mutation = change.mutation;
    const fields = mutation.fields ? Object.entries(mutation.fields).map(([k, v]) => k + ": " + JSON.stringify(v)).join(", ") : "";
    const actions = el("td", { class: "actions" });
    if (change.resolution) {
      actions.append(el("span", { class: "resolution" }, change.resolution));
    } else {
      const apply = el("button", { type: "button", class: "apply-held" }, "Apply");
      apply.addEventListener("click", () => resolveHeld(device, change.mutationId, "apply"));
      const discard = el("button", { type: "button", class: "discard-held" }, "Discard");
      discard.addEventListener("click", () => resolveHeld(device, change.mutationId, "discard"));
      actions.append(apply, discard);
    }
    return el("tr", { "data-mutation": change.mutationId },
      el("td", {}, mutation.entity + " " + (mutation.op || "")),
      el("td", { class: "fields" }, fields || mutation.recordId),
      el("td", {}, new Date(change.receivedAt).toLocaleString()),
      actions);
  });
  document.querySelector("#held-table tbody").replaceChildren(...rows);
}

async function resolveHeld(device, mutationId, how) {
  try {
    await change("/console/api/devices/" + encodeURIComponent(device.deviceId) + "/held/"
      + encodeURIComponent(mutationId) + "/" + how);
    showStatus(how === "apply" ? "Applied." : "Discarded.");
    showHeld(device);
  } catch (e) {
    showStatus("Could not " + how + ": " + e.message, true);
  }
}

async function signOutEmployee(employeeId, name) {
  if (!window.confirm("Sign " + name + " out on every device? Their devices keep what they queued until"
      + " someone signs them in again.")) return;
  try {
    await change("/console/api/employees/" + encodeURIComponent(employeeId) + "/sign-out");
    showStatus("Signed " + name + " out everywhere.");
    refresh();
  } catch (e) {
    showStatus("Could not sign " + name + " out: " + e.message, true);
  }
}

// Audit ---------------------------------------------------------------------------------------

function auditLink(filter, id, text) {
  return el("a", { href: "#audit?" + filter + "=" + encodeURIComponent(id), class: "activity" }, text);
}

// Shows the audit for the filters in the address (#audit?employee=...&device=...&from=...&to=...).
async function showAudit(params) {
  const query = new URLSearchParams();
  for (const name of ["employee", "device", "from", "to"]) {
    if (params.get(name)) query.set(name, params.get(name));
  }
  document.getElementById("audit-from").value = localInput(params.get("from"));
  document.getElementById("audit-to").value = localInput(params.get("to"));
  state.audit = { query: query, before: null, employee: params.get("employee") || "", device: params.get("device") || "" };
  document.querySelector("#audit-table tbody").replaceChildren();
  await loadAudit();
}

async function loadAudit() {
  const query = new URLSearchParams(state.audit.query);
  query.set("limit", String(AUDIT_PAGE));
  if (state.audit.before !== null) query.set("before", String(state.audit.before));
  try {
    const page = await api("/console/api/audit?" + query.toString());
    renderAuditFilters(page);
    const rows = page.entries.map(entry => auditRow(entry, page.employees, page.devices));
    const body = document.querySelector("#audit-table tbody");
    body.append(...rows);
    if (!body.children.length) body.append(el("tr", {}, el("td", { colspan: 5 }, "No changes match.")));
    state.audit.before = page.before === null || page.before === undefined ? null : page.before;
    document.getElementById("audit-older").hidden = state.audit.before === null;
  } catch (e) {
    showStatus("Could not read the audit: " + e.message, true);
  }
}

function renderAuditFilters(page) {
  fillSelect("audit-employee", "anyone", page.employees, state.audit.employee);
  fillSelect("audit-device", "any device", page.devices, state.audit.device);
}

function fillSelect(id, anyText, names, selected) {
  const options = [el("option", { value: "" }, anyText)];
  const ids = Object.keys(names).sort((a, b) => String(names[a]).localeCompare(String(names[b])));
  for (const key of ids) options.push(el("option", { value: key, selected: key === selected }, names[key] || key.substring(0, 8)));
  document.getElementById(id).replaceChildren(...options);
}

function auditRow(entry, employees, devices) {
  const device = entry.deviceId ? (devices[entry.deviceId] || entry.deviceId.substring(0, 8)) : "server";
  return el("tr", { "data-seq": entry.seq },
    el("td", {}, new Date(entry.at).toLocaleString()),
    el("td", {}, nameOf(employees, entry.actorId)),
    el("td", {}, device),
    el("td", {}, entry.entity + " " + entry.recordId.substring(0, 8)),
    el("td", { class: "change" }, el("span", { class: "op" }, entry.op), changeText(entry.changes)));
}

function changeText(changes) {
  return changes.map(change => {
    if (change.erased) return change.field + " erased";
    if (change.changed) return change.field + " changed";
    if (change.delta !== undefined && change.delta !== null) {
      return change.field + " " + (change.delta >= 0 ? "+" : "") + change.delta + " → " + JSON.stringify(change.to);
    }
    return change.field + ": " + JSON.stringify(change.from) + " → " + JSON.stringify(change.to);
  }).join("; ");
}

// An ISO instant as a datetime-local input's value (local time), or "".
function localInput(iso) {
  if (!iso) return "";
  const at = new Date(iso);
  if (isNaN(at)) return "";
  const local = new Date(at.getTime() - at.getTimezoneOffset() * 60000);
  return local.toISOString().substring(0, 16);
}

function auditFiltersChanged(event) {
  event.preventDefault();
  const query = new URLSearchParams();
  const employee = document.getElementById("audit-employee").value;
  const device = document.getElementById("audit-device").value;
  const from = document.getElementById("audit-from").value;
  const to = document.getElementById("audit-to").value;
  if (employee) query.set("employee", employee);
  if (device) query.set("device", device);
  if (from) query.set("from", new Date(from).toISOString());
  if (to) query.set("to", new Date(to).toISOString());
  const hash = "#audit" + (query.toString() ? "?" + query.toString() : "");
  if (window.location.hash === hash) showScreen(); else window.location.hash = hash;
}

// Analytics -----------------------------------------------------------------------------------

function renderAnalytics(report) {
  const totals = report.totals;
  const figures = [
    ["Pushes", totals.pushes], ["Changes", totals.mutations], ["Applied", totals.applied],
    ["Duplicates", totals.duplicate], ["Rejected", totals.rejected], ["Pulls", totals.pulls],
    ["Push p95", latency(totals.pushMs.p95)], ["Pull p95", latency(totals.pullMs.p95)],
    ["Realtime deliveries", totals.realtimeDelivered], ["Failed queue", totals.failedQueue]];
  document.getElementById("totals").replaceChildren(...figures.map(([label, value]) =>
    el("div", { class: "figure" }, el("span", { class: "value" }, value), el("span", { class: "label" }, label))));
  const hours = report.hours.map(hour => Date.parse(hour.hour) / 1000);
  const counts = report.hours.map(hour => hour.counts);
  chart("chart-mutations", hours, [
    ["applied", counts.map(c => c.applied), "#2e7d32"],
    ["duplicate", counts.map(c => c.duplicate), "#1565c0"],
    ["rejected", counts.map(c => c.rejected), "#c62828"]]);
  chart("chart-latency", hours, [
    ["push p95 ms", counts.map(c => finite(c.pushMs.p95)), "#6a1b9a"],
    ["pull p95 ms", counts.map(c => finite(c.pullMs.p95)), "#ef6c00"]]);
  chart("chart-failed", hours, [["failed", counts.map(c => c.failedQueue), "#c62828"]]);
  chart("chart-realtime", hours, [["delivered", counts.map(c => c.realtimeDelivered), "#00838f"]]);
  document.querySelector("#codes-table tbody").replaceChildren(...Object.entries(totals.rejectedByCode)
    .map(([code, count]) => el("tr", {}, el("td", {}, code), el("td", { class: "number" }, count))));
  document.querySelector("#top-table tbody").replaceChildren(...report.topRejecting
    .map(device => el("tr", {}, el("td", {}, device.name || device.deviceId), el("td", { class: "number" }, device.rejected))));
}

function latency(ms) {
  if (ms === undefined || ms === null) return "–";
  return ms > 10000 ? "> 10 s" : "≤ " + ms + " ms";
}

function finite(ms) {
  return ms === undefined || ms === null ? null : Math.min(ms, 20000);
}

function chart(id, xs, series) {
  const target = document.getElementById(id);
  const data = [xs, ...series.map(s => s[1])];
  const width = Math.max(300, target.clientWidth || 480);
  if (state.charts[id] && state.charts[id].seriesCount === series.length) {
    state.charts[id].plot.setData(data);
    return;
  }
  if (typeof uPlot === "undefined") {
    target.textContent = "Charts could not load.";
    return;
  }
  target.replaceChildren();
  const plot = new uPlot({
    width: width, height: 180,
    series: [{}, ...series.map(s => ({ label: s[0], stroke: s[2], width: 2 }))],
    axes: [{}, {}],
  }, data, target);
  state.charts[id] = { plot: plot, seriesCount: series.length };
}

// Alerts --------------------------------------------------------------------------------------

function renderAlerts(alerts) {
  const count = document.getElementById("alert-count");
  count.textContent = alerts.length ? String(alerts.length) : "";
  const items = alerts.map(alert => el("li", { class: "alert " + alert.kind },
    el("span", { class: "kind" }, alert.kind),
    el("strong", {}, alert.deviceName || "The shop"),
    " ", alert.detail,
    el("small", {}, " since " + new Date(alert.since).toLocaleString())));
  const list = document.getElementById("alert-list");
  list.replaceChildren(...(items.length ? items : [el("li", { class: "none" }, "Nothing needs attention.")]));
}

// Start ---------------------------------------------------------------------------------------

async function start() {
  const session = await api("/console/api/session");
  state.csrf = session.csrf;
  document.getElementById("who").textContent = (session.name || "") + " (" + session.role + ")";
  document.getElementById("sign-out").addEventListener("click", async () => {
    await change("/console/logout");
    window.location.assign("/console/login");
  });
  document.getElementById("hours").addEventListener("change", event => {
    state.hours = Number(event.target.value);
    state.charts = {};
    refresh();
  });
  document.getElementById("audit-filters").addEventListener("submit", auditFiltersChanged);
  document.getElementById("audit-clear").addEventListener("click", () => {
    if (window.location.hash === "#audit") showScreen(); else window.location.hash = "#audit";
  });
  document.getElementById("audit-older").addEventListener("click", loadAudit);
  window.addEventListener("hashchange", showScreen);
  showScreen();
  window.setInterval(refresh, REFRESH_MS);
}

start().catch(e => showStatus("The console could not start: " + e.message, true));
