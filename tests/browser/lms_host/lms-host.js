/* Test LMS: records every SetValue, Commit and Finish the package makes. A relaunch
   passes the previous attempt's CMI data in window.__previousAttempt; window.__breakApi
   ({LMSInitialize: "throw" | "false", ...}) makes calls fail as a broken LMS would. */
(function () {
  "use strict";
  var api = new Scorm12API({ autocommit: false, logLevel: 5 });
  if (window.__previousAttempt) api.loadFromJSON(window.__previousAttempt);
  window.lmsLog = [];
  api.on("LMSSetValue.cmi.*", function (element, value) { window.lmsLog.push(["set", element, value]); });
  api.on("LMSCommit", function () { window.lmsLog.push(["commit"]); });
  api.on("LMSFinish", function () { window.lmsLog.push(["finish"]); });
  api.on("LMSInitialize", function () { window.lmsLog.push(["initialize"]); });
  Object.keys(window.__breakApi || {}).forEach(function (name) {
    var how = window.__breakApi[name];
    api[name] = function () {
      window.lmsLog.push(["broken", name]);
      if (how === "throw") throw new Error("LMS unavailable");
      return "false";
    };
  });
  window.API = api;
})();
