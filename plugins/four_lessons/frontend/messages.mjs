// The scripts' interface words, checked at build time (build.mjs runs this on every source).
//
// Every word a script shows goes through t("key", {params}) (i18n.js). This finds each key
// the scripts use, for assets/four/messages-keys.json (the plugin writes exactly those
// keys' messages into each page language's messages file), and refuses two mistakes:
// - t() with a key that is not a string literal (t(name), t("a." + b)): the key could not be
//   listed, so its message would never reach the page;
// - visible English outside t(): a string literal with a space and a letter (a sentence, a
//   phrase) anywhere but where it is plainly not text (a CSS selector, a class list, an
//   event or attribute name, an error for the console), or any word set as textContent,
//   title, an aria-label or a dialog's text.
// Each problem is one line naming the file and line.
//
// It reads the sources with a small tokenizer (strings, template literals, comments,
// regular expressions, names and punctuation), which is all these plain scripts need; it
// is not a full JavaScript parser, and says so where it meets what it can't read.

/** Names whose "(" does not start a call (a keyword before a parenthesis). */
const KEYWORDS = new Set(["if", "for", "while", "switch", "catch", "function", "return", "typeof", "with",
  "new", "delete", "void", "in", "of", "instanceof", "throw", "case", "do", "else", "yield", "await", "var",
  "let", "const"]);
/** After these names a "/" starts a regular expression, not a division. */
const BEFORE_EXPRESSION = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void",
  "throw", "case", "do", "else", "yield", "await"]);
/** Calls whose string arguments are never shown: selectors, attribute, event, class, element
    and storage names, CSS properties, patterns, errors for the console. ($ and $$ are the
    scripts' own querySelector helpers.) */
const NOT_TEXT_CALLS = new Set(["querySelector", "querySelectorAll", "closest", "matches", "getElementById",
  "getAttribute", "hasAttribute", "removeAttribute", "toggleAttribute", "addEventListener",
  "removeEventListener", "CustomEvent", "createElement", "add", "remove", "toggle", "contains", "RegExp",
  "Error", "getItem", "setItem", "removeItem", "setProperty", "removeProperty", "getPropertyValue", "$", "$$",
  "Blob", "escape", "matchMedia"]);
/** Literals that look like words but are not for a reader: the directive, and SCORM's own
    vocabulary (an LMS status the bridge compares and writes). */
const NOT_TEXT = new Set(["use strict", "not attempted"]);
/** Properties whose value is shown as text, and attributes that are read out. */
const TEXT_PROPERTIES = new Set(["textContent", "innerText", "title", "placeholder", "alt", "label"]);
const TEXT_ATTRIBUTES = new Set(["aria-label", "aria-description", "aria-roledescription", "aria-valuetext",
  "title", "alt", "placeholder"]);
