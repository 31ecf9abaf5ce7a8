import { ParameterError } from '../errors/parameter-error.js';
import { CATALOG_PATHS } from './catalog-paths.js';
import { normalizeSegment } from './segment.js';

/** The catalog's paths as a tree of segments: literal children by name, and the one placeholder child. */
interface Tree {
  readonly literal: Map<string, Tree>;
  placeholder: Tree | undefined;
  end: boolean;
}

interface Catalog {
  readonly tree: Tree;
  /** Every path's segments, by segment count: only paths as long as the caller's can be a near spelling of it. */
  readonly byLength: Map<number, string[][]>;
}

const PLACEHOLDER = /^\{[^{}]+\}$/;
let catalog: Catalog | undefined;
/** Verdicts by path: chain paths are code, few and reused. Bounded, as a path built from data could be anything. */
const verdicts = new Map<string, string | undefined>();

/**
 * Refuses a path that the catalog does not have but whose normalised spelling (camelCase → kebab-case) or a near
 * spelling (a small edit distance per segment) it does, suggesting it. A path the catalog has, structurally (a
 * literal segment fills a placeholder: `out-trade-no/N123` is `out-trade-no/{out_trade_no}`), goes out, and so does
 * a path near nothing (endpoints newer than the catalog). Segments in placeholder positions are never corrected.
 */
export function checkCatalog(segments: readonly string[]): void {
  const path = segments.join('/');
  let suggestion = verdicts.get(path);
  if (suggestion === undefined && !verdicts.has(path)) {
    suggestion = suggest(segments);
    if (verdicts.size < 10_000) verdicts.set(path, suggestion);
  }
  if (suggestion !== undefined) {
    throw new ParameterError(
      'path',
      `${JSON.stringify(path)} is not in the WeChat Pay API catalog; did you mean ${suggestion}? (A path newer than the catalog can be sent as written with getDriver().request() or requestAsync().)`,
    );
  }
}

/** `undefined` when the path is known or near nothing; else the nearest catalog spellings, ids kept as written. */
function suggest(all: readonly string[]): string | undefined {
  const first = all.findIndex((segment) => segment !== '');
  const segments = first < 0 ? [] : all.slice(first);
  // `{+name}` may span segments: no structural comparison can tell, so such a path goes out.
  if (segments.length === 0 || segments.some((segment) => segment.includes('{+'))) return undefined;
  const { tree, byLength } = load();
  if (known(tree, segments, 0)) return undefined;
  let best = Number.POSITIVE_INFINITY;
  let found: string[] = [];
  // Catalog paths share most segments (`v3/marketing/…`): each distance is computed once per position.
  const distances = segments.map(() => new Map<string, number | undefined>());
  for (const template of byLength.get(segments.length) ?? []) {
    const match = compare(segments, template, distances);
    if (match === undefined || match.cost > best) continue;
    if (match.cost < best) found = [];
    best = match.cost;
    if (!found.includes(match.path)) found.push(match.path);
  }
  return found.length === 0 ? undefined : found.slice(0, 3).join(' or ');
}

/** Whether the catalog has the path, its placeholders and the caller's alike matching any one segment. */
function known(tree: Tree, segments: readonly string[], at: number): boolean {
  if (at === segments.length) return tree.end;
  const segment = segments[at] as string;
  if (PLACEHOLDER.test(segment)) {
    for (const child of tree.literal.values()) if (known(child, segments, at + 1)) return true;
    return tree.placeholder !== undefined && known(tree.placeholder, segments, at + 1);
  }
  const literal = tree.literal.get(segment);
  if (literal && known(literal, segments, at + 1)) return true;
  return segment !== '' && tree.placeholder !== undefined && known(tree.placeholder, segments, at + 1);
}

/** How far the caller's segments are from a catalog path, and the path suggested: `undefined` when too far. */
function compare(
  segments: readonly string[],
  template: readonly string[],
  distances: Array<Map<string, number | undefined>>,
): { cost: number; path: string } | undefined {
  let cost = 0;
  const out: string[] = [];
  for (let i = 0; i < template.length; i++) {
    const want = template[i] as string;
    const have = segments[i] as string;
    // A placeholder position keeps what the caller wrote: an id is never "corrected".
    if (PLACEHOLDER.test(want) || PLACEHOLDER.test(have)) {
      if (have === '') return undefined;
      out.push(have);
      continue;
    }
    if (have !== want) {
      const known = distances[i] as Map<string, number | undefined>;
      let distance = known.get(want);
      if (distance === undefined && !known.has(want)) known.set(want, (distance = spellingDistance(have, want)));
      if (distance === undefined) return undefined;
      cost += distance;
    }
    out.push(want);
  }
  return { cost, path: out.join('/') };
}

/**
 * 1 for the same segment in another spelling (`smartretailOrders`, `BillDownload`), else the edit distance from the
 * nearest spelling, when it is within what the segment's length allows: none below 4 characters, 1 below 8, 2 beyond.
 */
function spellingDistance(have: string, want: string): number | undefined {
  if (have === '') return undefined;
  const kebab = normalizeSegment(have);
  const lower = have.toLowerCase();
  if (kebab === want || lower === want.toLowerCase()) return 1;
  const limit = want.length < 4 ? 0 : want.length < 8 ? 1 : 2;
  if (limit === 0) return undefined;
  const distance = Math.min(editDistance(kebab, want, limit), editDistance(lower, want.toLowerCase(), limit));
  return distance <= limit ? distance : undefined;
}

/** Optimal string alignment distance (a swap of neighbours counts 1), or `limit + 1` once it is sure to exceed it. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let smallest = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (before[j - 2] as number) + 1);
      current.push(value);
      smallest = Math.min(smallest, value);
    }
    if (smallest > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

/** Decodes the generated list (front-coded: "N rest") into the tree and the by-length lists, once. */
function load(): Catalog {
  if (catalog) return catalog;
  const tree: Tree = { literal: new Map(), placeholder: undefined, end: false };
  const byLength = new Map<number, string[][]>();
  let previous: string[] = [];
  // The tree path of the line before: a line only adds below its shared segments.
  let trail: Tree[] = [tree];
  for (const line of CATALOG_PATHS.split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const shared = Number(line.slice(0, space));
    const segments = previous.slice(0, shared).concat(line.slice(space + 1).split('/'));
    trail = trail.slice(0, shared + 1);
    let at = trail[shared] as Tree;
    for (let i = shared; i < segments.length; i++) {
      const segment = segments[i] as string;
      // `{` opens a placeholder: the catalog has no other use for it.
      if (segment.charCodeAt(0) === 123) at = at.placeholder ??= { literal: new Map(), placeholder: undefined, end: false };
      else {
        let next = at.literal.get(segment);
        if (!next) at.literal.set(segment, (next = { literal: new Map(), placeholder: undefined, end: false }));
        at = next;
      }
      trail.push(at);
    }
    at.end = true;
    const list = byLength.get(segments.length);
    if (list) list.push(segments);
    else byLength.set(segments.length, [segments]);
    previous = segments;
  }
  catalog = { tree, byLength };
  return catalog;
}
