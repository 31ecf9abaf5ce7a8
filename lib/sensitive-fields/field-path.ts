import { ParameterError } from '../errors/parameter-error.js';
import { isPlainObject } from '../types/is-plain-object.js';

/** Where a field path starts: the call's `json` option or its `query` option. */
export type FieldRoot = 'json' | 'query';

/** One step of a path: a property, every element of an array (`[]`) or one element (`[2]`). */
type Step = { key: string } | { each: true } | { index: number };

/** A checked field path, e.g. `json.receivers[].name`. */
export interface FieldPath {
  /** As written; what errors name. */
  readonly text: string;
  readonly root: FieldRoot;
  readonly steps: readonly Step[];
}

/** A string the path reached: its exact position below the root, and its value. */
export interface FieldLocation {
  readonly path: FieldPath;
  readonly trail: ReadonlyArray<string | number>;
  readonly value: string;
}

const STEP = /\.([^.[\]\s]+)|\[(\d*)\]/y;

/** Parses `json.a.b`, `json.items[].name`, `json.items[0].name`, `json[].name` or `query.name`; `undefined` if it is not one. */
export function parseFieldPath(text: string): FieldPath | undefined {
  const root = text.startsWith('json') ? 'json' : text.startsWith('query') ? 'query' : undefined;
  if (!root) return undefined;
  const steps: Step[] = [];
  STEP.lastIndex = root.length;
  while (STEP.lastIndex < text.length) {
    const match = STEP.exec(text);
    if (!match) return undefined;
    const [, key, index] = match;
    if (key !== undefined) steps.push({ key });
    else if (index === '') steps.push({ each: true });
    else if (index !== undefined && /^(0|[1-9]\d{0,8})$/.test(index)) steps.push({ index: Number(index) });
    else return undefined;
  }
  // A path names a value inside json, or one query parameter (an array-valued one element by element).
  if (steps.length === 0 || (root === 'query' && !('key' in steps[0]!))) return undefined;
  return { text, root, steps };
}

/**
 * The strings `path` reaches in `value` (the call's `json` or `query`). A missing property or array element
 * is skipped; a value of the wrong kind on the way, or at the end anything but a string, is a `ParameterError`
 * naming the path. Values never appear in messages.
 */
export function locateFields(path: FieldPath, value: unknown): FieldLocation[] {
  const found: FieldLocation[] = [];
  const visit = (node: unknown, depth: number, trail: Array<string | number>): void => {
    if (node === undefined) return;
    const step = path.steps[depth];
    if (!step) {
      if (typeof node !== 'string') fail(path, trail, `must be a string to be encrypted, got ${kindOf(node)}`);
      found.push({ path, trail, value: node });
      return;
    }
    if ('key' in step) {
      if (!isPlainObject(node)) fail(path, trail, `must be an object to hold ${step.key}, got ${kindOf(node)}`);
      if (Object.hasOwn(node, step.key)) visit(node[step.key], depth + 1, [...trail, step.key]);
      return;
    }
    if (!Array.isArray(node)) fail(path, trail, `must be an array, got ${kindOf(node)}`);
    if ('index' in step) {
      if (step.index < node.length) visit(node[step.index], depth + 1, [...trail, step.index]);
      return;
    }
    for (const [index, item] of node.entries()) visit(item, depth + 1, [...trail, index]);
  };
  visit(value, 0, []);
  return found;
}

/** `json.items[1].name`: a location as text. */
export function showLocation(root: FieldRoot, trail: ReadonlyArray<string | number>): string {
  return trail.reduce<string>((text, step) => (typeof step === 'number' ? `${text}[${step}]` : `${text}.${step}`), root);
}

function fail(path: FieldPath, trail: ReadonlyArray<string | number>, problem: string): never {
  const at = showLocation(path.root, trail);
  throw new ParameterError(path.text, at === path.text ? problem : `${at} ${problem}`);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
