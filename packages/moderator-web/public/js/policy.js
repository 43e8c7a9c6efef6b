// @ts-check
/**
 * The policy view (admins): the publisher's policy loaded into the form, saved with the version it was read at, and
 * what came of the save: the new version, another writer's change in between (412), or the fields the API refused (400).
 */
import { ApiError, ApiUnreachableError, failureText, isRefusal } from './api.js';
import { el } from './dom.js';
import { describeFieldError, markInvalidFields } from './field-errors.js';
import { page, state } from './page.js';
import { fetchPolicy, fetchPolicyHistory, savePolicy } from './policy-api.js';
import { POLICY_FIELDS, readPolicy, showPolicy } from './policy-form.js';
import { showPolicyHistory, showPolicyHistoryFailure, showPolicyMeta } from './policy-history.js';
import { refuseKey } from './session-end.js';
/** @import { FieldError } from './api.js' */
/** @import { PolicyAnswer } from './policy-api.js' */

/** Changes listed under the form. */
const HISTORY_SHOWN = 5;

/** Reads the policy into the form, dropping whatever was typed in it. */
export async function reloadPolicy() {
  const generation = startOver();
  setPolicyState('Loading the policy…');
  try {
    const answer = await fetchPolicy();
    if (generation !== state.policyGeneration) return;
    showLoaded(answer);
    setPolicyState('');
    void reloadHistory(generation);
  } catch (error) {
    if (generation !== state.policyGeneration) return;
    if (isRefusal(error)) return refuseKey(error);
    setPolicyState(`Could not load the policy. ${failureText(error)} Reload the policy to try again.`, 'error');
    page.policyReload.hidden = false;
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  } finally {
    if (generation === state.policyGeneration) setBusy(false);
  }
}

/** @param {SubmitEvent} event */
export async function onSavePolicy(event) {
  event.preventDefault();
  const loaded = state.policy;
  if (!loaded || page.policyForm.getAttribute('aria-busy') === 'true') return;
  const { overrides, problems } = readPolicy(loaded);
  if (problems.length) return showProblems('The policy was not saved: correct the fields marked.', problems);
  const generation = startOver();
  setPolicyState('Saving the policy…');
  try {
    const saved = await savePolicy(overrides, loaded.version);
    if (generation !== state.policyGeneration) return;
    showLoaded(saved);
    setPolicyState(`Saved as version ${saved.version}.`);
    void reloadHistory(generation);
  } catch (error) {
    if (generation !== state.policyGeneration) return;
    if (isRefusal(error)) return refuseKey(error);
    if (error instanceof ApiError && error.status === 412) return showConflict(error, loaded.version);
    if (error instanceof ApiError && error.status === 400 && error.fieldErrors.length) {
      return showProblems('The policy was not saved: correct the fields marked.', error.fieldErrors);
    }
    setPolicyState(`The policy was not saved. ${failureText(error)}`, 'error');
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  } finally {
    if (generation === state.policyGeneration) setBusy(false);
  }
}

/** A new generation, so an answer to an earlier load or save is dropped; the form is busy and shows no old problem. */
function startOver() {
  state.policyGeneration += 1;
  setBusy(true);
  markInvalidFields(POLICY_FIELDS, []);
  page.policyErrors.replaceChildren();
  page.policyErrors.hidden = true;
  page.policyReload.hidden = true;
  return state.policyGeneration;
}

/** @param {PolicyAnswer} answer */
function showLoaded(answer) {
  state.policy = answer;
  showPolicy(answer);
  showPolicyMeta(answer);
}

/** @param {number} generation */
async function reloadHistory(generation) {
  try {
    const changes = await fetchPolicyHistory(HISTORY_SHOWN);
    if (generation === state.policyGeneration) showPolicyHistory(changes);
  } catch (error) {
    if (generation !== state.policyGeneration) return;
    if (isRefusal(error)) return refuseKey(error);
    showPolicyHistoryFailure(`Could not load the recent changes. ${failureText(error)}`);
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  }
}

/**
 * Someone saved the policy, or set an author's standing, after this form was filled. Saving over it would undo their
 * change unseen, so the form keeps what was typed and offers to load theirs.
 * @param {ApiError} error
 * @param {number} readVersion
 */
function showConflict(error, readVersion) {
  const current = error.problem.currentVersion;
  const now = typeof current === 'number' ? ` (it is now at version ${current})` : '';
  setPolicyState(
    `Someone else changed the policy since you loaded version ${readVersion}${now}. Your changes were not saved: reload the policy to see theirs, then make yours again.`,
    'error',
  );
  page.policyReload.hidden = false;
  page.policyReload.focus();
}

/** Marks the fields and lists what is wrong with each under the form. @param {string} text @param {FieldError[]} fieldErrors */
function showProblems(text, fieldErrors) {
  markInvalidFields(POLICY_FIELDS, fieldErrors);
  page.policyErrors.replaceChildren(...fieldErrors.map((fieldError) => el('li', {}, describeFieldError(POLICY_FIELDS, fieldError))));
  page.policyErrors.hidden = false;
  setPolicyState(text, 'error');
  const first = page.policyForm.querySelector('[aria-invalid="true"]');
  if (first instanceof HTMLElement) first.focus();
}

/** @param {boolean} busy */
function setBusy(busy) {
  page.policyForm.setAttribute('aria-busy', String(busy));
  page.policySave.disabled = busy || state.policy === null;
}

/** @param {string} text @param {'info' | 'error'} [tone] */
function setPolicyState(text, tone = 'info') {
  page.policyState.textContent = text;
  page.policyState.dataset.tone = tone;
}
