/* Checks on data read from storage, a file or another document. */

/* Whether `v` is a plain object (not null, not an array): the shape of every record. */
export function isRecord(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
