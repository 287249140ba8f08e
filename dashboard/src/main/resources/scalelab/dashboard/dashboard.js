// The scalelab dashboard page: polls the dashboard's JSON API (never the services themselves) and draws with uPlot.
"use strict";

const HISTORY_SECONDS = 180;
const KNOWN_KINDS = ["albums", "kv", "catalog", "product", "cart", "flashsale", "mapreduce"];
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];
// figures an unknown service's chart prefers, in this order (search: CPU; a balancer: healthy targets)
const PREFERRED = [/utilization/, /instances/, /healthy_targets/, /queue/, /in_flight/, /targets/, /cpu/];

const state = {
  intervalMs: 1000,
  since: 0,
  services: new Map(), // name -> {url, kind, health, problem, faults}
  data: new Map(), // name -> {t: [], rps: [], p50: [], p99: [], err: [], figures: Map(key -> [])}
  latest: new Map(), // name -> {sample, states, jobs, health}
  charts: new Map(), // id -> uPlot
  run: null, // the experiment followed: {id, next}
};

// ---------- small helpers ----------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  let json = null;
  try { json = await response.json(); } catch (e) { /* an empty or non-JSON answer */ }
  if (!response.ok) {
    const message = json && json.message ? json.message + (json.details ? " (" + json.details + ")" : "") : response.statusText;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return json;
}

function fmt(value, digits) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return Number(value).toLocaleString("en-US", { maximumFractionDigits: digits === undefined ? 1 : digits });
}

function safeId(name) { return String(name).replace(/[^a-z0-9_-]/gi, "_"); }

function color(index) { return COLORS[index % COLORS.length]; }

// ---------- data ----------
function seriesOf(name) {
  if (!state.data.has(name)) state.data.set(name, { t: [], rps: [], p50: [], p99: [], err: [], figures: new Map() });
  return state.data.get(name);
}

function addSamples(name, samples) {
  const s = seriesOf(name);
  for (const sample of samples) {
    const n = s.t.length;
    s.t.push(sample.t / 1000);
    s.rps.push(sample.rps);
    s.p50.push(sample.p50_ms);
    s.p99.push(sample.p99_ms);
    s.err.push(sample.error_percent);
    const figures = sample.figures || {};
    for (const key of Object.keys(figures)) {
      if (!s.figures.has(key)) s.figures.set(key, new Array(n).fill(null));
    }
    for (const [key, values] of s.figures) values.push(key in figures ? figures[key] : null);
  }
  const cut = s.t.findIndex((t) => t >= s.t[s.t.length - 1] - HISTORY_SECONDS);
  if (cut > 0) {
    for (const key of ["t", "rps", "p50", "p99", "err"]) s[key].splice(0, cut);
    for (const values of s.figures.values()) values.splice(0, cut);
  }
}

// one x axis for several services: the poller reads every service on the same tick, so their times agree
function aligned(names, pick) {
  const xs = [...new Set(names.flatMap((name) => seriesOf(name).t))].sort((a, b) => a - b);
  const columns = names.map((name) => {
    const s = seriesOf(name);
    const byTime = new Map(s.t.map((t, i) => [t, pick(s)[i]]));
    return xs.map((t) => (byTime.has(t) ? byTime.get(t) : null));
  });
  return [xs, ...columns];
}

// ---------- charts ----------
function chart(id, container, seriesNames, yLabel) {
  const existing = state.charts.get(id);
  if (existing && existing.names.join() === seriesNames.join()) return existing.plot;
  if (existing) existing.plot.destroy();
  container.textContent = "";
  const width = Math.max(300, container.clientWidth || 500);
  const plot = new uPlot({
    width,
    height: 200,
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true } },
    axes: [{}, { label: yLabel, size: 60 }],
    series: [{}, ...seriesNames.map((name, i) => ({ label: name, stroke: color(i), width: 2, spanGaps: true }))],
  }, [[], ...seriesNames.map(() => [])], container);
  plot.root.setAttribute("role", "img");
  plot.root.setAttribute("aria-label", yLabel + " of " + seriesNames.join(", ") + " over the last three minutes");
  state.charts.set(id, { plot, names: seriesNames });
  return plot;
}

