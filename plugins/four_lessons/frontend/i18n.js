/* FOUR Lessons interface words, in the learner's language: Four.i18n (lib/registry.js).
 *
 * The first file of four.js (every page) and of scorm.js (the LMS launch page, which has no
 * four.js of its own until the end). Every word a script shows goes through t("key",
 * {params}); build.mjs lists the keys the scripts use (assets/four/messages-keys.json), and
 * the plugin writes those keys' messages, in the page's language, into
 * assets/four/messages-<hash>.js, which sets Four.messages = {lang, dir, messages}.
 * four.js's loader (site.js) loads it before the first component or progress script. The
 * quick exit's own messages (exit.*) also come in the page's four-lessons meta
 * (settings.text), so the exit never waits for a file.
 *
 * A message is a whole sentence with named placeholders, read exactly as Python reads it
 * (core/i18n.py, format_message): "{name}" is the value as text; "{count, plural, =0 {...}
 * one {...} other {...}}" chooses by an exact "=N" first, then by the language's CLDR
 * plural category (Intl.PluralRules), then "other"; "#" in the choice is the number as
 * the language writes it (Intl.NumberFormat). A key no catalogue has comes back as the key
 * itself, so a test sees it at once.
 *
 * Four.i18n = {t, plural, number, date, list, lang, dir}. lang() and dir() are the
 * catalogue's (Four.messages: "en" where the site's language has no catalogue), else the
 * page's <html lang> and dir, else "en" and "ltr". Numbers, dates and lists are written for
 * that language by Intl (plain "en" as en-GB, "6 December 2026", as the Python side does);
 * where the browser lacks the language's data (Chromium has no Welsh dates or lists), a
 * date and a list come from the catalogue (i18n.*) and numbers are written as in English.
 * Nothing here touches the page. Other scripts ask for words with lib/words.js's t(). */
import { Four } from "./lib/registry.js";
import { settings as pageSettings } from "./lib/page.js";

