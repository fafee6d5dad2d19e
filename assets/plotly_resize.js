// A graph asked to resize to the size it already has is left alone.
//
// dcc.Graph asks plotly.js to resize each graph after its first draw and whenever its
// ResizeObserver first reports, which at every page load is the size just drawn.
// plotly.js waits 100 ms, then relayouts with {autosize: true}: with the size
// unchanged it redraws nothing, yet it runs the graph's defaults again, tells Dash of
// a relayoutData, and sends a second plotly_afterplot, up to a quarter of a second
// after the figures appeared. A real change of size (the window resized) still goes to
// plotly.js, which measures the graph the same way: its computed width and height, a
// change of more than 1 px.
//
// Dash runs assets in name order: assets/plotly-partial.min.js has defined Plotly.
(function () {
  'use strict';
  var Plots = window.Plotly && window.Plotly.Plots;
  if (!Plots || !Plots.resize) return;
  var resize = Plots.resize;

  function sameSize(gd) {
    var full = gd._fullLayout;
    if (!full || !gd.isConnected) return false;
    var style = window.getComputedStyle(gd);
    var width = parseFloat(style.width), height = parseFloat(style.height);
    return Math.abs(full.width - width) <= 1 && Math.abs(full.height - height) <= 1;
  }

  Plots.resize = function (gd) {
    var div = typeof gd === 'string' ? document.getElementById(gd) : gd;
    // one already waiting may be for another size: it decides
    if (div && !div._resizeWaiting && sameSize(div)) return Promise.resolve(div);
    if (div) div._resizeWaiting = true;
    var done = function () { if (div) div._resizeWaiting = false; };
    var asked = resize.apply(this, arguments);
    asked.then(done, done);
    return asked;
  };
})();