/** Calls whose every argument is shown. */
const TEXT_CALLS = new Set(["alert", "confirm", "prompt"]);
/** A CSS selector or a list of tag names: plainly not words for a reader. */
const SELECTOR = /[[\]]|(^|[\s,>+~(])[.#][A-Za-z_-]|^([a-z][a-z0-9]*\s*,\s*)+([a-z][a-z0-9]*)?$/;

/** The source as tokens: {type: name|string|template|number|regex|punct, value, line}. */
export function tokenize(source, file = "<source>") {
  const tokens = [];
  let i = 0, line = 1;
  const fail = (what) => { throw new Error(`${file}:${line}: ${what}`); };
  const last = () => tokens[tokens.length - 1];
  function regexAllowed() {
    const prev = last();
    if (!prev) return true;
    if (prev.type === "name") return BEFORE_EXPRESSION.has(prev.value);
    if (prev.type === "punct") return !/^[)\]}]$/.test(prev.value);
    return false;
  }
  while (i < source.length) {
    const c = source[i], next = source[i + 1];
    if (c === "\n") { line += 1; i += 1; continue; }
    if (/\s/.test(c)) { i += 1; continue; }
    if (c === "/" && next === "/") { while (i < source.length && source[i] !== "\n") i += 1; continue; }
    if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      if (end < 0) fail("a comment is not closed");
      for (let j = i; j < end; j += 1) if (source[j] === "\n") line += 1;
      i = end + 2;
      continue;
    }
    const start = line;
    if (c === '"' || c === "'") {
      let j = i + 1, value = "";
      while (source[j] !== c) {
        if (j >= source.length || source[j] === "\n") fail("a string is not closed");
        if (source[j] === "\\") {
          const [text, used] = escapeAt(source, j);
          if (source[j + 1] === "\n") line += 1;
          value += text;
          j += used;
        } else {
          value += source[j];
          j += 1;
        }
      }
      tokens.push({ type: "string", value, line: start });
      i = j + 1;
      continue;
    }
    if (c === "`") {
      // A template literal, its ${...} parts skipped by counting braces (the scripts put
      // no braces inside strings there); its text parts are what counts.
      let j = i + 1, value = "", depth = 0;
      while (depth > 0 || source[j] !== "`") {
        if (j >= source.length) fail("a template literal is not closed");
        if (source[j] === "\n") line += 1;
        if (depth === 0 && source[j] === "\\") { value += escapeAt(source, j)[0]; j += escapeAt(source, j)[1]; continue; }
        if (depth === 0 && source[j] === "$" && source[j + 1] === "{") { depth = 1; j += 2; continue; }
        if (depth > 0 && source[j] === "{") depth += 1;
        if (depth > 0 && source[j] === "}") depth -= 1;
        else if (depth === 0) value += source[j];
        j += 1;
      }
      tokens.push({ type: "template", value, line: start });
      i = j + 1;
      continue;
    }
    if (c === "/" && regexAllowed()) {
      let j = i + 1, inClass = false;
      while (inClass || source[j] !== "/") {
        if (j >= source.length || source[j] === "\n") fail("a regular expression is not closed");
        if (source[j] === "\\") j += 1;
        else if (source[j] === "[") inClass = true;
        else if (source[j] === "]") inClass = false;
        j += 1;
      }
      j += 1;
      while (/[a-z]/.test(source[j] || "")) j += 1;
      tokens.push({ type: "regex", value: source.slice(i, j), line: start });
      i = j;
      continue;
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(source.slice(i, i + 200));
    if (word) { tokens.push({ type: "name", value: word[0], line: start }); i += word[0].length; continue; }
    const number = /^\.?\d[\w.]*/.exec(source.slice(i, i + 100));
    if (number) { tokens.push({ type: "number", value: number[0], line: start }); i += number[0].length; continue; }
    tokens.push({ type: "punct", value: c, line: start });
    i += 1;
  }
  return tokens;
}

/** The text of the escape at source[j] ("\\n", "\\u00e9", ...) and its length. */
function escapeAt(source, j) {
  const c = source[j + 1];
  const simple = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", 0: "\0", "\n": "" };
  if (c in simple) return [simple[c], 2];
  let m = /^u\{([0-9a-fA-F]+)\}/.exec(source.slice(j + 1, j + 12));
  if (m) return [String.fromCodePoint(parseInt(m[1], 16)), 2 + m[0].length - 1];
  m = /^u([0-9a-fA-F]{4})/.exec(source.slice(j + 1, j + 6)) || /^x([0-9a-fA-F]{2})/.exec(source.slice(j + 1, j + 4));
  if (m) return [String.fromCharCode(parseInt(m[1], 16)), 1 + m[0].length];
  return [c, 2];
}

