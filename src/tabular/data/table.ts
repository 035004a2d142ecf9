/**
 * A table of mixed columns read from CSV: numeric columns and categorical ones (text, 0/1 flags, or
 * groups of one-hot 0/1 columns named `Group.level`). Types are inferred and can be overridden; every
 * error names the file, the line and the column.
 */
import { nodeModules } from '../../io/node.js';

/** How a column is modelled. */
export type ColumnKind = 'numeric' | 'categorical';

/** A numeric column: its values, and whether every value is a whole number (written back rounded). */
export interface NumericColumn {
  kind: 'numeric';
  name: string;
  values: Float64Array;
  integer: boolean;
}

/**
 * A categorical column: level names and one code per row. `source` says how it is written: one text
 * column (`text`), or one 0/1 column per level named `name.level` (`onehot`; the German credit data).
 */
export interface CategoricalColumn {
  kind: 'categorical';
  name: string;
  levels: string[];
  codes: Int32Array;
  source: 'text' | 'onehot';
}

export type Column = NumericColumn | CategoricalColumn;

export interface Table {
  file: string;
  rows: number;
  columns: Column[];
  /** The CSV header in file order, so a written table has the same column order. */
  header: string[];
}

export interface TableOptions {
  /** Force these columns (or one-hot groups, by prefix) to a kind. */
  kinds?: Record<string, ColumnKind>;
  /**
   * Numeric columns with at most this many distinct whole-number values are categorical (flags, counts,
   * 1–4 ratings); default 10. A softmax head reproduces such a column's few levels exactly.
   */
  maxIntegerLevels?: number;
  /** Detect groups of one-hot columns `prefix.level`; default true. */
  oneHotGroups?: boolean;
}

/** Split CSV text into records of fields (RFC 4180 quoting; quoted fields may hold commas and newlines). */
export function parseCsvRecords(text: string): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [], field = '', quoted = false, line = 1, start = 1, fieldQuoted = false;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !fieldQuoted)) records.push({ fields, line: start });
    fields = []; field = ''; fieldQuoted = false;
  };
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; field += ch; }
    } else if (ch === '"') { quoted = true; fieldQuoted = true; }
    else if (ch === ',') { fields.push(field); field = ''; fieldQuoted = false; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += ch;
  }
  if (quoted) throw new Error(`line ${start}: a quoted field is not closed`);
  if (field !== '' || fields.length > 0 || fieldQuoted) endRecord();
  return records;
}

const isNumber = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));

