/**
 * Turns a backend that did not load into the Left useBackend returns. Only a missing module
 * earns installation advice; any other failure (a binary that could not be fetched, a runtime
 * that cannot run the backend) is reported as itself, so users are never told to install what
 * they have.
 */
import { isSparsekitError, SparsekitError } from '../errors.js';
import type { BackendProvider } from './registry.js';

const MISSING_MODULE_CODES = ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'];
// Node, vite (dev and tests), then Chromium, Firefox and Safari wordings for an import that cannot be resolved or fetched.
const MISSING_MODULE_MESSAGES = new RegExp(
  [
    'Cannot find (module|package)',
    'Could not resolve "',
    'Failed to resolve module specifier',
    'Failed to fetch dynamically imported module',
    'error loading dynamically imported module',
    'Importing a module script failed',
  ].join('|'),
);

function messageOf(cause: unknown): string {
  if (typeof cause === 'object' && cause !== null && 'message' in cause) return String(cause.message);
  return String(cause);
}

/** True when `cause` says a module could not be found (not that it failed once found). */
export function isMissingModule(cause: unknown): boolean {
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : undefined;
  return MISSING_MODULE_CODES.includes(String(code)) || MISSING_MODULE_MESSAGES.test(messageOf(cause));
}

/** The SparsekitError for a provider whose load or initialisation threw `cause`. */
export function loadFailure(provider: BackendProvider, cause: unknown): SparsekitError {
  if (isSparsekitError(cause)) return cause;
  const reason = messageOf(cause).split('\n')[0];
  if (isMissingModule(cause)) {
    return new SparsekitError({
      argument: 'name',
      value: provider.name,
      code: 'backend_unavailable',
      expected: 'an installed backend',
      hint: `It is not installed (${reason}). To install it: ${provider.install}`,
    });
  }
  return new SparsekitError({
    argument: 'name',
    value: provider.name,
    code: 'backend_unavailable',
    expected: 'a backend that loads here',
    hint: `Loading failed: ${reason}`,
  });
}
