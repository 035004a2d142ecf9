'use strict';
// require('gangrad'). gangrad is an ES module without top-level await, so Node versions that load ES
// modules from require() (20.19+, 22.12+) return it as it is: the same module instance as `import`.
// Older ones would fail deep inside Node; say what to do instead.
if (!process.features || !process.features.require_module) {
  throw new Error(
    `gangrad is an ES module: require('gangrad') needs a Node.js with require(esm) (20.19+ or 22.12+; this is ${process.version}). ` +
    "Use `import { … } from 'gangrad'`, or `await import('gangrad')` from CommonJS.",
  );
}
module.exports = require('../dist/index.js');
