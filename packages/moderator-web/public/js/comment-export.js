// @ts-check
/**
 * The sentiment view's export of per-comment sentiment, for analyst and admin keys (the API refuses moderators): over
 * the view's From and To days, counting spam and duplicates as its toggle says, so the file matches the figures. The
 * key goes in a header, so a link cannot fetch the file: the page fetches it and saves it through an object URL.
 */
import { ApiError, ApiUnreachableError, failureText } from './api.js';
import { byId, el, plural } from './dom.js';
import { ExportCutShortError, fetchCommentExport } from './export-api.js';
import { describeFieldError, formFields, markInvalidFields } from './field-errors.js';
import { page, state } from './page.js';
import { refuseKey } from './session-end.js';

const parts = {
  section: byId('export', HTMLElement),
  form: byId('export-form', HTMLFormElement),
  format: byId('export-format', HTMLSelectElement),
  start: byId('export-start', HTMLButtonElement),
  state: byId('export-state', HTMLElement),
};

/** The controls by the names the API gives its query parameters, so a 400 can point at them. */
const EXPORT_FIELDS = formFields('query.', [
  ['from', page.statsFrom],
  ['to', page.statsTo],
  ['format', parts.format],
]);

/** How long the saved file's object URL outlives the click: the browser reads it as the download starts. */
const REVOKE_AFTER_MS = 10_000;

// The form is this module's alone; main.js wires the controls that other modules share.
parts.form.addEventListener('submit', (event) => void onExport(event));

/** Offers the export to the roles the API serves it to, with nothing said yet. @param {string} role */
export function offerExport(role) {
  parts.section.hidden = role !== 'analyst' && role !== 'admin';
  setExportState('');
}

/** @param {SubmitEvent} event */
async function onExport(event) {
  event.preventDefault();
  const me = state.me;
  const request = { format: parts.format.value, from: page.statsFrom.value, to: page.statsTo.value, include: page.statsInclude.checked };
  const missing = /** @type {const} */ (['from', 'to']).filter((name) => !request[name]);
  markInvalidFields(EXPORT_FIELDS, missing.map((name) => ({ path: `query.${name}`, message: '' })));
  if (missing.length) return setExportState('Choose the From and To days to export (at most 366 days).', 'error');
  const name = `comments-${request.from}-${request.to}.${request.format}`;
  setExportState('Exporting the comments…');
  parts.start.disabled = true;
  parts.form.setAttribute('aria-busy', 'true');
  try {
    const exported = await fetchCommentExport(request);
    // Signed out, or in with another key, while the file was on its way: it is not this session's.
    if (state.me !== me) return;
    saveFile(exported.file, name);
    setExportState(`Exported ${plural(exported.rows, 'comment')} to ${name}.${leftOutText(exported.excluded)}`);
  } catch (error) {
    if (state.me !== me) return;
    if (error instanceof ApiError && error.status === 401) return refuseKey(error);
    showExportFailure(error);
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError || error instanceof ExportCutShortError)) throw error;
  } finally {
    parts.start.disabled = false;
    parts.form.removeAttribute('aria-busy');
  }
}

/** @param {string[]} excluded the flag kinds the API left out */
function leftOutText(excluded) {
  return excluded.length ? ` Comments flagged ${excluded.join(' or ')} were left out.` : '';
}

/** Saves a file the page holds, through a hidden link that leaves the page once clicked. @param {Blob} file @param {string} name */
function saveFile(file, name) {
  const url = URL.createObjectURL(file);
  const link = el('a', { attributes: { href: url, download: name, hidden: '' } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** Shows the API's own words; a 400 also marks the fields it names. @param {unknown} error */
function showExportFailure(error) {
  if (error instanceof ApiError && error.status === 400) {
    markInvalidFields(EXPORT_FIELDS, error.fieldErrors);
    return setExportState([error.message, ...error.fieldErrors.map((fieldError) => describeFieldError(EXPORT_FIELDS, fieldError))].join(' '), 'error');
  }
  const text = error instanceof ExportCutShortError ? error.message : failureText(error);
  setExportState(`Could not export the comments. ${text}`, 'error');
}

/** @param {string} text @param {'info' | 'error'} [tone] */
function setExportState(text, tone = 'info') {
  parts.state.textContent = text;
  parts.state.dataset.tone = tone;
}
