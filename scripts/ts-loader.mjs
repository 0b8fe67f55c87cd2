// Lets node run src/*.ts directly, for the one place the tests need it: worker threads
// (src/zip-worker.ts) started from source, which jest's transform never sees. Imports
// written as './x.js' resolve to './x.ts' when only that exists; types are stripped by
// the TypeScript compiler. The bundles in dist/ never use this.
import { register } from 'node:module'

register('./ts-loader-hooks.mjs', import.meta.url)
