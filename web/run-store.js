// run-store.js — the kept runs in IndexedDB (database 'gradlab', store 'runs',
// one record per run of run-file.js, key `id`). Every call resolves or
// rejects; none throws. When the browser has no storage (private mode, a
// blocked or broken indexedDB) open() rejects and the page keeps its runs in
// memory only. No DOM here.
const DB = 'gradlab';
const STORE = 'runs';

let dbPromise = null;
let db = null; // once open: transactions start at once (in the same task), which
// lets a write made on pagehide reach the database before the page goes

function req(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error || new Error('IndexedDB request failed'));
  });
}

/** Open the database (once). Rejects when storage is unavailable. */
export function open() {
  if (dbPromise) return dbPromise;
  dbPromise = new Promise((resolve, reject) => {
    let r;
    try {
      if (typeof indexedDB === 'undefined' || !indexedDB) throw new Error('this browser has no IndexedDB');
      r = indexedDB.open(DB, 1);
    } catch (e) { reject(e); return; }
    r.onupgradeneeded = () => { if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE, { keyPath: 'id' }); };
    r.onsuccess = () => { db = r.result; resolve(db); };
    r.onerror = () => reject(r.error || new Error('IndexedDB could not be opened'));
    r.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
  return dbPromise;
}

function tx(mode, fn) {
  if (!db) return open().then(() => tx(mode, fn));
  return new Promise((resolve, reject) => {
    let t;
    try { t = db.transaction(STORE, mode); } catch (e) { reject(e); return; }
    let out;
    t.oncomplete = () => resolve(out);
    t.onabort = () => reject(t.error || new Error('IndexedDB transaction aborted'));
    t.onerror = () => reject(t.error || new Error('IndexedDB transaction failed'));
    try { out = fn(t.objectStore(STORE)); } catch (e) { try { t.abort(); } catch { /* already done */ } reject(e); }
    if (out && typeof out.then === 'function') out.then((v) => { out = v; }, reject);
  });
}

/** Every stored record, as stored (the caller checks them). */
export async function getAll() {
  await open();
  return new Promise((resolve, reject) => {
    let t;
    try { t = db.transaction(STORE, 'readonly'); } catch (e) { reject(e); return; }
    req(t.objectStore(STORE).getAll()).then(resolve, reject);
  });
}

/** Write (insert or replace) one record. */
export function put(record) { return tx('readwrite', (s) => { s.put(record); }); }

/** Delete records by id. */
export function remove(...ids) { return tx('readwrite', (s) => { for (const id of ids) s.delete(id); }); }
