import type { RenderedElementNode } from '@hubspot/ui-extensions/testing';

/**
 * Calls a component's event prop with a value (what the HubSpot host does when a user picks or types).
 * `trigger`'s own typing expects the prop's type as the argument, so this casts once here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fire(node: RenderedElementNode<any>, event: string, value?: unknown) {
  (node.trigger as (e: string, v?: unknown) => void)(event, value);
}
