/* The interface words, in the learner's language: t("key", {params}) through Four.i18n
 * (i18n.js, in four.js and, on an LMS launch page, in scorm.js). Where it has not arrived,
 * the key itself, so a missing word shows at once. build.mjs lists every key a script gives
 * t() (messages.mjs), so each key is written out in full where it is used. */
import { Four } from "./registry.js";

export function t(key, params) { return Four.i18n ? Four.i18n.t(key, params) : key; }

/* `node`, marked with the words' language where it is not the page's (i18n.js, mark):
   for an element a script makes or fills with the interface's words alone. */
export function inWords(node) { return Four.i18n && Four.i18n.mark ? Four.i18n.mark(node) : node; }
