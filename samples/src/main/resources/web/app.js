// Keeps the parts of a page marked data-live up to date: each is fetched again from its
// data-live URL (HTML the server rendered and escaped) every second or so while something in it
// is still changing, and every 10 s otherwise.
(function () {
  'use strict';
  function schedule(el, delay) {
    window.setTimeout(function () { refresh(el); }, delay);
  }
  function active(el) {
    return el.querySelector('[data-active="true"]') !== null;
  }
  function refresh(el) {
    if (document.hidden) {
      schedule(el, 2000);
      return;
    }
    fetch(el.getAttribute('data-live'), { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) {
        if (r.status === 401) {
          window.location.assign('/');
          return null;
        }
        return r.ok ? r.text() : null;
      })
      .then(function (html) {
        if (html !== null) {
          el.innerHTML = html;
        }
        schedule(el, active(el) ? 1000 : 10000);
      })
      .catch(function () { schedule(el, 5000); });
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-live]').forEach(function (el) {
      schedule(el, active(el) ? 1000 : 10000);
    });
  });
})();
