import { describe, expect, it, vi } from "vitest";
import { TrigCard } from "../TrigCard/index";
import type { IInputs } from "../TrigCard/generated/ManifestTypes";
import { cardView } from "./fixtures";
import { text } from "./text";

type Retrieve = (entity: string, id: string, options?: string) => Promise<ComponentFramework.WebApi.Entity>;

/** A ComponentFramework context with only what the control touches: mode.contextInfo and webAPI. */
function fakeContext(retrieveRecord: Retrieve, entityId = "{3F2504E0-4F89-11D3-9A0C-0305E82C3301}", entityTypeName = "account") {
  return {
    mode: { contextInfo: { entityId, entityTypeName } },
    webAPI: { retrieveRecord: vi.fn(retrieveRecord) },
    parameters: { boundField: { raw: null } },
  } as unknown as ComponentFramework.Context<IInputs> & { webAPI: { retrieveRecord: ReturnType<typeof vi.fn> } };
}

function mount(context: ComponentFramework.Context<IInputs>) {
  const container = document.createElement("div");
  const control = new TrigCard();
  control.init(context, () => {}, {}, container);
  control.updateView(context);
  return { control, container };
}


describe("TrigCard PCF control", () => {
  it("reads trig_summary of the form's record and renders the card", async () => {
    const context = fakeContext(async () => ({ trig_summary: JSON.stringify(cardView), trig_current_stage: "onboarding" }));
    const { container } = mount(context);

    expect(text(container.querySelector(".trig-loading"))).toBe("Loading Trig data…");
    await vi.waitFor(() => expect(text(container.querySelector(".trig-stage h3"))).toBe("Onboarding"));
    expect(context.webAPI.retrieveRecord).toHaveBeenCalledExactlyOnceWith(
      "account",
      "3F2504E0-4F89-11D3-9A0C-0305E82C3301",
      "?$select=trig_summary,trig_current_stage",
    );
    expect(text(container.querySelector(".trig-signal"))).toContain("ARR at risk: $24,000");
  });

  it("does not reload when updateView runs again for the same record", async () => {
    const context = fakeContext(async () => ({ trig_summary: JSON.stringify(cardView) }));
    const { control, container } = mount(context);
    await vi.waitFor(() => expect(container.querySelector(".trig-stage")).not.toBeNull());

    control.updateView(context);
    control.updateView(context);
    expect(context.webAPI.retrieveRecord).toHaveBeenCalledTimes(1);
  });

  it("shows the empty state when the record has no summary yet", async () => {
    const context = fakeContext(async () => ({ trig_summary: null, trig_current_stage: null }), "bare-id", "contact");
    const { container } = mount(context);

    await vi.waitFor(() => expect(text(container.querySelector(".trig-empty"))).toBe("No Trig data for this record yet."));
    expect(context.webAPI.retrieveRecord).toHaveBeenCalledWith("contact", "bare-id", expect.any(String));
  });

  it("asks to save a new record instead of calling the Web API", () => {
    const context = fakeContext(async () => ({}), "", "account");
    const { container } = mount(context);

    expect(text(container.querySelector(".trig-empty"))).toBe("Save the record to see its Trig lifecycle.");
    expect(context.webAPI.retrieveRecord).not.toHaveBeenCalled();
  });

  it("shows the error state when the Web API call fails", async () => {
    const context = fakeContext(async () => {
      throw { errorCode: 2147746336, message: "Principal user is missing prvReadAccount privilege" };
    });
    const { container } = mount(context);

    await vi.waitFor(() =>
      expect(text(container.querySelector(".trig-error"))).toBe(
        "Couldn't load Trig data Principal user is missing prvReadAccount privilege",
      ),
    );
  });

  it("shows the error state when the summary is not valid JSON", async () => {
    const context = fakeContext(async () => ({ trig_summary: "{not json" }));
    const { container } = mount(context);

    await vi.waitFor(() => expect(text(container.querySelector(".trig-error"))).toContain("does not hold valid card JSON"));
  });

  it("ignores a response that arrives after destroy", async () => {
    let resolve!: (e: ComponentFramework.WebApi.Entity) => void;
    const context = fakeContext(() => new Promise((r) => (resolve = r)));
    const { control, container } = mount(context);

    control.destroy();
    resolve({ trig_summary: JSON.stringify(cardView) });
    await new Promise((r) => setTimeout(r, 0));
    expect(container.childNodes).toHaveLength(0);
  });
});
