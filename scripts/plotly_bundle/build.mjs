// Builds ../../assets/plotly-partial.min.js: plotly.js's core (which holds the scatter
// trace) and the trace types of TRACES, with the esbuild settings plotly.js builds its
// own dist bundles with (its esbuild-config.js). Run by `make plotly-bundle`.
//
// The dashboard serves this file from assets/, so window.Plotly exists before dcc.Graph
// looks for it and the full plotly.min.js (4.8 MB, every trace type) is never fetched:
// a third of the script to parse and compile on each page load.
// tests/test_plotly_bundle.py checks that its version is the plotly.js of the pinned
// plotly package and that TRACES covers every trace type izhi_core.figures draws.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import esbuild from 'esbuild';
import { environmentPlugin } from 'esbuild-plugin-environment';
import { glsl } from 'esbuild-plugin-glsl';
import InlineCSSPlugin from 'esbuild-plugin-inline-css';

const TRACES = ['scattergl', 'heatmap']; // besides scatter, which the core holds

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const version = JSON.parse(readFileSync(require.resolve('plotly.js/package.json'), 'utf8')).version;
const out = join(here, '..', '..', 'assets', 'plotly-partial.min.js');
const entry = [
  "var Plotly = require('plotly.js/lib/core');",
  `Plotly.register([${TRACES.map((t) => `require('plotly.js/lib/${t}')`).join(', ')}]);`,
  'module.exports = Plotly;',
].join('\n');

await esbuild.build({
  stdin: { contents: entry, resolveDir: here, sourcefile: 'entry.js' },
  outfile: out,
  format: 'iife',
  globalName: 'Plotly',
  bundle: true,
  minify: true,
  legalComments: 'eof',
  banner: {
    js: `/*! plotly.js ${version}, partial bundle; traces: scatter ${TRACES.join(' ')}. `
      + 'Built by scripts/plotly_bundle (make plotly-bundle). MIT license, Copyright Plotly, Inc. */',
  },
  plugins: [InlineCSSPlugin(), glsl({ minify: true }), environmentPlugin({ NODE_DEBUG: false })],
  alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
  define: { global: 'window', 'define.amd': 'false' },
  target: 'es2016',
  logLevel: 'warning',
});
console.log(`${out}: plotly.js ${version}, traces scatter ${TRACES.join(' ')}`);
