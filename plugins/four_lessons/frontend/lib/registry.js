/* The one global of FOUR Lessons' scripts: window.Four, made by whichever script runs first
 * (a built file, or the module map and messages files the plugin writes). Files loaded on
 * their own reach each other only through it:
 *   Four.i18n (i18n.js), Four.exit (exit.js), Four.site (site.js), Four.store (store.js),
 *   Four.progress (nav.js), Four.track (track.js), Four.lms and Four.lmsRecord (scorm.js, on
 *   an LMS launch page), Four.searchLater (search-later.js);
 *   Four.module (the module map, module-<hash>.js) and Four.messages (the page language's
 *   words, messages-<hash>.js), both written by the plugin;
 *   Four.components (lib/components.js): each component's mountAll, under its script's
 *   name, for the loader to mount it again on each page.
 * Helpers shared by several scripts are not here: they are modules in this folder, imported
 * where they are used, and esbuild writes a copy into each file that uses one. */
export var Four = window.Four || (window.Four = {});
