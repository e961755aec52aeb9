import { beforeEach, describe, expect, it } from "vitest";
import { renderCard, renderEmpty, renderError } from "../TrigCard/render";
import { cardView } from "./fixtures";
import { text } from "./text";


let el: HTMLElement;
beforeEach(() => {
  el = document.createElement("div");
  document.body.replaceChildren(el);
});

describe("renderCard", () => {
  it("shows the stage, time in stage and objectives done of total", () => {
    renderCard(el, cardView, new Date("2026-11-24T13:00:00Z"));

    expect(text(el.querySelector(".trig-stage h3"))).toBe("Onboarding");
    expect(text(el.querySelector(".trig-days"))).toBe("23 days in stage · since 1 Nov 2026");
    expect(text(el.querySelector(".trig-progress"))).toBe("2 of 5 objectives done");
    const bar = el.querySelector<HTMLElement>("[role=progressbar]")!;
    expect(bar.getAttribute("aria-valuenow")).toBe("2");
    expect((bar.firstChild as HTMLElement).style.width).toBe("40%");
  });

  it("lists objectives with completion date or benchmark and flags the slow one", () => {
    renderCard(el, cardView);

    const rows = [...el.querySelectorAll(".trig-objectives tr")].map(text);
    expect(rows).toEqual([
      "Created first invoice Completed Completed 3 Nov 2026",
      "Connected gateway slow In progress Usually done in 6.1 days",
    ]);
  });

  it("shows the slow signal with ARR at risk", () => {
    renderCard(el, cardView);
    expect(text(el.querySelector(".trig-signal"))).toBe("Slow onboarding ARR at risk: $24,000 · slow on Connected gateway");

    renderCard(el, { ...cardView, signal: { ...cardView.signal!, arr: 1234567, arrAtRisk: 600000 } });
    expect(text(el.querySelector(".trig-signal"))).toContain("ARR at risk: $600,000 of $1,234,567");

    renderCard(el, { ...cardView, currency: "EUR" });
    expect(text(el.querySelector(".trig-signal"))).toContain("ARR at risk: €24,000");
  });

  it("shows behaviours, cohorts, jobs, newest transitions first and freshness", () => {
    renderCard(el, cardView, new Date("2026-11-24T13:00:00Z"));

    expect(text(el.querySelector(".trig-behaviours"))).toBe("Behaviours First Strike Moment Completed Completed 5 Nov 2026");
    expect([...el.querySelectorAll(".trig-cohorts .trig-tag")].map(text)).toEqual(["Power accounts"]);
    expect(text(el.querySelector(".trig-current-job"))).toBe("Current job: Feature adoption · since 20 Nov 2026 · due 20 Dec 2026");
    expect(text(el.querySelector(".trig-past-jobs"))).toBe("Onboarding nudge Completed Ended 8 Nov 2026");
    expect([...el.querySelectorAll(".trig-transitions h3 + div > div")].map(text)).toEqual([
      "5 Nov 2026 · Completed behaviour First Strike Moment",
      "3 Nov 2026 · Completed objective Created first invoice",
    ]);
    // From the last evaluation (07:00), not from when the view was built (asOf 10:00).
    expect(text(el.querySelector(".trig-footer"))).toBe("Acme Corp · owner sam@vendor.com · updated 6 hours ago · Open record");
  });

  it("handles a record in no stage, with no signal and empty lists", () => {
    renderCard(el, { ...cardView, stage: null, signal: null, behaviours: [], cohorts: [], currentJob: null, pastJobs: [], transitions: [] });

    expect(text(el.querySelector(".trig-stage"))).toBe("Not in a lifecycle stage right now.");
    expect(el.querySelector(".trig-signal")).toBeNull();
    expect(text(el.querySelector(".trig-cohorts"))).toBe("Cohorts In no cohort now.");
    expect(text(el.querySelector(".trig-current-job"))).toBe("Current job: none");
  });

  it("never interprets CRM text as HTML and drops non-http record links", () => {
    renderCard(el, { ...cardView, entity: { ...cardView.entity, name: "<img src=x onerror=alert(1)>", recordUrl: "javascript:alert(1)" } });

    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector("a")).toBeNull();
    expect(text(el.querySelector(".trig-footer"))).toContain("<img src=x onerror=alert(1)>");
  });
});

describe("renderEmpty / renderError", () => {
  it("replaces the card with the empty state", () => {
    renderCard(el, cardView);
    renderEmpty(el);
    expect(text(el.querySelector(".trig-empty"))).toBe("No Trig data for this record yet.");
    expect(el.querySelector(".trig-stage")).toBeNull();
  });

  it("replaces the card with the error state", () => {
    renderCard(el, cardView);
    renderError(el, "HTTP 500");
    expect(text(el.querySelector(".trig-error"))).toBe("Couldn't load Trig data HTTP 500");
    expect(el.querySelector(".trig-stage")).toBeNull();
  });
});
