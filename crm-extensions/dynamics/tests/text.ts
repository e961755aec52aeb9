/** Text of every text node under el, joined by single spaces (textContent glues adjacent cells together). */
export function text(el: Node | null): string {
  if (!el) return "";
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === 3) parts.push(n.nodeValue ?? "");
    else if (n.nodeName !== "STYLE") n.childNodes.forEach(walk);
  };
  walk(el);
  return parts.join(" ").replace(/\s+/g, " ").trim();
}
