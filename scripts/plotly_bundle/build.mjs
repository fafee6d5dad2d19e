// Builds ../../assets/plotly-partial.min.js: plotly.js's core (which holds the scatter
// trace) and the trace types of TRACES, with the esbuild settings plotly.js builds its
// own dist bundles with (its esbuild-config.js). Run by `make plotly-bundle`.
//
// The dashboard serves this file from assets/, so window.Plotly exists before dcc.Graph
// looks for it and the full plotly.min.js (4.8 MB, every trace type) is never fetched:
// a third of the script to parse and compile on each page load. PATCHES speed up a
// redraw without changing what it draws.
// tests/test_plotly_bundle.py checks that its version is the plotly.js of the pinned
// plotly package and that TRACES covers every trace type izhi_core.figures draws.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import esbuild from 'esbuild';
import { environmentPlugin } from 'esbuild-plugin-environment';
import { glsl } from 'esbuild-plugin-glsl';
import InlineCSSPlugin from 'esbuild-plugin-inline-css';

const TRACES = ['scattergl', 'heatmap']; // besides scatter, which the core holds

// Patches to plotly.js's source, each a text found exactly once (else the build fails:
// a new plotly.js must be looked at again), with why and what it saved.
const PATCHES = [
  {
    // nestedProperty(container, 'a.b[2].c') parses its string (split, a regular
    // expression per part) on every call, and plotly.js calls it for every attribute of
    // every trace and axis on every redraw: 8 ms of the page's 4 redraws per slider
    // change. The parts of each string are kept (a copy handed out each time).
    file: 'src/lib/nested_property.js',
    find: `module.exports = function nestedProperty(container, propStr) {
    if(isNumeric(propStr)) propStr = String(propStr);`,
    replace: `var knownParts = new Map(); // property string -> its parts (patched in)

module.exports = function nestedProperty(container, propStr) {
    var parts = typeof propStr === 'string' ? knownParts.get(propStr) : undefined;
    if(parts === undefined) {
        var out = parseNestedProperty(container, propStr);
        if(typeof propStr === 'string') {
            if(knownParts.size >= 10000) knownParts.clear();
            knownParts.set(propStr, out.parts.slice());
        }
        return out;
    }
    parts = parts.slice();
    if(typeof container !== 'object') return badContainer(container, propStr, parts);
    return {
        set: npSet(container, parts, propStr),
        get: npGet(container, parts),
        astr: propStr,
        parts: parts,
        obj: container
    };
};

function parseNestedProperty(container, propStr) {
    if(isNumeric(propStr)) propStr = String(propStr);`,
  },
  {
    // Plotly.react given a config copies the whole context (the default config, every
    // locale in it), builds it again from the defaults and compares the two, deeply:
    // a tenth of each of the page's redraws, for the same config every time (dcc.Graph
    // passes its config with each figure). A config equal to the one applied last, kept
    // on the context it made (a new plot's context has none), is not applied again.
    file: 'src/plot_api/plot_api.js',
    find: `        if (config) {
            const oldConfig = Lib.extendDeepAll({}, gd._context);
            gd._context = undefined;
            setPlotContext(gd, config);
            configChanged = !helpers.collectionsAreEqual(oldConfig, gd._context);
        }`,
    replace: `        if (config && !(gd._context && helpers.collectionsAreEqual(config, gd._context._configGiven))) {
            const oldConfig = Lib.extendDeepAll({}, gd._context);
            gd._context = undefined;
            setPlotContext(gd, config);
            configChanged = !helpers.collectionsAreEqual(oldConfig, gd._context);
            gd._context._configGiven = Lib.extendDeepAll({}, config); // patched in
        }`,
  },
];

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const version = JSON.parse(readFileSync(require.resolve('plotly.js/package.json'), 'utf8')).version;
const out = join(here, '..', '..', 'assets', 'plotly-partial.min.js');
// Applies PATCHES as esbuild loads plotly.js's files.
const patchPlugin = {
  name: 'plotly-patches',
  setup(build) {
    for (const patch of PATCHES) {
      const path = require.resolve(`plotly.js/${patch.file}`);
      build.onLoad({ filter: new RegExp(`${patch.file.replace(/[./]/g, '\\$&')}$`) }, (args) => {
        if (args.path !== path) return undefined;
        const source = readFileSync(path, 'utf8');
        const found = source.split(patch.find).length - 1;
        if (found !== 1) throw new Error(`${patch.file}: the patch's text is found ${found} times, not once`);
        patch.applied = true;
        return { contents: source.replace(patch.find, patch.replace), loader: 'js' };
      });
    }
  },
};

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
    // V8's compile hint (Chrome 136 on; a comment elsewhere): every function of the file
    // is compiled as the script streams in, on another thread, and not one at a time as
    // the first draw calls them. The page opened some 40 ms sooner with it.
    js: '//# allFunctionsCalledOnLoad\n'
      + `/*! plotly.js ${version}, partial bundle; traces: scatter ${TRACES.join(' ')}. `
      + `Patched: ${PATCHES.map((p) => p.file).join(' ')}. `
      + 'Built by scripts/plotly_bundle (make plotly-bundle). MIT license, Copyright Plotly, Inc. */',
  },
  plugins: [patchPlugin, InlineCSSPlugin(), glsl({ minify: true }),
    environmentPlugin({ NODE_DEBUG: false })],
  alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
  define: { global: 'window', 'define.amd': 'false' },
  target: 'es2016',
  logLevel: 'warning',
});
const missed = PATCHES.filter((p) => !p.applied).map((p) => p.file);
if (missed.length) throw new Error(`patches not applied (file not bundled?): ${missed.join(', ')}`);
console.log(`${out}: plotly.js ${version}, traces scatter ${TRACES.join(' ')}, `
  + `${PATCHES.length} patch(es)`);