function drawMainCharts() {
  const names = [...state.services.keys()];
  if (names.length === 0) return;
  const specs = [
    ["chart-rps", (s) => s.rps, "req/s"],
    ["chart-errors", (s) => s.err, "% 5xx"],
    ["chart-p50", (s) => s.p50, "ms"],
    ["chart-p99", (s) => s.p99, "ms"],
  ];
  for (const [id, pick, label] of specs) {
    chart(id, document.getElementById(id), names, label).setData(aligned(names, pick));
  }
}

function drawFigureChart(id, container, name, keys) {
  const s = seriesOf(name);
  const plot = chart(id, container, keys, "");
  plot.setData([s.t, ...keys.map((key) => s.figures.get(key) || s.t.map(() => null))]);
}

window.addEventListener("resize", () => {
  for (const { plot } of state.charts.values()) {
    const width = plot.root.parentElement ? plot.root.parentElement.clientWidth : 0;
    if (width > 0) plot.setSize({ width, height: 200 });
  }
});

// ---------- services table ----------
function renderServices() {
  const body = document.querySelector("#services tbody");
  for (const [name, service] of state.services) {
    const id = "service-" + safeId(name);
    let row = document.getElementById(id);
    if (!row) {
      row = el("tr", { id, "data-service": name },
        el("th", { scope: "row", text: name }),
        el("td", {}, el("span", { class: "badge", "data-field": "health" })),
        el("td", {}, el("a", { href: service.url, target: "_blank", rel: "noopener", text: service.url })),
        el("td", { class: "num", "data-field": "rps" }),
        el("td", { class: "num", "data-field": "p50" }),
        el("td", { class: "num", "data-field": "p99" }),
        el("td", { class: "num", "data-field": "errors" }));
      body.append(row);
    }
    const latest = state.latest.get(name) || {};
    const sample = latest.sample || {};
    const health = latest.health || service.health || "unknown";
    const badge = row.querySelector("[data-field=health]");
    badge.textContent = health;
    badge.className = "badge " + health;
    badge.title = service.problem || "";
    row.querySelector("[data-field=rps]").textContent = fmt(sample.rps);
    row.querySelector("[data-field=p50]").textContent = fmt(sample.p50_ms, 2);
    row.querySelector("[data-field=p99]").textContent = fmt(sample.p99_ms, 2);
    row.querySelector("[data-field=errors]").textContent = fmt(sample.error_percent);
  }
}

// ---------- system panels ----------
function panel(id, title) {
  let node = document.getElementById(id);
  if (!node) {
    node = el("article", { id, class: "panel", "aria-labelledby": id + "-title" }, el("h3", { id: id + "-title", text: title }));
    document.getElementById("panels").append(node);
  }
  return node;
}

function part(container, selector, make) {
  let node = container.querySelector(selector);
  if (!node) { node = make(); container.append(node); }
  return node;
}

function definitions(container, pairs) {
  const dl = part(container, "dl", () => el("dl"));
  dl.textContent = "";
  for (const [term, value] of pairs) dl.append(el("dt", { text: term }), el("dd", { text: value }));
}

