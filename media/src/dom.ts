// Building DOM nodes without ever parsing markup: every string from the user's file is set as text, so
// names like `</script><img onerror=…>` render as the characters they are.
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  append(element, children);
  return element;
}

const svgNamespace = 'http://www.w3.org/2000/svg';

export function svg(
  tag: string,
  attributes: Record<string, string | number> = {},
  ...children: Child[]
): SVGElement {
  const element = document.createElementNS(svgNamespace, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  append(element, children);
  return element;
}

/** A codicon (`@vscode/codicons`), e.g. `icon('pass')`. */
export function icon(name: string): HTMLElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/**
 * A message whose `code spans` render as code, the way the hover's Markdown shows them: its text reads word
 * for word like the hover and the Quick Fix menu.
 */
export function prose(message: string): HTMLElement {
  const parts = message.split('`');
  // An unpaired backtick is kept as the character it is.
  if (parts.length % 2 === 0) return h('span', {}, message);
  return h('span', {}, ...parts.map((part, index) => (index % 2 === 1 ? h('code', {}, part) : part)));
}

function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}
