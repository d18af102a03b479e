// Model output can hold anything: markup, "]]>", NUL and other characters XML 1.0 forbids.
// Everything is escaped as text (no CDATA, so no terminator to break out of).

// Outside XML 1.0's Char production, plus the C1 controls it discourages (some Java parsers reject them).
const NOT_XML = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function clean(text: string): string {
  return text.replace(NOT_XML, '\uFFFD');
}

export function xmlText(text: string): string {
  return clean(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes; tabs and line breaks as references, or parsers turn them into spaces. */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
