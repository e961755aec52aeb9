// Pure DOM rendering of a Trig card: no framework, no I/O. Used by the PCF control (index.ts) and bundled
// as window.TrigCard for the worker's local preview page (npm run build:preview).
// Every value goes in through textContent, never innerHTML: card data comes from CRM records.
import type { CardObjective, CardView } from "./generated-shared/cardView";
import { formatBenchmark, formatDate, formatDays, formatMoney, formatUpdated, label } from "./generated-shared/format";

export type { CardView } from "./generated-shared/cardView";

/** How many recent transitions the card lists. */
const TRANSITIONS_SHOWN = 8;

const STYLE = `
.trig-card{font-family:"Segoe UI",system-ui,sans-serif;font-size:14px;color:#242424;line-height:1.4;display:flex;flex-direction:column;gap:12px}
.trig-card section{border:1px solid #e0e0e0;border-radius:6px;padding:10px 12px;background:#fff}
.trig-card h3{margin:0 0 4px;font-size:15px;font-weight:600}
.trig-card .trig-muted{color:#616161;font-size:12px}
.trig-card .trig-bar{height:8px;border-radius:4px;background:#e0e0e0;overflow:hidden;margin:6px 0}
.trig-card .trig-bar>div{height:100%;background:#107c10}
.trig-card .trig-bar.trig-warn>div{background:#d83b01}
.trig-card table{width:100%;border-collapse:collapse}
.trig-card td{padding:3px 6px 3px 0;vertical-align:top;border-top:1px solid #f0f0f0}
.trig-card .trig-tag{display:inline-block;padding:0 8px;margin:2px 4px 2px 0;border-radius:10px;background:#ebf3fc;color:#0f548c;font-size:12px}
.trig-card .trig-tag.trig-slow{background:#fdf0e8;color:#a4262c}
.trig-card .trig-status-completed{color:#107c10}
.trig-card .trig-status-exited{color:#a4262c}
.trig-card .trig-signal{border-color:#f7c5a6;background:#fff8f3}
.trig-card .trig-state{padding:16px;text-align:center;color:#616161}
.trig-card .trig-state.trig-error{color:#a4262c}
`;

type Child = Node | string | null | undefined | false;

function h(tag: string, className?: string, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  if (className) el.className = className;
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}

function frame(el: HTMLElement, ...content: Child[]): HTMLElement {
  const style = document.createElement("style");
  style.textContent = STYLE;
  const root = h("div", "trig-card", ...content);
  el.replaceChildren(style, root);
  return root;
}

function status(s: string): HTMLElement {
  return h("span", `trig-status-${s}`, label(s));
}

function row(...cells: Child[]): HTMLElement {
  return h("tr", undefined, ...cells.map((c) => h("td", undefined, c)));
}

function objectiveWhen(o: CardObjective): string {
  if (o.completedAt) return `Completed ${formatDate(o.completedAt)}`;
  if (o.benchmarkDays !== null) return `Usually done in ${formatBenchmark(o.benchmarkDays)}`;
  return "—";
}

function stageSection(view: CardView): HTMLElement {
  const stage = view.stage;
  if (!stage) return h("section", "trig-stage", h("div", undefined, "Not in a lifecycle stage right now."));
  const total = Math.max(stage.objectivesTotal, 1);
  const bar = h("div", view.signal ? "trig-bar trig-warn" : "trig-bar", h("div"));
  (bar.firstChild as HTMLElement).style.width = `${Math.min(100, (100 * stage.objectivesDone) / total)}%`;
  bar.setAttribute("role", "progressbar");
  bar.setAttribute("aria-valuenow", String(stage.objectivesDone));
  bar.setAttribute("aria-valuemax", String(stage.objectivesTotal));
  return h(
    "section",
    "trig-stage",
    h("h3", undefined, stage.name),
    h("div", "trig-days", `${formatDays(stage.daysInStage)} in stage · since ${formatDate(stage.enteredAt)}`),
    bar,
    h("div", "trig-progress", `${stage.objectivesDone} of ${stage.objectivesTotal} objectives done`),
    stage.objectives.length > 0 &&
      h(
        "table",
        "trig-objectives",
        h(
          "tbody",
          undefined,
          ...stage.objectives.map((o) =>
            row(
              h("span", undefined, o.name, o.slow && " ", o.slow && h("span", "trig-tag trig-slow", "slow")),
              status(o.status),
              objectiveWhen(o),
            ),
          ),
        ),
      ),
  );
}

