/* Browser storage, reached without ever throwing: a blocked storage (a privacy setting, a
 * sandboxed frame) reads as none. Only store.js keeps progress in it (see privacy.md);
 * site.js only asks whether anything is kept. */

export function local() { try { return localStorage; } catch (e) { return null; } }
export function session() { try { return sessionStorage; } catch (e) { return null; } }

/* The text kept under `key` in `storage` (local() or session()), or null. */
export function stored(storage, key) {
  try { return storage.getItem(key); } catch (e) { return null; }
}
