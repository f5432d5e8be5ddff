// Builds the site's JavaScript and CSS from the readable sources in this folder into
// ../assets/four/, minified, with the files that always load together joined into one.
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
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { scan } from "./messages.mjs";

const SOURCE = dirname(fileURLToPath(import.meta.url));
const TARGET = join(SOURCE, "..", "assets", "four");

// Files joined into one, in this order. Every other .js and .css here is built on its own.
const BUNDLES = {
  // On every page, from the header: the interface words (FourI18n), the quick exit, then the
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

function script(sources) {
  // Each source is a self-contained IIFE; bundling side-effect imports keeps them in order.
  const result = buildSync({
    ...OPTIONS,
    stdin: {
      contents: sources.map((name) => `import "./${name}";`).join("\n"),
      resolveDir: SOURCE,
      loader: "js",
    },
    bundle: true,
    format: "iife",
    write: false,
  });
  return result.outputFiles[0].text;
}

function minify(name, loader) {
  return transformSync(readFileSync(join(SOURCE, name), "utf8"), { ...OPTIONS, loader }).code;
}

// Every key the scripts use, after refusing what would show words no catalogue holds.
const keys = new Set(), problems = [];
for (const name of readdirSync(SOURCE).sort()) {
  if (!name.endsWith(".js")) continue;
  const path = join(SOURCE, name), where = relative(process.cwd(), path) || path;
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
for (const [name, sources] of Object.entries(BUNDLES)) outputs[name] = script(sources);
for (const name of readdirSync(SOURCE).sort()) {
  if (joined.has(name)) continue;
  if (name.endsWith(".js")) outputs[name] = minify(name, "js");
  else if (name.endsWith(".css")) outputs[name] = minify(name, "css");
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