/** One source's keys and problems: {keys: [key], problems: ["file:line: ..."]}. */
export function scan(source, file = "<source>") {
  const tokens = tokenize(source, file);
  const keys = [], problems = [], frames = [];
  const keyTokens = new Set();
  let sink = null;  // the right-hand side of `x.textContent = ...`: {depth}
  const tok = (k) => tokens[k] || { type: "end", value: "" };
  for (let k = 0; k < tokens.length; k += 1) {
    const token = tokens[k], prev = tok(k - 1);
    // t("key", ...): the key must be a string literal, so it can be listed.
    if (token.type === "name" && token.value === "t" && tok(k + 1).value === "(" &&
        !(prev.type === "name" && prev.value === "function")) {
      const key = tok(k + 2), after = tok(k + 3);
      const literal = key.type === "string" && (after.value === "," || after.value === ")");
      if (literal) { keys.push(key.value); keyTokens.add(k + 2); }
      else if (prev.value !== ".") {
        problems.push(`${file}:${token.line}: t() needs its key as one string literal, t("component.message", {...}), ` +
          "so build.mjs can list it; write each key out in full");
      }
    }
    if (token.type === "punct") {
      if (token.value === "(") {
        const called = prev.type === "name" && !KEYWORDS.has(prev.value) ? prev.value : null;
        frames.push({ kind: called ? "call" : "group", callee: called, arg: 0, args: [[]] });
      } else if (token.value === "[" || token.value === "{") {
        // words["Try Again"]: a property looked up by name, not an array.
        const member = token.value === "[" && (prev.type === "name" || prev.value === ")" || prev.value === "]");
        frames.push({ kind: token.value, member, arg: 0, args: [[]] });
      } else if (token.value === ")" || token.value === "]" || token.value === "}") {
        frames.pop();
        if (sink && frames.length < sink.depth) sink = null;
      } else if (token.value === ",") {
        const frame = frames[frames.length - 1];
        if (frame) { frame.arg += 1; frame.args.push([]); }
        if (sink && frames.length === sink.depth) sink = null;
      } else if (token.value === ";") {
        if (sink && frames.length <= sink.depth) sink = null;
      } else if (token.value === "=" && tok(k + 1).value !== "=" && prev.value !== "=" && prev.value !== "!" &&
                 prev.type === "name" && TEXT_PROPERTIES.has(prev.value) && tok(k - 2).value === ".") {
        sink = { depth: frames.length };
      }
    }
    // Each frame keeps its arguments' own tokens (not the bracket that opened it, nor commas).
    const frame = frames[frames.length - 1];
    if (frame && !(token.type === "punct" && /^[([{,]$/.test(token.value))) frame.args[frame.arg].push(token);
    if ((token.type !== "string" && token.type !== "template") || keyTokens.has(k)) continue;
    const problem = judge(token, frame, sink, tokens, k);
    if (problem) problems.push(`${file}:${token.line}: ${JSON.stringify(token.value)} ${problem}`);
  }
  return { keys, problems };
}

/** Why a string literal is visible English outside t(), or null. */
function judge(token, frame, sink, tokens, k) {
  const text = token.value, words = /\p{L}.*\p{L}/su.test(text);
  const before = tokens[k - 1], after = tokens[k + 1];
  if (frame && frame.member) return null;  // words["Try Again"]: a name to look up by
  // A property's name in an object literal ({"Try Again": ...}): a key to look up by.
  if (frame && frame.kind === "{" && after && after.value === ":" && before && /^[{,]$/.test(before.value)) return null;
  const call = frame && frame.kind === "call" ? frame : null;
  const callee = call && call.callee;
  const first = call && call.args[0].length === 1 && call.args[0][0].type === "string" ? call.args[0][0].value : null;
  // What a reader sees or hears, however short.
  if (words && sink) return "is set as text; write t(\"key\") and add the key to locales/en.po";
  if (words && callee && TEXT_CALLS.has(callee)) return "is shown in a dialog; write t(\"key\")";
  if (words && callee === "setAttribute" && call.arg === 1 && TEXT_ATTRIBUTES.has(first)) {
    return `is read out as ${first}; write t("key")`;
  }
  if (words && callee === "el" && call.arg >= 2) return "is an element's text; write t(\"key\")";
  // A phrase anywhere else, unless it is plainly not text.
  if (!/\s/u.test(text) || !/\p{L}/u.test(text) || NOT_TEXT.has(text)) return null;
  if (callee && NOT_TEXT_CALLS.has(callee)) return null;
  if (callee === "setAttribute" && call.arg === 0) return null;
  if (callee === "el" && call.arg < 2) return null;  // the tag and the class list
  if (SELECTOR.test(text)) return null;
  const property = tokens[k - 2];
  if (before && before.value === "=" && property && property.value === "className") return null;
  return "looks like words for a reader; write t(\"key\") (or, if it is not text, make it plain to build.mjs's check)";
}
