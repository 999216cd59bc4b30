// Removes dist/ before a build, so that no file of a deleted source survives in the package.
require('node:fs').rmSync(require('node:path').resolve(__dirname, '..', 'dist'), { recursive: true, force: true });
