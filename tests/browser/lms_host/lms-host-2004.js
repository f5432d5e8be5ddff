/* Test LMS offering only the SCORM 2004 API (API_1484_11); records what the package sets. */
(function () {
  "use strict";
  var api = new Scorm2004API({ autocommit: false, logLevel: 5 });
  window.lmsLog = [];
  api.on("SetValue.cmi.*", function (element, value) { window.lmsLog.push(["set", element, value]); });
  api.on("Commit", function () { window.lmsLog.push(["commit"]); });
  api.on("Terminate", function () { window.lmsLog.push(["finish"]); });
  api.on("Initialize", function () { window.lmsLog.push(["initialize"]); });
  window.API_1484_11 = api;
})();
