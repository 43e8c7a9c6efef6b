// @ts-check
/**
 * The policy form: a policy shown in its controls, with the defaults as placeholders, and the controls read back into
 * the overrides to save. Each control stands for one field of the overrides, named by its dotted path (`spam.reject`),
 * which is also how the API names it in a 400 (`body.policy.spam.reject`).
 */
import { byId } from './dom.js';
import { formFields } from './field-errors.js';
/** @import { FieldError } from './api.js' */
/** @import { Field } from './field-errors.js' */
/** @import { PolicyAnswer, PolicyOverrides } from './policy-api.js' */

/** Levels: empty keeps the default. */
const LEVELS = new Map([
  ['spam.flag', byId('policy-spam-flag', HTMLInputElement)],
  ['spam.reject', byId('policy-spam-reject', HTMLInputElement)],
  ['duplicate.flag', byId('policy-duplicate-flag', HTMLInputElement)],
  ['duplicate.reject', byId('policy-duplicate-reject', HTMLInputElement)],
  ['toxic.flag', byId('policy-toxic-flag', HTMLInputElement)],
  ['toxic.reject', byId('policy-toxic-reject', HTMLInputElement)],
  ['negative.flag', byId('policy-negative-flag', HTMLInputElement)],
]);

/** Lists, one entry a line: empty keeps the default list. */
const LISTS = new Map([
  ['bannedTerms', byId('policy-banned-terms', HTMLTextAreaElement)],
  ['suspectTerms', byId('policy-suspect-terms', HTMLTextAreaElement)],
  ['blockedDomains', byId('policy-blocked-domains', HTMLTextAreaElement)],
  ['preModeration.articleIds', byId('policy-premoderate-articles', HTMLTextAreaElement)],
  ['authors.trusted', byId('policy-trusted-authors', HTMLTextAreaElement)],
  ['authors.banned', byId('policy-banned-authors', HTMLTextAreaElement)],
]);

/** Choices: a box is checked or not, so these always hold a value, and cannot be left empty for the default. */
const CHOICES = new Map(/** @type {Array<[string, HTMLInputElement | HTMLSelectElement]>} */ ([
  ['negative.hold', byId('policy-negative-hold', HTMLInputElement)],
  ['preModeration.all', byId('policy-premoderate-all', HTMLInputElement)],
  ['authors.bannedAction', byId('policy-banned-action', HTMLSelectElement)],
]));

/** The line each entry of each list came from at the last read, so a 400 about `bannedTerms.2` can name its line. */
const entryLines = new Map(/** @type {Array<[string, number[]]>} */ ([]));

/** The form's fields as a 400 names them. */
export const POLICY_FIELDS = formFields('body.policy.', [
  ...LEVELS,
  ...[...LISTS].map(([path, control]) => /** @type {[string, Field]} */ ([path, { control, entry: (index) => lineOf(path, index) }])),
  ...CHOICES,
]);

/** @param {string} path @param {number} index */
function lineOf(path, index) {
  const line = entryLines.get(path)?.[index];
  return line === undefined ? undefined : `line ${line}`;
}

/** The form filled from a policy: the overrides in the fields, the defaults as their placeholders. @param {PolicyAnswer} answer */
export function showPolicy(answer) {
  for (const [path, input] of LEVELS) {
    const value = valueAt(answer.overrides, path);
    const fallback = valueAt(answer.defaults, path);
    input.value = typeof value === 'number' ? String(value) : '';
    input.placeholder = typeof fallback === 'number' ? `default ${fallback}` : 'default: none';
  }
  for (const [path, area] of LISTS) {
    const value = valueAt(answer.overrides, path);
    const fallback = valueAt(answer.defaults, path);
    area.value = Array.isArray(value) ? value.join('\n') : '';
    area.placeholder = Array.isArray(fallback) && fallback.length ? `default:\n${fallback.join('\n')}` : 'none by default';
  }
  // A choice shows what is in effect, the default when the publisher did not set it.
  for (const [path, control] of CHOICES) {
    const value = valueAt(answer.policy, path);
    if (control instanceof HTMLInputElement) control.checked = value === true;
    else control.value = String(value);
  }
}

/**
 * The overrides the form holds, and what it can tell is wrong without asking the API (a number field holding no
 * number), named as the API would name it. Everything else the API judges.
 * @param {PolicyAnswer} loaded the policy the form was filled from
 * @returns {{ overrides: PolicyOverrides, problems: FieldError[] }}
 */
export function readPolicy(loaded) {
  /** @type {Record<string, unknown>} */
  const overrides = {};
  /** @type {FieldError[]} */
  const problems = [];
  for (const [path, input] of LEVELS) {
    if (input.validity.badInput) problems.push({ path: `${POLICY_FIELDS.prefix}${path}`, message: 'must be a number' });
    else if (input.value.trim() !== '') setAt(overrides, path, Number(input.value));
  }
  entryLines.clear();
  for (const [path, area] of LISTS) {
    const entries = area.value.split(/\r?\n/).map((line, n) => ({ entry: line.trim(), line: n + 1 })).filter(({ entry }) => entry !== '');
    entryLines.set(path, entries.map(({ line }) => line));
    if (entries.length) setAt(overrides, path, entries.map(({ entry }) => entry));
  }
  for (const [path, control] of CHOICES) {
    const value = control instanceof HTMLInputElement ? control.checked : control.value;
    // Saving an untouched form changes nothing: a choice is sent if it was set before, or now differs from the default.
    if (valueAt(loaded.overrides, path) !== undefined || value !== valueAt(loaded.defaults, path)) setAt(overrides, path, value);
  }
  return { overrides: /** @type {PolicyOverrides} */ (overrides), problems };
}

/** @param {object} value @param {string} path dotted */
function valueAt(value, path) {
  /** @type {unknown} */
  let found = value;
  for (const key of path.split('.')) found = typeof found === 'object' && found !== null ? /** @type {Record<string, unknown>} */ (found)[key] : undefined;
  return found;
}

/** @param {Record<string, unknown>} target @param {string} path dotted @param {unknown} value */
function setAt(target, path, value) {
  const keys = path.split('.');
  const last = keys.pop() ?? path;
  let parent = target;
  for (const key of keys) {
    const child = parent[key];
    parent = /** @type {Record<string, unknown>} */ (typeof child === 'object' && child !== null ? child : (parent[key] = {}));
  }
  parent[last] = value;
}
