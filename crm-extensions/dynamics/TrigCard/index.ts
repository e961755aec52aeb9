import { IInputs, IOutputs } from "./generated/ManifestTypes";
import type { CardView } from "./generated-shared/cardView";
import { renderCard, renderEmpty, renderError, renderLoading } from "./render";

/** Columns the Trig sync writes on account and contact (publisher prefix "trig", OPERATIONS.md). */
const SUMMARY_COLUMN = "trig_summary";
const STAGE_COLUMN = "trig_current_stage";
const SELECT = `?$select=${SUMMARY_COLUMN},${STAGE_COLUMN}`;

/** contextInfo is on every model-driven form but not in the official typings. */
interface ModeWithContextInfo {
  contextInfo?: { entityId?: string; entityTypeName?: string };
}

/** Dataverse gives ids as "{GUID}" on some surfaces and bare on others. */
function stripBraces(id: string): string {
  return id.replace(/^\{|\}$/g, "");
}

export class TrigCard implements ComponentFramework.StandardControl<IInputs, IOutputs> {
  private container!: HTMLDivElement;
  private recordKey: string | null = null;
  // Counts loads so that a slow response for an earlier record never overwrites a newer one.
  private generation = 0;

  public init(
    _context: ComponentFramework.Context<IInputs>,
    _notifyOutputChanged: () => void,
    _state: ComponentFramework.Dictionary,
    container: HTMLDivElement,
  ): void {
    this.container = container;
    renderLoading(container);
  }

  public updateView(context: ComponentFramework.Context<IInputs>): void {
    const info = (context.mode as unknown as ModeWithContextInfo).contextInfo;
    const id = info?.entityId ? stripBraces(info.entityId) : "";
    const entity = info?.entityTypeName ?? "";
    if (!id || !entity) {
      this.recordKey = null;
      this.generation++;
      renderEmpty(this.container, "Save the record to see its Trig lifecycle.");
      return;
    }
    const key = `${entity}/${id}`;
    // updateView runs on every form change; reload only when the record changes.
    if (key === this.recordKey) return;
    this.recordKey = key;
    void this.load(context, entity, id);
  }

  public getOutputs(): IOutputs {
    return {};
  }

  public destroy(): void {
    this.generation++;
    this.recordKey = null;
    this.container?.replaceChildren();
  }

  private async load(context: ComponentFramework.Context<IInputs>, entity: string, id: string): Promise<void> {
    const generation = ++this.generation;
    renderLoading(this.container);
    let render: () => void;
    try {
      const record = await context.webAPI.retrieveRecord(entity, id, SELECT);
      const summary = record[SUMMARY_COLUMN] as string | null | undefined;
      if (!summary) {
        render = () => renderEmpty(this.container);
      } else {
        const view = JSON.parse(summary) as CardView;
        render = () => renderCard(this.container, view);
      }
    } catch (e) {
      const message =
        e instanceof SyntaxError
          ? `The ${SUMMARY_COLUMN} column does not hold valid card JSON.`
          : e && typeof e === "object" && "message" in e
            ? String((e as { message: unknown }).message)
            : String(e);
      render = () => renderError(this.container, message);
    }
    if (generation === this.generation) render();
  }
}