function renderFaults(name, latest) {
  const id = "faults-" + safeId(name);
  const node = panel(id, "Failure injection: " + name);
  const failing = latest.states.failure_mode === "true";
  const latency = (latest.sample && latest.sample.figures) ? latest.sample.figures.latency_ms : null;
  const badge = part(node, ".fault-state", () => el("p", {}, "failure mode ", el("span", { class: "badge fault-state", id: "failure-mode-" + safeId(name) })));
  const span = node.querySelector(".fault-state");
  span.textContent = failing ? "on" : "off";
  span.className = "badge fault-state " + (failing ? "on" : "off");
  definitions(node, [["injected latency", fmt(latency, 0) + " ms"]]);
  part(node, ".controls", () => {
    const out = el("output", { id: id + "-message", "aria-live": "polite" });
    const latencyInput = el("input", { type: "number", id: id + "-latency", min: "0", max: "60000", step: "100", value: "1000" });
    const act = (action, extra) => async () => {
      out.textContent = "…";
      try {
        const answer = await api("POST", "/api/services/" + encodeURIComponent(name) + "/faults", Object.assign({ action }, extra ? extra() : {}));
        out.textContent = answer.answer && answer.answer.message ? answer.answer.message : "done";
      } catch (e) { out.textContent = "refused: " + e.message; }
    };
    return el("div", { class: "controls" },
      el("div", { class: "row" },
        el("button", { type: "button", class: "danger", id: "fault-on-" + safeId(name), onclick: act("fail_on") }, "Inject failure"),
        el("button", { type: "button", id: "fault-off-" + safeId(name), onclick: act("fail_off") }, "Clear failure"),
        el("button", { type: "button", id: "fault-reset-" + safeId(name), onclick: act("reset") }, "Reset all")),
      el("div", { class: "row" },
        el("label", { for: id + "-latency", text: "Latency (ms)" }), latencyInput,
        el("button", { type: "button", id: "fault-latency-" + safeId(name), onclick: act("latency", () => ({ latency_ms: Number(latencyInput.value) })) }, "Set latency")),
      out);
  });
  return badge;
}

function renderBreaker(name, latest) {
  const id = "breaker-panel-" + safeId(name);
  const node = panel(id, "Circuit breaker: " + name + " (/fixed cart)");
  const breakerState = latest.states.circuit_breaker_state || "unknown";
  const badge = part(node, ".breaker", () => el("p", {}, el("output", { class: "breaker", id: "breaker-" + safeId(name), "aria-live": "polite" })));
  const out = node.querySelector("output.breaker");
  out.textContent = breakerState;
  out.className = "breaker " + breakerState;
  const f = (latest.sample && latest.sample.figures) || {};
  definitions(node, [
    ["failure rate", f.failure_rate === undefined || f.failure_rate < 0 ? "– (too few calls yet)" : fmt(f.failure_rate) + " %"],
    ["calls not permitted", fmt(f.not_permitted_calls, 0)],
    ["answers from cache", fmt(f.lookups_cached, 0)],
    ["price pending", fmt(f.lookups_price_pending, 0)],
  ]);
  part(node, ".controls", () => {
    const message = el("output", { id: id + "-message", "aria-live": "polite" });
    return el("div", { class: "controls row" },
      el("button", {
        type: "button", id: "traffic-" + safeId(name), onclick: async () => {
          message.textContent = "sending…";
          try {
            const answer = await api("POST", "/api/services/" + encodeURIComponent(name) + "/traffic", { requests: 20 });
            message.textContent = "sent " + answer.sent + ": " + Object.entries(answer.by_status).map(([k, v]) => v + " × " + k).join(", ")
              + (answer.circuit_breaker_state ? "; breaker " + answer.circuit_breaker_state : "");
          } catch (e) { message.textContent = "refused: " + e.message; }
        },
      }, "Send 20 cart requests"), message);
  });
  return badge;
}

function renderQueue(name, latest) {
  const id = "queue-" + safeId(name);
  const node = panel(id, "Queue and workers: " + name);
  const f = (latest.sample && latest.sample.figures) || {};
  definitions(node, [
    ["queue depth", fmt(f.queue_depth, 0)],
    ["workers", fmt(f.workers, 0)],
    ["orders in flight at workers", fmt(f.in_flight, 0)],
    ["dead-lettered", fmt(f.dead_lettered, 0)],
    ["completed by workers", fmt(f.worker_completed, 0)],
  ]);
  const container = part(node, ".chart", () => el("div", { class: "chart", id: id + "-chart" }));
  drawFigureChart(id, container, name, ["queue_depth", "workers", "in_flight"].filter((k) => seriesOf(name).figures.has(k)));
}