/** Parse a table from CSV text (`file` names it in errors). */
export function parseTable(text: string, file: string, options: TableOptions = {}): Table {
  let records;
  try {
    records = parseCsvRecords(text);
  } catch (e) {
    throw new Error(`${file}:${(e as Error).message.replace(/^line /, '')}`);
  }
  if (records.length === 0) throw new Error(`${file}:1: empty file or missing header`);
  const header = records[0].fields.map((h) => h.trim());
  const seen = new Set<string>();
  header.forEach((h, c) => {
    if (h === '') throw new Error(`${file}:1: column ${c + 1} has an empty name`);
    if (seen.has(h)) throw new Error(`${file}:1: column '${h}' appears twice`);
    seen.add(h);
  });
  const body = records.slice(1);
  if (body.length < 2) throw new Error(`${file}: needs at least 2 data rows, got ${body.length}`);
  for (const r of body) {
    if (r.fields.length !== header.length) throw new Error(`${file}:${r.line}: ${r.fields.length} fields, the header has ${header.length}`);
    r.fields.forEach((v, c) => {
      if (v.trim() === '') throw new Error(`${file}:${r.line}: column '${header[c]}' is empty (blank cells are not supported)`);
    });
  }
  const kinds = options.kinds ?? {};
  for (const name of Object.keys(kinds)) {
    if (!header.includes(name) && !header.some((h) => h.startsWith(`${name}.`))) throw new Error(`${file}: --type names column '${name}', which is not in the header`);
  }
  const raw = header.map((_, c) => body.map((r) => r.fields[c].trim()));
  const numeric = raw.map((vals) => vals.every(isNumber));
  const binary = raw.map((vals, c) => numeric[c] && vals.every((v) => Number(v) === 0 || Number(v) === 1));

  // One-hot groups: ≥ 2 columns `prefix.level`, all 0/1, exactly one 1 per row.
  const grouped = new Map<string, number[]>();
  if (options.oneHotGroups ?? true) {
    const byPrefix = new Map<string, number[]>();
    header.forEach((h, c) => {
      const dot = h.indexOf('.');
      if (dot > 0 && dot < h.length - 1 && binary[c] && kinds[h] === undefined) {
        const p = h.slice(0, dot);
        byPrefix.set(p, [...(byPrefix.get(p) ?? []), c]);
      }
    });
    for (const [prefix, cols] of byPrefix) {
      if (cols.length < 2 || header.includes(prefix) || kinds[prefix] === 'numeric') continue;
      const oneHot = body.every((_, r) => cols.reduce((s, c) => s + Number(raw[c][r]), 0) === 1);
      if (oneHot) grouped.set(prefix, cols);
    }
  }
  const inGroup = new Map<number, string>();
  for (const [p, cols] of grouped) for (const c of cols) inGroup.set(c, p);

  const columns: Column[] = [];
  const maxLevels = options.maxIntegerLevels ?? 10;
  header.forEach((name, c) => {
    const group = inGroup.get(c);
    if (group !== undefined) {
      const cols = grouped.get(group)!;
      if (cols[0] !== c) return;
      const codes = Int32Array.from(body, (_, r) => cols.findIndex((k) => raw[k][r] === '1' || Number(raw[k][r]) === 1));
      columns.push({ kind: 'categorical', name: group, levels: cols.map((k) => header[k].slice(group.length + 1)), codes, source: 'onehot' });
      return;
    }
    const values = raw[c];
    let kind = kinds[name];
    if (kind === 'numeric' && !numeric[c]) {
      const bad = body.findIndex((_, r) => !isNumber(values[r]));
      throw new Error(`${file}:${body[bad].line}: column '${name}' is numeric but holds '${values[bad]}'`);
    }
    const distinct = new Set(values);
    if (!kind) kind = !numeric[c] || (distinct.size <= maxLevels && values.every((v) => Number.isInteger(Number(v)))) ? 'categorical' : 'numeric';
    if (kind === 'numeric') {
      const v = Float64Array.from(values, Number);
      columns.push({ kind, name, values: v, integer: v.every(Number.isInteger) });
    } else {
      // Numbers as levels sort numerically, text alphabetically: a stable order the model file records.
      const levels = [...distinct].sort(numeric[c] ? (a, b) => Number(a) - Number(b) : undefined);
      const index = new Map(levels.map((l, i) => [l, i]));
      columns.push({ kind: 'categorical', name, levels, codes: Int32Array.from(values, (v) => index.get(v)!), source: 'text' });
    }
  });
  return { file, rows: body.length, columns, header };
}

/** Read and parse a CSV table from disk; also returns the file's SHA-256 (recorded in model files). */
export function loadTable(file: string, options: TableOptions = {}): Table & { sha256: string } {
  const { fs, crypto } = nodeModules('loadTable');
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new Error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { ...parseTable(bytes.toString('utf8'), file, options), sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}

/** The column named `name`, or an error listing what exists. */
export function column(table: Table, name: string): Column {
  const c = table.columns.find((col) => col.name === name);
  if (!c) throw new Error(`${table.file}: no column '${name}' (columns: ${table.columns.map((col) => col.name).join(', ')})`);
  return c;
}

/** The rows at `indices`, as a new table over the same columns. */
export function selectRows(table: Table, indices: ArrayLike<number>): Table {
  const pick = <T extends Float64Array | Int32Array>(a: T): T => {
    const out = new (a.constructor as { new(n: number): T })(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = a[indices[i]];
    return out;
  };
  return {
    ...table,
    rows: indices.length,
    columns: table.columns.map((c) => (c.kind === 'numeric' ? { ...c, values: pick(c.values) } : { ...c, codes: pick(c.codes) })),
  };
}

/** CSV text of a table, in the header order it was read with (one-hot groups written back as 0/1 columns). */
export function formatTable(table: Table): string {
  const cells: string[][] = [];
  const names: string[] = [];
  for (const c of table.columns) {
    if (c.kind === 'numeric') {
      names.push(c.name);
      cells.push(Array.from(c.values, (v) => (c.integer ? String(Math.round(v)) : String(Number(v.toPrecision(7))))));
    } else if (c.source === 'onehot') {
      c.levels.forEach((level, l) => {
        names.push(`${c.name}.${level}`);
        cells.push(Array.from(c.codes, (k) => (k === l ? '1' : '0')));
      });
    } else {
      names.push(c.name);
      cells.push(Array.from(c.codes, (k) => c.levels[k]));
    }
  }
  const order = table.header.filter((h) => names.includes(h));
  for (const n of names) if (!order.includes(n)) order.push(n);
  const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const index = order.map((n) => names.indexOf(n));
  const lines = [order.map(quote).join(',')];
  for (let r = 0; r < table.rows; r++) lines.push(index.map((i) => quote(cells[i][r])).join(','));
  return lines.join('\n') + '\n';
}
