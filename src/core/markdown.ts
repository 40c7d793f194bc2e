/**
 * Placeholders such as `<uniqueString>` or `<ip:pe-kv#1>` are read by GitHub and Azure DevOps as HTML
 * tags or autolinks and vanish from the rendered page. Markdown text escapes `<` and `>` as `&lt;` and
 * `&gt;` (entities render in both; CommonMark "Entity and numeric character references"), and `&` as
 * `&amp;` so that text that looks like an entity shows as written.
 */
export function escapeAngles(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** HTML tags a Markdown document of il5ml's writes on purpose (line breaks in table cells). */
const OWN_TAGS = /^<(?:br|\/?details|\/?summary)>/;

/**
 * A whole Markdown document with every placeholder escaped outside code (only `<`: without it no tag or
 * autolink starts, and a `>` may begin a block quote): fenced blocks and `code spans`,
 * where entities are not read and `<` already shows as written. The tags il5ml writes itself (`<br>`)
 * and HTML comments are kept.
 */
export function escapePlaceholders(doc: string): string {
  let fence: string | undefined;
  return doc
    .split('\n')
    .map((line) => {
      const f = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence !== undefined) {
        if (f && f[0] === fence[0] && f.length >= fence.length) fence = undefined;
        return line;
      }
      if (f) {
        fence = f;
        return line;
      }
      return line
        .split(/(`+[^`]*`+)/)
        .map((part, i) => (i % 2 === 1 ? part : escapeTextOutsideTags(part)))
        .join('');
    })
    .join('\n');
}

function escapeTextOutsideTags(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, lt);
    const rest = text.slice(lt);
    const own = OWN_TAGS.exec(rest)?.[0] ?? (rest.startsWith('<!--') ? rest.slice(0, rest.indexOf('-->') + 3 || rest.length) : undefined);
    if (own) {
      out += own;
      i = lt + own.length;
    } else {
      out += '&lt;';
      i = lt + 1;
    }
  }
  return out;
}
