// Builds the site's JavaScript and CSS from the readable sources in this folder into
// ../assets/four/, minified, with the files that always load together joined into one.
//
// Each .js here is an entry: an ES module that imports what it shares with other scripts
// from lib/ (el(), t(), the Four registry, ...). esbuild bundles each entry, or each group
// below, into one self-contained IIFE file: the site needs no module loader, runs from
// file:// and under the strict CSP, and a helper has one source however many files carry
// a copy. Scripts never import one another (that would give a file its own second copy of
// another's state): files loaded on their own meet through window.Four (lib/registry.js).
//
//   node plugins/four_lessons/frontend/build.mjs          write the files (make assets)
//   node plugins/four_lessons/frontend/build.mjs --check  fail if they are out of date
//
// The built files carry no banner (every byte on every page counts): edit the sources, never
// ../assets/four/*.js or *.css. They are committed, so building a site needs Python only; the test suite runs
// --check, so they cannot drift from their sources. esbuild (pinned in package.json) is
// deterministic: the same sources and version give the same bytes.
//
// It also lists the interface keys the scripts use, ../assets/four/messages-keys.json (every
// t("key") call; the plugin writes those keys' messages, in the page's language, into each
// site's messages file), and refuses a source that shows words outside t() or gives t() a
// key that is not a string literal (messages.mjs says what it checks), naming file and line.
import { buildSync, transformSync } from "esbuild";
import { readFileSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { scan } from "./messages.mjs";

const SOURCE = dirname(fileURLToPath(import.meta.url));
const TARGET = join(SOURCE, "..", "assets", "four");

// Files joined into one, in this order. Every other .js and .css here is built on its own.
const BUNDLES = {
  // On every page, from the header: the interface words (Four.i18n), the quick exit, then the
  // loader.
  "four.js": ["i18n.js", "exit.js", "site.js"],
  // Where progress is saved or shown. nav.js defines what track.js uses.
  "progress.js": ["store.js", "nav.js", "track.js"],
  // The LMS launch page's bridge, which speaks before four.js arrives there.
  "scorm.js": ["i18n.js", "scorm.js"],
};
const joined = new Set(Object.values(BUNDLES).flat());
// The rules shared with Python (elements, judgements, scores, storage format), from the one
// file both read; scripts use them as FOUR_CONTRACT. The "_comment" key stays behind.
const CONTRACT = JSON.parse(readFileSync(join(SOURCE, "..", "contract.json"), "utf8"));
delete CONTRACT._comment;
// The exercise id rule as one pattern for the scripts: the contract's pattern, at most
// exerciseIdMaxLength characters (Python applies the two parts: core/scenarios.py).
CONTRACT.exerciseId = `^(?=[^]{1,${CONTRACT.exerciseIdMaxLength}}$)${CONTRACT.exerciseIdPattern.slice(1)}`;
const OPTIONS = {
  minify: true, target: "es2017", legalComments: "inline", charset: "utf8",
  define: { FOUR_CONTRACT: JSON.stringify(CONTRACT) },
};

// A script's bundle: its entries in order (side-effect imports keep the order), each lib/
// module they import once. Anything else it takes in is a mistake, named.
function script(name, sources) {
  const result = buildSync({
    ...OPTIONS,
    stdin: {
      contents: sources.map((source) => `import "./${source}";`).join("\n"),
      resolveDir: SOURCE,
      loader: "js",
    },
    bundle: true,
    format: "iife",
    metafile: true,
    write: false,
  });
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.startsWith("<")) continue;  // <stdin>, <define:FOUR_CONTRACT>
    const path = relative(SOURCE, resolve(input));
    if (sources.includes(path) || /^lib\/[^/]+\.js$/.test(path)) continue;
    problems.push(`plugins/four_lessons/frontend/${name}: takes in ${path}; a script imports only from lib/ ` +
      "(move what it shares there) and reaches other scripts through window.Four (lib/registry.js)");
  }
  return result.outputFiles[0].text;
}

function minify(name, loader) {
  return transformSync(readFileSync(join(SOURCE, name), "utf8"), { ...OPTIONS, loader }).code;
}

// Every key the scripts use (their shared modules in lib/ too), after refusing what would
// show words no catalogue holds.
const keys = new Set(), problems = [];
const LIB = join(SOURCE, "lib");
const modules = [
  ...readdirSync(SOURCE).sort().map((name) => join(SOURCE, name)),
  ...readdirSync(LIB).sort().map((name) => join(LIB, name)),
];
for (const path of modules) {
  if (!path.endsWith(".js")) continue;
  const where = relative(process.cwd(), path) || path;
  try {
    const found = scan(readFileSync(path, "utf8"), where);
    found.keys.forEach((key) => keys.add(key));
    problems.push(...found.problems);
  } catch (error) {
    problems.push(error.message);
  }
}
// The contract's names as the scripts show them: each written out as a key (exercise.js).
CONTRACT.elements.forEach((e) => {
  if (!keys.has(`contract.element.${e.key}.name`)) problems.push(`contract.json: element '${e.key}' has no t("contract.element.${e.key}.name") in the scripts; add it where exercise.js names the elements`);
});
CONTRACT.judgements.forEach((j) => {
  if (!keys.has(`contract.judgement.${j.value}`)) problems.push(`contract.json: judgement '${j.value}' has no t("contract.judgement.${j.value}") in the scripts; add it where exercise.js names the judgements`);
});
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}

const outputs = {};
outputs["messages-keys.json"] = JSON.stringify([...keys].sort(), null, 1) + "\n";
for (const [name, sources] of Object.entries(BUNDLES)) outputs[name] = script(name, sources);
for (const name of readdirSync(SOURCE).sort()) {
  if (joined.has(name)) continue;
  if (name.endsWith(".js")) outputs[name] = script(name, [name]);
  else if (name.endsWith(".css")) outputs[name] = minify(name, "css");
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}

const check = process.argv.includes("--check");
const stale = [];
for (const [name, text] of Object.entries(outputs)) {
  const path = join(TARGET, name);
  if (check) {
    if (!existsSync(path) || readFileSync(path, "utf8") !== text) stale.push(name);
  } else {
    writeFileSync(path, text);
  }
}
if (stale.length) {
  console.error(`out of date in plugins/four_lessons/assets/four: ${stale.join(", ")}; run make assets`);
  process.exit(1);
}
