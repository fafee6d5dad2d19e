/* Puts back the browser's own trim, parseInt and parseFloat, which Dash's polyfill
   (core-js 2) replaces with slower copies in today's browsers; they were kept, before
   any script ran, by the page's <head> (dashboard/natives.py). */
(function () {
    var kept = window.__nativeBuiltins;
    if (!kept) {
        return;
    }
    Object.keys(kept.string).forEach(function (name) {
        Object.defineProperty(String.prototype, name, {
            value: kept.string[name], writable: true, configurable: true, enumerable: false
        });
    });
    Object.keys(kept.global).forEach(function (name) {
        window[name] = kept.global[name];
        Number[name] = kept.global[name];
    });
    delete window.__nativeBuiltins;
})();
