/* The toolbar's Download menu (a <details>): closed by a click elsewhere, by Escape
   (the focus back on its summary), and once a download is chosen. */
(function () {
  'use strict';
  function menus() { return document.querySelectorAll('details.download-menu[open]'); }
  document.addEventListener('click', function (e) {
    menus().forEach(function (menu) {
      var chose = e.target.closest && e.target.closest('.download-items .btn');
      if (!menu.contains(e.target) || (chose && menu.contains(chose))) menu.open = false;
    });
  });
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    menus().forEach(function (menu) {
      menu.open = false;
      var summary = menu.querySelector('summary');
      if (summary && menu.contains(document.activeElement)) summary.focus();
    });
  });
})();
