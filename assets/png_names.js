// A graph's "Download plot as a PNG" names the file by the run it shows: the neuron types
// (the graph's config, set by the server) and, added here as the button is pressed, the
// weights, the noise and the seed of the address (which says what is drawn). The same
// suffix as dashboard/pages/network/view.py's run_suffix; a browser test compares them.
(function () {
    const DEFAULTS = {exc_weight: "0.5", inh_weight: "1", exc_noise: "5", inh_noise: "2",
                      seed: "0"};
    const num = v => String(Number(v));
    function suffix() {
        const q = new URLSearchParams(window.location.search);
        const get = k => num(q.has(k) ? q.get(k) : DEFAULTS[k]);
        return "_weights-" + get("exc_weight") + "-" + get("inh_weight")
            + "_noise-" + get("exc_noise") + "-" + get("inh_noise") + "_seed-" + get("seed");
    }
    document.addEventListener("click", function (event) {
        const button = event.target.closest
            && event.target.closest(".modebar-btn[data-title='Download plot as a PNG']");
        const gd = button && button.closest(".js-plotly-plot");
        const options = gd && gd._context && gd._context.toImageButtonOptions;
        if (!options || window.location.pathname !== "/") { return; }
        const base = options.filename;
        options.filename = base + suffix();
        setTimeout(function () { options.filename = base; }, 0);  // plotly reads it now
    }, true);
})();
