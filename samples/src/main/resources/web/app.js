// The page's script (no inline script anywhere: the CSP allows only this file and the chart
// library, both from the app).
//
// - Keeps the parts of a page marked data-live up to date: each is fetched again from its
//   data-live URL (HTML the server rendered and escaped) every second or so while something in
//   it is still changing, and every 10 s otherwise; it is replaced only when it changed.
// - On a session's page, follows what the refreshed part says: the heading, and whether Run is
//   enabled (and why not).
// - Shows the example code of the kind chosen in the code box.
// - Pages a long table in place (the links also work without this script).
// - Draws a chart of a table of labels and numbers, from the table itself, with Chart.js
//   (served by the app; loaded only when a page has a chart).
(function () {
  'use strict';
  var COLORS = ['#2d5bd7', '#b3261e', '#1b7a3a', '#8a5a00', '#6b3fa0', '#00707a'];

  function schedule(el, delay) {
    window.clearTimeout(el.livyTimer);
    el.livyTimer = window.setTimeout(function () { refresh(el); }, delay);
  }

  function active(el) {
    return el.querySelector('[data-active="true"]') !== null;
  }

  function refresh(el) {
    if (document.hidden) {
      schedule(el, 2000);
      return;
    }
    var url = el.getAttribute('data-live');
    fetch(url, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) {
        if (r.status === 401) {
          window.location.assign('/');
          return null;
        }
        return r.ok ? r.text() : null;
      })
      .then(function (html) {
        if (url !== el.getAttribute('data-live')) {
          return; // another page of a table was asked for meanwhile: its answer counts
        }
        if (html !== null && html !== el.livyHtml) {
          replace(el, html);
        }
        schedule(el, active(el) ? 1000 : 10000);
      })
      .catch(function () { schedule(el, 5000); });
  }

  function replace(el, html) {
    var focused = document.activeElement && el.contains(document.activeElement)
      ? document.activeElement.id : '';
    destroyCharts(el);
    el.innerHTML = html;
    el.livyHtml = html;
    enhance(el);
    if (focused && document.getElementById(focused)) {
      document.getElementById(focused).focus();
    }
  }

  function enhance(el) {
    follow(el);
    drawCharts(el);
  }

  // ------------------------------------------------------------- the session's page

  function follow(el) {
    var state = el.querySelector('[data-heading]');
    if (state === null) {
      return;
    }
    var heading = document.getElementById('session-heading');
    if (heading !== null && heading.textContent !== state.getAttribute('data-heading')) {
      heading.textContent = state.getAttribute('data-heading');
      document.title = heading.textContent + ' · livy4j';
    }
    var run = document.getElementById('run');
    var why = document.getElementById('run-why');
    if (run !== null) {
      run.disabled = state.getAttribute('data-runnable') !== 'true';
    }
    if (why !== null) {
      why.textContent = state.getAttribute('data-why');
    }
  }

  function examples() {
    var kind = document.getElementById('code-kind');
    var code = document.getElementById('code');
    if (kind === null || code === null) {
      return;
    }
    kind.addEventListener('change', function () {
      var option = kind.options[kind.selectedIndex];
      code.placeholder = option ? option.getAttribute('data-placeholder') || '' : '';
    });
  }

  // ------------------------------------------------------------- paging in place

  function pageInPlace(event) {
    var link = event.target.closest ? event.target.closest('a[data-live-href]') : null;
    if (link === null || event.defaultPrevented || event.button !== 0
        || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    var el = link.closest('[data-live]');
    if (el === null) {
      return;
    }
    event.preventDefault();
    el.setAttribute('data-live', link.getAttribute('data-live-href'));
    window.history.replaceState(null, '', link.getAttribute('href'));
    refresh(el);
  }

  // ------------------------------------------------------------- charts

  var chartWaiting = [];
  var chartLoading = false;

  function withChart(then) {
    if (window.Chart) {
      then();
      return;
    }
    chartWaiting.push(then);
    if (!chartLoading) {
      chartLoading = true;
      var s = document.createElement('script');
      s.src = '/static/chart.umd.js';
      s.onload = function () { chartWaiting.splice(0).forEach(function (f) { f(); }); };
      document.head.appendChild(s);
    }
  }

  function drawCharts(el) {
    var canvases = el.querySelectorAll('canvas[data-chart-for]');
    if (canvases.length > 0) {
      withChart(function () { canvases.forEach(draw); });
    }
  }

  function destroyCharts(el) {
    if (!window.Chart) {
      return;
    }
    el.querySelectorAll('canvas[data-chart-for]').forEach(function (c) {
      var chart = window.Chart.getChart(c);
      if (chart) {
        chart.destroy();
      }
    });
  }

  function draw(canvas) {
    var table = document.getElementById(canvas.getAttribute('data-chart-for'));
    if (table === null || !canvas.isConnected) {
      return;
    }
    var label = Number(canvas.getAttribute('data-label-column'));
    var columns = canvas.getAttribute('data-value-columns').split(',').map(Number);
    var heads = table.querySelectorAll('thead th');
    var labels = [];
    var series = columns.map(function () { return []; });
    table.querySelectorAll('tbody tr').forEach(function (tr) {
      labels.push(tr.children[label].textContent);
      columns.forEach(function (c, i) {
        var text = tr.children[c].textContent;
        var v = Number(text);
        series[i].push(text === 'NULL' || text === '' || isNaN(v) ? null : v);
      });
    });
    new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: labels,
        datasets: columns.map(function (c, i) {
          return {
            label: heads[c].textContent,
            data: series[i],
            backgroundColor: COLORS[i % COLORS.length]
          };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: columns.length > 1 } }
      }
    });
    canvas.setAttribute('data-drawn', 'true');
  }

  document.addEventListener('DOMContentLoaded', function () {
    examples();
    document.addEventListener('click', pageInPlace);
    document.querySelectorAll('[data-live]').forEach(function (el) {
      el.livyHtml = null;
      enhance(el);
      schedule(el, active(el) ? 1000 : 10000);
    });
  });
})();
