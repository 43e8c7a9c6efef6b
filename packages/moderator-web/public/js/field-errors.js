// @ts-check
/**
 * What a 400 found wrong with a form, on the form: the API names each field by its path (`query.to`,
 * `body.policy.spam.reject`, `body.policy.bannedTerms.2`), and these mark the controls it names invalid and say what
 * is wrong in the controls' own words. The sentiment filters and the policy form both use them.
 */
/** @import { FieldError } from './api.js' */

/** @typedef {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} FieldControl */
/**
 * A control, and for a list field (one entry a line) a name for its entry at an index, such as "line 3".
 * @typedef {{ control: FieldControl, entry?: (index: number) => string | undefined }} Field
 */
/** A form's fields by their API paths less `prefix`, which every path of the form starts with. @typedef {{ prefix: string, fields: Map<string, Field> }} FormFields */

/** @param {string} prefix @param {Array<[string, FieldControl | Field]>} entries @returns {FormFields} */
export function formFields(prefix, entries) {
  return { prefix, fields: new Map(entries.map(([name, field]) => [name, 'control' in field ? field : { control: field }])) };
}

/**
 * The field a path names: the field itself, or the list field whose entry it names (`bannedTerms.2`).
 * @param {FormFields} form
 * @param {string} path
 * @returns {{ name: string, field: Field, index?: number } | undefined}
 */
function fieldAt(form, path) {
  if (!path.startsWith(form.prefix)) return undefined;
  const name = path.slice(form.prefix.length);
  const field = form.fields.get(name);
  if (field) return { name, field };
  const entry = /^(.+)\.(\d+)$/.exec(name);
  const list = entry?.[1] === undefined ? undefined : form.fields.get(entry[1]);
  return list && entry?.[1] !== undefined ? { name: entry[1], field: list, index: Number(entry[2]) } : undefined;
}

/** Marks the fields named invalid, and every other field of the form valid. @param {FormFields} form @param {FieldError[]} fieldErrors */
export function markInvalidFields(form, fieldErrors) {
  const invalid = new Set(fieldErrors.map((fieldError) => fieldAt(form, fieldError.path)?.name));
  for (const [name, { control }] of form.fields) control.setAttribute('aria-invalid', String(invalid.has(name)));
}

/**
 * "To must be later than from." or "Banned terms, line 2, must contain a letter or digit.": the control's label, then
 * the API's message. A path the form has no control for is named as the API gave it.
 * @param {FormFields} form
 * @param {FieldError} fieldError
 */
export function describeFieldError(form, fieldError) {
  const at = fieldAt(form, fieldError.path);
  const label = at?.field.control.labels?.[0]?.textContent?.trim() || fieldError.path;
  const entry = at?.index === undefined ? undefined : at.field.entry?.(at.index) ?? `entry ${at.index + 1}`;
  const name = entry ? `${label}, ${entry},` : label;
  // The API's messages mostly read on from the field's name ("must be …"); the others follow a colon.
  const joined = /^(must|is|are)\b/.test(fieldError.message) ? `${name} ${fieldError.message}` : `${name.replace(/,$/, '')}: ${fieldError.message}`;
  return /[.!?]$/.test(joined) ? joined : `${joined}.`;
}
