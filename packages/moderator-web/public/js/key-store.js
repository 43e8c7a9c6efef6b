// @ts-check
/** Where this tab keeps the API key. */

/** sessionStorage, not localStorage or a cookie: the key lives as long as the tab and is never written to disk. */
const KEY_STORAGE_ITEM = 'moderato.apiKey';

/** @returns {string | null} */
export function storedKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE_ITEM);
  } catch {
    return null;
  }
}

/** @param {string} key @returns {boolean} false when the browser refuses session storage for this site */
export function storeKey(key) {
  try {
    sessionStorage.setItem(KEY_STORAGE_ITEM, key);
    return true;
  } catch {
    return false;
  }
}

export function forgetKey() {
  try {
    sessionStorage.removeItem(KEY_STORAGE_ITEM);
  } catch {
    // Nothing was stored if storage is blocked.
  }
}