function signalSection(view: CardView): HTMLElement | null {
  const s = view.signal;
  if (!s) return null;
  const slowNames = s.slowObjectives.map((k) => view.stage?.objectives.find((o) => o.key === k)?.name ?? k);
  let text = `ARR at risk: ${formatMoney(s.arrAtRisk, view.currency)}`;
  if (s.arr !== null && s.arr !== s.arrAtRisk) text += ` of ${formatMoney(s.arr, view.currency)}`;
  if (slowNames.length > 0) text += ` · slow on ${slowNames.join(", ")}`;
  return h("section", "trig-signal", h("h3", undefined, s.name), h("div", undefined, text));
}

function listSection(className: string, title: string, emptyText: string, body: HTMLElement | null): HTMLElement {
  return h("section", className, h("h3", undefined, title), body ?? h("div", "trig-muted", emptyText));
}

function behavioursSection(view: CardView): HTMLElement {
  const rows = view.behaviours.map((b) =>
    row(
      b.name,
      status(b.status),
      b.completedAt
        ? `Completed ${formatDate(b.completedAt)}`
        : b.exitedAt
          ? `Exited ${formatDate(b.exitedAt)}`
          : `Entered ${formatDate(b.enteredAt)}`,
    ),
  );
  return listSection("trig-behaviours", "Behaviours", "None yet.", rows.length ? h("table", undefined, h("tbody", undefined, ...rows)) : null);
}

function cohortsSection(view: CardView): HTMLElement {
  const tags = view.cohorts.map((c) => h("span", "trig-tag", c.name));
  return listSection("trig-cohorts", "Cohorts", "In no cohort now.", tags.length ? h("div", undefined, ...tags) : null);
}

function jobsSection(view: CardView): HTMLElement {
  const job = view.currentJob;
  const current = job
    ? `Current job: ${job.name} · since ${formatDate(job.enteredAt)}${job.dueAt ? ` · due ${formatDate(job.dueAt)}` : ""}`
    : "Current job: none";
  const past = view.pastJobs.map((j) => row(j.name, status(j.outcome), `Ended ${formatDate(j.endedAt)}`));
  return h(
    "section",
    "trig-jobs",
    h("h3", undefined, "Jobs"),
    h("div", "trig-current-job", current),
    past.length > 0 && h("table", "trig-past-jobs", h("tbody", undefined, ...past)),
  );
}

function transitionsSection(view: CardView): HTMLElement {
  const latest = view.transitions
    .slice()
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
    .slice(0, TRANSITIONS_SHOWN)
    .map((t) => h("div", undefined, `${formatDate(t.at)} · ${label(t.transition)} ${t.definitionKind} ${t.definitionName}`));
  return listSection("trig-transitions", "Latest changes", "No changes recorded.", latest.length ? h("div", undefined, ...latest) : null);
}

function footer(view: CardView, now: Date): HTMLElement {
  const url = view.entity.recordUrl;
  const link =
    url && /^https?:\/\//i.test(url)
      ? Object.assign(h("a", undefined, "Open record"), { href: url, target: "_blank", rel: "noopener noreferrer" })
      : null;
  const owner = view.entity.ownerEmail ? ` · owner ${view.entity.ownerEmail}` : "";
  return h(
    "div",
    "trig-muted trig-footer",
    `${view.entity.name}${owner} · ${formatUpdated(view.evaluatedAt, now)}`,
    link && " · ",
    link,
  );
}

/** Renders the whole card into el, replacing what was there. now only drives "updated … ago" (from view.evaluatedAt). */
export function renderCard(el: HTMLElement, view: CardView, now: Date = new Date()): void {
  frame(
    el,
    stageSection(view),
    signalSection(view),
    behavioursSection(view),
    cohortsSection(view),
    jobsSection(view),
    transitionsSection(view),
    footer(view, now),
  );
}

export function renderLoading(el: HTMLElement): void {
  frame(el, h("div", "trig-state trig-loading", "Loading Trig data…"));
}

export function renderEmpty(el: HTMLElement, message = "No Trig data for this record yet."): void {
  frame(el, h("div", "trig-state trig-empty", message));
}

export function renderError(el: HTMLElement, message: string): void {
  frame(el, h("div", "trig-state trig-error", h("strong", undefined, "Couldn't load Trig data"), h("div", undefined, message)));
}
