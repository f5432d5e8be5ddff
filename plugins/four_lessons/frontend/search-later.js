/* FOUR Lessons: the theme's search index is downloaded when a learner goes to search, not
 * with every page. mkdocs-material's bundle requests search/search_index.json as soon as a
 * page loads (34 KiB gzipped on the learner site, 76 KiB on the staff site), for a search
 * most learners never open: on a phone that is data, and bandwidth taken from the page.
 * Loaded just before the bundle, this holds that one request back until the learner shows
 * they are about to search: the search box takes focus (the theme focuses it whenever the
 * search opens, by click, tap or key), or a pointer goes down on the search button. The
 * request then goes ahead, and has usually arrived by the time a word is typed; until then
 * the theme says it is getting the search ready. Every other request passes untouched.
 * The bundle asks with XMLHttpRequest (older 9.x versions used fetch: both are held).
 * Under file:// the theme loads the index as a script instead, which is not held: nothing
 * is downloaded there. Should the theme ask in some other way, nothing is held, and the
 * index loads as it always did. */
import { Four } from "./lib/registry.js";

(function () {
  "use strict";
  if (Four.searchLater || location.protocol === "file:") return;
  var INDEX = /(^|\/)search\/search_index\.json([?#]|$)/, wanted = false, waiting = [];

  function want() {
    if (wanted) return;
    wanted = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }
  function held(url) { return !wanted && INDEX.test(String(url)); }

  var xhr = window.XMLHttpRequest && XMLHttpRequest.prototype, open = xhr && xhr.open, send = xhr && xhr.send;
  if (open && send) {
    xhr.open = function (method, url) {
      this.fourHeld = held(url);
      return open.apply(this, arguments);
    };
    xhr.send = function () {
      var request = this, args = arguments;
      if (!request.fourHeld || wanted) return send.apply(request, args);
      waiting.push(function () { send.apply(request, args); });
    };
  }
  var fetch = window.fetch;
  if (fetch) {
    window.fetch = function (input) {
      var args = arguments;
      if (!held(input && input.url ? input.url : input)) return fetch.apply(window, args);
      return new Promise(function (resolve) { waiting.push(resolve); })
        .then(function () { return fetch.apply(window, args); });
    };
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-md-component=search-query]")) want();
  }, true);
  document.addEventListener("pointerdown", function (event) {
    if (event.target.closest && event.target.closest('label[for="__search"], .md-search')) want();
  }, true);
  Four.searchLater = { want: want };
})();
