/**
 * The whole XML model these messages need: elements with either child elements or text, never both,
 * and no attributes. `text` is undefined for an element with children; a leaf keeps its text exactly
 * (padding such as `  139999` in InsurerNumber is data).
 */
export interface XmlElement {
  readonly name: string;
  readonly children: readonly XmlElement[];
  readonly text: string | undefined;
}

export type XmlDeclaredEncoding = 'Shift_JIS' | 'UTF-8';

export interface XmlDocument {
  readonly root: XmlElement;
  /** The encoding named in the declaration, if there was one. */
  readonly declaredEncoding: string | undefined;
}

export function leaf(name: string, text: string): XmlElement {
  return { name, children: [], text };
}

export function parent(name: string, children: readonly XmlElement[]): XmlElement {
  return { name, children, text: undefined };
}
