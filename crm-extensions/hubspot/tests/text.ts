import type { RenderedNode } from '@hubspot/ui-extensions/testing';

/** All text under a rendered node, in document order, joined by single spaces (`.text` is null on mixed content). */
export function allText(node: RenderedNode): string {
  const parts: string[] = [];
  const walk = (n: RenderedNode) => {
    if (n.nodeType === 'text') parts.push(n.text);
    else for (const child of n.childNodes) walk(child as RenderedNode);
  };
  walk(node);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}
