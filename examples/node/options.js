// The value after a command-line flag, or a default: enough for these examples, no dependency.
function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

module.exports = { option };
