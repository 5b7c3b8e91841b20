/** XML 1.0 `Char`: which code points may appear in a document at all. */
export function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/** Element names: the ASCII subset of XML names, without `:` because the messages use no namespaces. */
export const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The first code point in `text` that is not an XML Char (lone surrogates included), if any. */
export function firstNonXmlChar(text: string): number | undefined {
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (!isXmlChar(codePoint)) return codePoint;
  }
  return undefined;
}
