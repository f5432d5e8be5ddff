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
import { buildSync, transformSync } from "esbuild";
import { readFileSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SOURCE = dirname(fileURLToPath(import.meta.url));
const TARGET = join(SOURCE, "..", "assets", "four");

// Files joined into one, in this order. Every other .js and .css here is built on its own.
const BUNDLES = {
  // On every page, from the header: the quick exit first, then the loader.
  "four.js": ["exit.js", "site.js"],
  // Where progress is saved or shown. nav.js defines what track.js uses.
  "progress.js": ["store.js", "nav.js", "track.js"],
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

const outputs = {};
for (const [name, sources] of Object.entries(BUNDLES)) outputs[name] = script(sources);
for (const name of readdirSync(SOURCE).sort()) {
  if (joined.has(name) || name === "build.mjs") continue;
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
