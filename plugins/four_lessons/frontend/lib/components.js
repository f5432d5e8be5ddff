/* The components the loader (site.js) fetches where a page holds one: each script, once it
 * has run, keeps its mountAll here under its name in the loader's table ("exercise",
 * "progress-page", ...), and the loader calls that on each later page (instant navigation)
 * instead of fetching the script again. A script that finds its name here has run already.
 * In a module of its own, so the files that hold no component carry none of it. */
import { Four } from "./registry.js";

export var components = Four.components || (Four.components = {});