function renderJobs(name, latest) {
  const id = "jobs-" + safeId(name);
  const node = panel(id, "MapReduce jobs: " + name);
  const table = part(node, "table", () => el("table", {},
    el("caption", { text: "The 5 latest jobs (submit one with POST /jobs on the coordinator)" }),
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", text: "job" }), el("th", { scope: "col", text: "status" }),
      el("th", { scope: "col", text: "map tasks" }), el("th", { scope: "col", text: "reduce tasks" }),
      el("th", { scope: "col", class: "num", text: "total ms" }))),
    el("tbody")));
  const body = table.querySelector("tbody");
  body.textContent = "";
  if (!latest.jobs || latest.jobs.length === 0) {
    body.append(el("tr", {}, el("td", { colspan: "5", text: "no job yet" })));
    return;
  }
  for (const job of latest.jobs) {
    body.append(el("tr", {},
      el("td", { text: job.job_id }),
      el("td", { text: job.status + (job.error ? ": " + job.error : "") }),
      el("td", {}, el("progress", { max: String(Math.max(1, job.map_tasks_total)), value: String(job.map_tasks_done), "aria-label": "map tasks done" }),
        " " + job.map_tasks_done + "/" + job.map_tasks_total),
      el("td", {}, el("progress", { max: String(Math.max(1, job.reducers)), value: String(job.reduce_tasks_done), "aria-label": "reduce tasks done" }),
        " " + job.reduce_tasks_done + "/" + job.reducers),
      el("td", { class: "num", text: fmt(job.total_ms, 0) })));
  }
}

// a service of a kind this page does not know (search, a load balancer, ...): its /metrics figures as they are
function renderExtra(name, latest) {
  const id = "extra-" + safeId(name);
  const node = panel(id, name + " (" + (state.services.get(name) || {}).kind + ")");
  const f = (latest.sample && latest.sample.figures) || {};
  const pairs = Object.entries(latest.states || {}).map(([k, v]) => [k, v])
    .concat(Object.keys(f).sort().map((k) => [k, fmt(f[k], 2)]));
  const keys = Object.keys(f);
  const charted = [];
  for (const pattern of PREFERRED) {
    for (const key of keys) if (pattern.test(key) && !charted.includes(key) && charted.length < 4) charted.push(key);
  }
  for (const key of keys) if (charted.length < 2 && !charted.includes(key)) charted.push(key);
  const container = part(node, ".chart", () => el("div", { class: "chart", id: id + "-chart" }));
  if (charted.length > 0) drawFigureChart(id, container, name, charted);
  const details = part(node, "details", () => el("details", {}, el("summary", { text: "every figure of its /metrics" })));
  definitions(details, pairs);
}

function renderFigures(name, latest) {
  const id = "figures-" + safeId(name);
  const node = panel(id, name);
  const f = (latest.sample && latest.sample.figures) || {};
  const details = part(node, "details", () => el("details", {}, el("summary", { text: "figures of its /metrics" })));
  definitions(details, Object.entries(latest.states || {}).concat(Object.keys(f).sort().map((k) => [k, fmt(f[k], 2)])));
}

function renderPanels() {
  for (const [name, service] of state.services) {
    const latest = state.latest.get(name);
    if (!latest) continue;
    const figures = (latest.sample && latest.sample.figures) || {};
    let special = false;
    if ("failure_mode" in latest.states) { renderFaults(name, latest); special = true; }
    if ("circuit_breaker_state" in latest.states) { renderBreaker(name, latest); special = true; }
    if ("queue_depth" in figures) { renderQueue(name, latest); special = true; }
    if ("jobs_running" in figures) { renderJobs(name, latest); special = true; }
    if (!KNOWN_KINDS.includes(service.kind)) renderExtra(name, latest);
    else if (!special) renderFigures(name, latest);
  }
}

// ---------- polling ----------
async function refreshServices() {
  const answer = await api("GET", "/api/services");
  state.intervalMs = answer.interval_ms || 1000;
  for (const service of answer.services) state.services.set(service.name, service);
}

async function refreshMetrics() {
  const answer = await api("GET", "/api/metrics?since=" + state.since);
  for (const entry of answer.services) {
    if (!state.services.has(entry.name)) continue;
    addSamples(entry.name, entry.samples);
    for (const sample of entry.samples) state.since = Math.max(state.since, sample.t);
    state.latest.set(entry.name, { sample: entry.latest, states: entry.states || {}, jobs: entry.jobs, health: entry.health });
  }
  renderServices();
  renderPanels();
  drawMainCharts();
  const healthy = [...state.latest.values()].filter((l) => l.health === "healthy").length;
  document.getElementById("status").textContent =
    healthy + " of " + state.services.size + " services healthy · updated " + new Date(answer.now).toLocaleTimeString();
}

