/* Test LMS: scorm-again's SCORM 1.2 run-time (lms.html) or its SCORM 2004 one
   (lms2004.html), set up as an LMS player sets it up, and recording every call the
   package makes in window.lmsLog: ["set", element, value, error code after it],
   ["get", element, value, error code], ["commit"], ["finish"], ["initialize"].

   Set before this script runs (the tests use Playwright's add_init_script):
   - window.__previousAttempt: the attempt's CMI data so far (a relaunch), loaded with
     loadFromJSON as an LMS loads a learner's record;
   - window.__breakApi = {LMSInitialize: "throw" | "false", ...}: calls fail as a broken
     LMS's do (the 1.2 names; the 2004 run-time maps them to its own);
   - window.__breakGet = {"cmi.suspend_data": "throw" | "throw-once" | "empty" | "false"}:
     reading that one element throws (every time, or the first time only), comes back
     empty with error 101, or says "false";
   - window.__slowApi = ms: every call takes that long first, as a slow LMS's synchronous
     calls do (read at each call, so a test can change it);
   - window.__logCalls = true: each call also says "lms-call" on the console;
   - window.__keepAttempt = true: the attempt is kept in this tab (sessionStorage,
     "lms-attempt") when the page goes, and loaded again when it comes back, as an LMS
     keeps a learner's record on its server. */
(function () {
  "use strict";
  var v2004 = typeof window.Scorm2004API === "function";
  var api = v2004 ? new Scorm2004API({ autocommit: false, logLevel: 5 }) : new Scorm12API({ autocommit: false, logLevel: 5 });
  var N = v2004
    ? { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate", error: "GetLastError" }
    : { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish", error: "LMSGetLastError" };
  var TO_2004 = { LMSInitialize: "Initialize", LMSGetValue: "GetValue", LMSSetValue: "SetValue", LMSCommit: "Commit", LMSFinish: "Terminate", LMSGetLastError: "GetLastError" };
  var kept = null;
  try { kept = window.__keepAttempt && JSON.parse(sessionStorage.getItem("lms-attempt") || "null"); } catch (e) { kept = null; }
  if (kept || window.__previousAttempt) api.loadFromJSON(kept || window.__previousAttempt);
  if (window.__keepAttempt) {
    addEventListener("pagehide", function () { sessionStorage.setItem("lms-attempt", JSON.stringify(window.lmsRecord())); });
  }
  window.lmsLog = [];
  var log = window.lmsLog, forcedError = null, brokenOnce = {};
  function wait() {
    if (window.__logCalls) console.log("lms-call");  // in order with the page's own messages
    var ms = Number(window.__slowApi) || 0;
    if (!ms) return;
    // As a real LMS's calls wait: a synchronous request to its server, the page blocked but
    // the processor free (the test server answers /__slow-lms after `ms`). Where the
    // browser allows no such request (a page being dismissed), the call waits busily here.
    try {
      var request = new XMLHttpRequest();
      request.open("GET", "/__slow-lms?ms=" + ms, false);
      request.send();
      if (request.status === 204) return;
    } catch (e) { /* waited for below */ }
    var until = Date.now() + ms;
    while (Date.now() < until) { /* a slow LMS */ }
  }
  /* The learner's record as the LMS would keep it, for the next launch. */
  window.lmsRecord = function () { return JSON.parse(JSON.stringify(api.cmi)); };
  var original = {};
  Object.keys(N).forEach(function (key) { original[N[key]] = api[N[key]].bind(api); });
  function lastError() { return forcedError !== null ? forcedError : String(original[N.error]()); }

  api[N.init] = function (a) { wait(); var r = original[N.init](a); if (r === "true") log.push(["initialize"]); return r; };
  api[N.get] = function (element) {
    wait();
    forcedError = null;
    var broken = (window.__breakGet || {})[element];
    if (broken === "throw-once" && !brokenOnce[element]) broken = brokenOnce[element] = "throw";
    if (broken === "throw") { log.push(["broken-get", element]); throw new Error("LMS unavailable"); }
    if (broken === "empty") { forcedError = "101"; log.push(["get", element, "", "101"]); return ""; }
    if (broken === "false") { log.push(["get", element, "false", "0"]); return "false"; }
    var value = original[N.get](element);
    log.push(["get", element, value, lastError()]);
    return value;
  };
  api[N.set] = function (element, value) {
    wait();
    forcedError = null;
    var r = original[N.set](element, value);
    log.push(["set", element, value, lastError(), r]);
    return r;
  };
  api[N.commit] = function (a) { wait(); forcedError = null; var r = original[N.commit](a); if (r === "true") log.push(["commit"]); return r; };
  api[N.finish] = function (a) { wait(); forcedError = null; var r = original[N.finish](a); if (r === "true") log.push(["finish"]); return r; };
  api[N.error] = function () { wait(); return lastError(); };

  Object.keys(window.__breakApi || {}).forEach(function (name) {
    var how = window.__breakApi[name], own = v2004 ? TO_2004[name] || name : name;
    api[own] = function () {
      wait();
      log.push(["broken", own]);
      if (how === "throw") throw new Error("LMS unavailable");
      return "false";
    };
  });
  window[v2004 ? "API_1484_11" : "API"] = api;
})();
