import stringify from 'fast-json-stable-stringify';
import { ParameterError } from '../errors/parameter-error.js';

/**
 * The JSON text of a value to send (keys sorted, as it is signed). A value JSON cannot hold (a cycle, a BigInt) is a
 * `ParameterError` naming `option`, before anything is sent.
 */
export function jsonText(value: unknown, option: string): string {
  try {
    return stringify(value);
  } catch (error) {
    throw new ParameterError(option, `cannot be written as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