let servicesTick = 0;
async function tick() {
  try {
    if (servicesTick++ % 5 === 0 || state.services.size === 0) await refreshServices();
    await refreshMetrics();
  } catch (e) {
    document.getElementById("status").textContent = "the dashboard does not answer: " + e.message;
  }
  setTimeout(tick, state.intervalMs);
}

// ---------- experiments ----------
async function loadExperiments() {
  const answer = await api("GET", "/api/experiments");
  const select = document.getElementById("experiment-name");
  select.textContent = "";
  for (const name of answer.names) select.append(el("option", { value: name, text: name }));
  const running = answer.runs.find((r) => r.status === "running");
  if (running) follow(running.id);
}

function follow(id) {
  state.run = { id, next: 0 };
  document.getElementById("experiment-log").textContent = "";
  document.getElementById("experiment-report").textContent = "";
  document.getElementById("experiment-start").disabled = true;
  document.getElementById("experiment-stop").disabled = false;
  followTick();
}

async function followTick() {
  const run = state.run;
  if (!run) return;
  try {
    const answer = await api("GET", "/api/experiments/" + encodeURIComponent(run.id) + "?from=" + run.next);
    const log = document.getElementById("experiment-log");
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    if (answer.lines.length > 0) log.append(answer.lines.join("\n") + "\n");
    if (atBottom) log.scrollTop = log.scrollHeight;
    run.next = answer.next_line;
    const status = document.getElementById("experiment-status");
    status.textContent = answer.name + (answer.quick ? " --quick" : "")
      + (answer.options && answer.options.length ? " " + answer.options.join(" ") : "") + ": " + answer.status
      + (answer.exit_code !== null ? " (exit code " + answer.exit_code + ")" : "");
    status.dataset.status = answer.status;
    if (answer.status !== "running") {
      const report = document.getElementById("experiment-report");
      report.textContent = "";
      if (answer.report) {
        report.append("Report: ", el("a", { id: "experiment-report-link", href: answer.report, target: "_blank", rel: "noopener", text: answer.report }));
      } else {
        report.append("No report was written.");
      }
      document.getElementById("experiment-start").disabled = false;
      document.getElementById("experiment-stop").disabled = true;
      state.run = null;
      loadReports();
      return;
    }
  } catch (e) {
    document.getElementById("experiment-status").textContent = "cannot follow the experiment: " + e.message;
  }
  setTimeout(followTick, 1000);
}

document.getElementById("experiment-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = document.getElementById("experiment-name").value;
  const quick = document.getElementById("experiment-quick").checked;
  const options = document.getElementById("experiment-options").value.split(/\s+/).filter((word) => word !== "");
  const status = document.getElementById("experiment-status");
  try {
    const run = await api("POST", "/api/experiments", { name, quick, options });
    status.textContent = name + " started";
    follow(run.id);
  } catch (e) {
    status.textContent = "refused: " + e.message;
  }
});

document.getElementById("experiment-stop").addEventListener("click", async () => {
  if (!state.run) return;
  try { await api("POST", "/api/experiments/" + encodeURIComponent(state.run.id) + "/stop"); } catch (e) {
    document.getElementById("experiment-status").textContent = "cannot stop it: " + e.message;
  }
});

async function loadReports() {
  try {
    const answer = await api("GET", "/api/reports");
    const list = document.getElementById("reports");
    list.textContent = "";
    if (answer.reports.length === 0) list.append(el("li", { text: "none yet" }));
    for (const report of answer.reports) {
      list.append(el("li", {},
        el("a", { href: report.url, target: "_blank", rel: "noopener", text: report.name }),
        " ", el("span", { class: "hint", text: new Date(report.modified).toLocaleString() })));
    }
  } catch (e) { /* shown on the next try */ }
}

loadExperiments().catch((e) => { document.getElementById("experiment-status").textContent = "experiments unavailable: " + e.message; });
loadReports();
tick();
