/**
 * Text as it may stand in SVG (XML 1.0) content or in a double- or single-quoted attribute: the five
 * markup characters escaped, and every character XML 1.0 cannot carry at all (C0 controls other
 * than tab, newline and carriage return; lone surrogates; U+FFFE and U+FFFF) replaced by U+FFFD.
 * Escaping alone is not enough for labels taken from a dataset: a category holding `\u0000` would
 * make the whole figure unparseable.
 * @example escapeXml('cats & "dogs" <3') // 'cats &amp; &quot;dogs&quot; &lt;3'
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}
