/** HTML escaping shared by every application's report pages (finance and tabular alike sit above io). */

/** Text as HTML (element text or a quoted attribute): the characters that would start markup or an entity, or end the attribute. */
export const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
