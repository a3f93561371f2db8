// Inline assets of the HTML report: it must open from a CI artifact with no
// network, so everything lives in the one file.

export const HTML_STYLE = `
:root { --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9; --skip: #9a6700; --skip-bg: #fff8c5;
  --untested: #57606a; --untested-bg: #eaeef2; --line: #d0d7de; --muted: #57606a; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
body { margin: 0 auto; max-width: 1200px; padding: 16px 24px 48px; color: #1f2328; background: #fff; }
h1 { font-size: 1.5rem; display: flex; gap: .6rem; align-items: center; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem; }
small, .muted { color: var(--muted); font-weight: normal; }
.badge { border-radius: 2em; padding: .1em .7em; font-size: .9rem; color: #fff; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); }
.counts span { margin-right: .8rem; white-space: nowrap; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .35rem .55rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
table.matrix td.cell { min-width: 7.5rem; cursor: default; }
td.v-pass { background: var(--pass-bg); color: var(--pass); }
td.v-fail { background: var(--fail-bg); color: var(--fail); cursor: pointer; }
td.v-skip { background: var(--skip-bg); color: var(--skip); }
td.v-untested { background: var(--untested-bg); color: var(--untested); }
td.verdict.pass { color: var(--pass); font-weight: 600; } td.verdict.fail { color: var(--fail); font-weight: 600; }
.cell .mark { font-weight: 600; }
.cell .detail { display: block; font-size: .78rem; color: var(--muted); }
.bar { height: 6px; background: #eaeef2; border-radius: 3px; overflow: hidden; margin-top: 4px; min-width: 5rem; }
.bar > span { display: block; height: 100%; background: var(--pass); }
.bar.partial > span { background: var(--skip); } .bar.none > span { background: var(--fail); }
tr.coverage th { font-weight: normal; font-size: .78rem; color: var(--muted); }
details.failure { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 4px; margin: .5rem 0; padding: .3rem .7rem; }
details.failure > summary { cursor: pointer; font-weight: 600; }
details.failure[hidden] { display: none; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; font-size: .82rem; border-radius: 4px; }
pre.diff .del { color: var(--pass); background: var(--pass-bg); display: block; }
pre.diff .ins { color: var(--fail); background: var(--fail-bg); display: block; }
pre.diff .same { color: var(--muted); display: block; }
code { font-size: .85em; }
.toolbar { margin: .5rem 0; display: flex; gap: .5rem; }
button { font: inherit; padding: .2rem .7rem; border: 1px solid var(--line); background: #f6f8fa; border-radius: 4px; cursor: pointer; }
ul.gaps li { color: var(--skip); } ul.gaps li.error { color: var(--fail); }
footer { margin-top: 3rem; font-size: .8rem; color: var(--muted); }
`;

export const HTML_SCRIPT = `
(function () {
  var failures = Array.prototype.slice.call(document.querySelectorAll('details.failure'));
  function setAll(open) { failures.forEach(function (d) { d.open = open; }); }
  var expand = document.getElementById('expand-all');
  var collapse = document.getElementById('collapse-all');
  if (expand) expand.addEventListener('click', function () { setAll(true); });
  if (collapse) collapse.addEventListener('click', function () { setAll(false); });
  // A failing matrix cell opens the failures of that plugin and function.
  Array.prototype.forEach.call(document.querySelectorAll('td.cell.v-fail'), function (cell) {
    cell.addEventListener('click', function () {
      var row = cell.parentElement;
      var matches = failures.filter(function (d) {
        return d.dataset.suite === row.dataset.suite && d.dataset.keg === row.dataset.kegSource && d.dataset.plugin === row.dataset.plugin && d.dataset.function === cell.dataset.function;
      });
      matches.forEach(function (d) { d.open = true; });
      if (matches.length > 0) matches[0].scrollIntoView({ block: 'start' });
    });
  });
})();
`;
