/**
 * Markdown built from document text (operator sentences, cell and space names, messages that quote
 * the document) must render as that text and nothing else: no image fetched from a URL, no link, no
 * raw HTML, no emphasis that swallows the rest of a hover. Every MarkupContent the server builds
 * passes document text through these helpers (clients render it with HTML off and untrusted).
 */

/**
 * Inline text: CommonMark backslash escapes for the punctuation that can start inline markup
 * (emphasis, code, links, images, HTML, entities, strikethrough, table cells) and, at the start,
 * block markup (headings, lists); `.` and the `:` of `://` too, so GFM's bare-URL and e-mail
 * autolinks (`https://...`, `www.x`, `a@b.c`) stay text. Line breaks become spaces, so the text
 * cannot open a new block.
 */
export function escapeMarkdown(text: string): string {
  return String(text)
    .replace(/\r\n?|\n|\u2028|\u2029/g, ' ')
    .replace(/[\\`*_{}[\]()!|<>~&.]|:(?=\/\/)/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+#=])/, '$1\\$2');
}

/** A code span showing `text` literally (a backtick fence longer than any run inside it). */
export function mdCode(text: string): string {
  const flat = String(text).replace(/\r\n?|\n|\u2028|\u2029/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || /^ .* $/.test(flat) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
