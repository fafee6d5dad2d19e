// plotly.js's WebGL layers (the raster) at the screen's pixel ratio (docs/dashboard.md).
//
// plotly.js draws them at twice the page's pixels on any screen (config plotGlPixelRatio
// 2): on a screen of ratio 1, four times the pixels shown. Where the browser renders
// without a GPU (a virtual machine, a remote desktop, headless Chromium), the frame that
// shows each slider change waits for those pixels to be drawn and read back in software:
// about 33 ms at ratio 2, 20 ms at ratio 1 (headless Chromium, Chromium's trace).
// A downloaded PNG still draws them at its own scale (toImageButtonOptions.scale).
//
// Dash runs assets in name order, so assets/plotly-partial.min.js has defined Plotly,
// and no graph has been drawn yet.
(function () {
  'use strict';
  var Plotly = window.Plotly;
  if (!Plotly) return;
  Plotly.setPlotConfig({plotGlPixelRatio: Math.min(4, Math.max(1, window.devicePixelRatio || 1))});

  // The modebar's camera button calls the registered downloadImage, which copies the
  // graph's config when called: raise the ratio for that call only.
  var download = Plotly.downloadImage;
  Plotly.register({
    moduleType: 'apiMethod',
    name: 'downloadImage',
    fn: function (gd, opts) {
      var div = typeof gd === 'string' ? document.getElementById(gd) : gd;
      var context = div && div._context;
      if (!context) return download(gd, opts);
      var screen = context.plotGlPixelRatio;
      context.plotGlPixelRatio = Math.min(4, Math.max(screen, (opts && opts.scale) || 1));
      try {
        return download(gd, opts);
      } finally {
        context.plotGlPixelRatio = screen;
      }
    },
  });
})();