(function () {
  "use strict";
  if (Four.i18n) return;
  var settings = null;

  function has(object, key) { return !!object && Object.prototype.hasOwnProperty.call(object, key); }
  /* The page's four-lessons settings, read once they are there. */
  function meta() {
    if (!settings && document.querySelector('meta[name="four-lessons"]')) settings = pageSettings();
    return settings || {};
  }
  function loaded() { var m = Four.messages; return m && typeof m === "object" ? m : {}; }

  function lang() {
    var code = loaded().lang || meta().lang || document.documentElement.getAttribute("lang") || "en";
    return String(code);
  }
  function dir() {
    var way = loaded().dir || meta().dir || document.documentElement.getAttribute("dir");
    return way === "rtl" ? "rtl" : "ltr";
  }
  /* Whether the browser holds the language's data for one Intl service. Not always: Chrome
     ships plural rules for every language but dates, numbers and lists for fewer (none for
     Welsh), and a language it lacks would silently get the browser's own (often US English). */
  function knows(Service, code) {
    try { return Service.supportedLocalesOf([code]).length > 0; } catch (e) { return false; }
  }
  /* The locale an Intl service gets: the language, plain "en" as British English (as on the
     Python side); null if the browser doesn't know the language there. */
  function locale(Service) {
    var code = lang().replace(/_/g, "-");
    return /^en$/i.test(code) ? "en-GB" : knows(Service, code) ? code : null;
  }

  function plural(count) {
    try { return new Intl.PluralRules(locale(Intl.PluralRules) || "en-GB").select(Number(count)); } catch (e) { return Number(count) === 1 ? "one" : "other"; }
  }
  /* A number as the language writes it; `options` as for Intl.NumberFormat (a percentage:
     {style: "percent", maximumFractionDigits: 0} with 0.4 for 40%). */
  function number(value, options) {
    try { return new Intl.NumberFormat(locale(Intl.NumberFormat) || "en-GB", options).format(value); } catch (e) { return String(value); }
  }
  /* A day as the language writes it in running text: "6 December 2026". Where the browser
     lacks the language's dates, the catalogue's own words for them. */
  function date(day) {
    try {
      var where = locale(Intl.DateTimeFormat);
      if (where) return new Intl.DateTimeFormat(where, { dateStyle: "long" }).format(day);
    } catch (e) { /* below */ }
    var months = [t("i18n.month_1"), t("i18n.month_2"), t("i18n.month_3"), t("i18n.month_4"), t("i18n.month_5"),
      t("i18n.month_6"), t("i18n.month_7"), t("i18n.month_8"), t("i18n.month_9"), t("i18n.month_10"),
      t("i18n.month_11"), t("i18n.month_12")];
    return t("i18n.date", { day: day.getDate(), month: months[day.getMonth()], year: day.getFullYear() });
  }
  /* Items joined as the language joins a list: "a, b and c"; where the browser lacks the
     language's lists (or lists at all), the catalogue's word for it. */
  function list(items) {
    try {
      var where = locale(Intl.ListFormat);
      if (where) return new Intl.ListFormat(where, { type: "conjunction" }).format(items);
    } catch (e) { /* below */ }
    return items.length < 2 ? items.join("") : t("i18n.list", { items: items.slice(0, -1).join(", "), last: items[items.length - 1] });
  }

  // -- messages, as core/i18n.py's format_message reads them ----------------------------------

  function matching(text, start) {
    var depth = 0;
    for (var j = start; j < text.length; j += 1) {
      if (text.charAt(j) === "{") depth += 1;
      else if (text.charAt(j) === "}") { depth -= 1; if (depth === 0) return j; }
    }
    throw new Error("unbalanced braces");
  }

  /* "one {a} other {b}" -> {one: "a", other: "b"}. */
  function choices(text) {
    var found = {}, i = 0;
    while (i < text.length) {
      if (/\s/.test(text.charAt(i))) { i += 1; continue; }
      var brace = text.indexOf("{", i);
      if (brace < 0) throw new Error("a plural choice without its text");
      var end = matching(text, brace);
      found[text.slice(i, brace).trim()] = text.slice(brace + 1, end);
      i = end + 1;
    }
    if (!has(found, "other")) throw new Error("a plural choice needs 'other'");
    return found;
  }

  /* `template` with its placeholders filled from `params`. Throws on a placeholder with
     no value, as Python does (t() then gives the key). */
  function format(template, params) {
    var out = "", i = 0;
    while (i < template.length) {
      var char = template.charAt(i);
      if (char !== "{") { out += char; i += 1; continue; }
      var end = matching(template, i), body = template.slice(i + 1, end);
      var comma = body.indexOf(","), name = (comma < 0 ? body : body.slice(0, comma)).trim();
      var rest = comma < 0 ? "" : body.slice(comma + 1);
      if (!has(params, name)) throw new Error("no value for {" + name + "}");
      var value = params[name];
      if (/^\s*plural/.test(rest)) {
        var options = choices(rest.slice(rest.indexOf(",") + 1));
        var chosen = has(options, "=" + value) ? options["=" + value] : has(options, plural(value)) ? options[plural(value)] : options.other;
        out += format(chosen.split("#").join(number(value)), params);
      } else {
        out += String(value);
      }
      i = end + 1;
    }
    return out;
  }

  /* The message `key` in the learner's language, its placeholders filled from `params`. */
  function t(key, params) {
    var messages = loaded().messages, text = has(messages, key) ? messages[key] : null;
    if (text === null && has(meta().text, key)) text = meta().text[key];
    if (typeof text !== "string") return key;
    try { return format(text, params || {}); } catch (e) { return key; }
  }

  /* Where the site's language has no catalogue, the words are English on (say) a Polish
     page. mark(node) then gives `node`, an element holding only the interface's words, their
     language, so a screen reader says them in English (WCAG 3.1.2, language of parts), as
     the templates do for what they write (core/templating.py). Unmarked otherwise. No dir:
     a right-to-left page keeps its mirrored layout with English words in it. */
  function primary(code) { return String(code || "").replace(/_/g, "-").split("-")[0].toLowerCase(); }
  function mark(node) {
    var page = document.documentElement.getAttribute("lang");
    if (node && node.setAttribute && page && primary(lang()) !== primary(page)) {
      node.setAttribute("lang", lang());
    }
    return node;
  }

  Four.i18n = { t: t, plural: plural, number: number, date: date, list: list, lang: lang, dir: dir, mark: mark };
})();
