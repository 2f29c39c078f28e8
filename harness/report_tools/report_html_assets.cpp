// Inline CSS and script of the HTML matrix. The script only reads the JSON data block and builds
// the details panel with textContent (never innerHTML), so report text cannot become markup.
#include "report_html_assets.hpp"

namespace wsh::detail {

const char* const html_css = R"css(
:root { --panel: min(560px, 42vw); --pass: #cdeccd; --fail: #f6c2c2; --ns: #fbe3a6; --skipped: #dde6f3; --missing: #e4e4e4; --line: #c8c8c8; }
* { box-sizing: border-box; }
/* The table scrolls inside <main>, not the document: headless Chromium screenshots come out blank
   after a document scroll, and a link (#case=...) scrolls to its cell at load. */
html, body { height: 100%; }
body { display: flex; flex-direction: column; margin: 0; font: 13px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1d; background: #fff; }
header.page { padding: 10px 16px 6px; border-bottom: 1px solid var(--line); }
h1 { font-size: 18px; margin: 0 0 4px; }
header.page p { margin: 2px 0 6px; }
.legend .cell { display: inline-block; padding: 1px 8px; border: 1px solid var(--line); }
main { flex: 1; min-height: 0; overflow: auto; padding: 0 16px 40px; }
body.details-open main { margin-right: var(--panel); }  /* keep every column reachable */
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: 2px 6px; }
thead th, thead td { position: sticky; background: #f7f7f7; z-index: 1; }
thead tr:first-child th { top: 0; height: 72px; }
thead tr.summary th, thead tr.summary td { top: 72px; }
th.target { vertical-align: bottom; max-width: 170px; font-weight: 600; }
th.target span { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
th.target .version, th.target .policy, th.target .source { font-weight: 400; color: #555; font-size: 11px; }
tr.summary td { text-align: center; font-variant-numeric: tabular-nums; white-space: nowrap; }
.n-pass { color: #1b6e1b; font-weight: 600; } .n-fail { color: #a31515; font-weight: 600; } .n-non-strict { color: #8a6100; font-weight: 600; } .n-skipped { color: #445; font-size: 11px; }
tr.group th { text-align: left; background: #eef1f6; font-family: ui-monospace, monospace; padding-top: 6px; }
/* Case names stay in view when the matrix scrolls sideways. */
tr.case th, thead th.corner, tr.summary th { position: sticky; left: 0; z-index: 2; }
tr.case th { background: #fff; }
thead th.corner, tr.summary th { z-index: 3; }
tr.case th { text-align: left; font-weight: 400; font-family: ui-monospace, monospace; white-space: nowrap; }
.ref { color: #777; font-size: 11px; }
td.cell { text-align: center; min-width: 64px; font-variant-numeric: tabular-nums; cursor: pointer; }
.v-pass { background: var(--pass); } .v-fail { background: var(--fail); font-weight: 600; }
.v-non-strict { background: var(--ns); } .v-flaky { background: var(--ns); outline: 2px dashed #a31515; outline-offset: -3px; } .v-skipped { background: var(--skipped); color: #445; } .v-missing { background: var(--missing); color: #777; }
td.cell:hover, td.cell:focus { outline: 2px solid #3a6fd8; outline-offset: -2px; }
td.cell.selected { outline: 3px solid #1d3f8f; outline-offset: -3px; }
table.only-non-pass tr.case:not([data-non-pass]), table.only-differ tr.case:not([data-differ]),
tr.group.empty { display: none; }
aside#details { position: fixed; top: 0; right: 0; width: var(--panel); height: 100vh; overflow: auto;
  background: #fff; border-left: 1px solid #999; box-shadow: -4px 0 14px rgba(0,0,0,.18); padding: 12px 16px 24px; z-index: 5; }
aside#details h2 { font-size: 15px; margin: 0 28px 4px 0; font-family: ui-monospace, monospace; word-break: break-all; }
aside#details h3 { font-size: 13px; margin: 14px 0 4px; border-bottom: 1px solid #ddd; }
aside#details .close { position: absolute; top: 8px; right: 10px; font-size: 16px; cursor: pointer; }
aside#details .verdict { display: inline-block; padding: 2px 8px; font-weight: 600; }
aside#details dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; }
aside#details dt { color: #555; } aside#details dd { margin: 0; word-break: break-word; }
aside#details pre { margin: 0; padding: 6px; background: #f4f4f4; white-space: pre-wrap; word-break: break-all;
  font: 12px/1.4 ui-monospace, monospace; }
)css";

const char* const html_script = R"js(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('wsh-data').textContent);
  var table = document.getElementById('matrix');
  var panel = document.getElementById('details');
  var selected = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  function section(title, body) { panel.appendChild(el('h3', '', title)); panel.appendChild(body); }
  function dl(pairs) {
    var d = el('dl');
    pairs.forEach(function (p) { d.appendChild(el('dt', '', p[0])); d.appendChild(el('dd', p[2] || '', p[1])); });
    return d;
  }
  // "8196..." -> "81 96 ...", 16 bytes a line.
  function hexLines(hex) {
    var lines = [];
    for (var i = 0; i < hex.length; i += 32) lines.push(hex.slice(i, i + 32).replace(/(..)(?!$)/g, '$1 '));
    return lines.join('\n');
  }
  function verdictText(c) { return c.verdict + (c.finding !== 'none' ? ' [' + c.finding + ']' : ''); }
  function expectedText(e) {
    return e.close ? 'close with ' + (e.close_codes.length ? e.close_codes.join(' or ') : 'any code')
                   : 'echo ' + e.echoes + ' message(s), never close';
  }
  function observedText(o) {
    if (!o.upgraded) return 'no connection: ' + o.setup_error;
    if (o.close_code !== null) return 'close ' + o.close_code + (o.server_initiated_close ? ' (server closed)' : ' (reply to our close)');
    if (o.close_frame) return 'close frame without a code';
    if (o.tcp_closed && o.tcp_reset) return 'TCP reset (RST) without a close frame (reset)';
    if (o.tcp_closed) return 'TCP closed (FIN) without a close frame (drop)';
    return 'no close before the deadline';
  }
  function rowOf(id) {
    var rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) if (rows[i].getAttribute('data-case') === id) return rows[i];
    return null;
  }

  function show(id, t) {
    var target = data.targets[t], c = target && target.cases[id], row = rowOf(id);
    if (!c || !row) return false;
    if (selected) selected.classList.remove('selected');
    selected = row.cells[t + 1];
    selected.classList.add('selected');
    panel.textContent = '';
    panel.setAttribute('data-case', id);
    panel.setAttribute('data-target', t);
    var close = el('span', 'close', '\u2715');
    close.title = 'close (Esc)';
    close.addEventListener('click', hide);
    panel.appendChild(close);
    panel.appendChild(el('h2', '', c.id + (c.ref_id ? '  [' + c.ref_id + ']' : '')));
    panel.appendChild(el('div', 'target', target.label + ' \u2014 ' + target.source));
    panel.appendChild(el('div', 'verdict v-' + c.verdict, verdictText(c)));
    panel.appendChild(el('p', 'why', c.why));
    section('Case', el('p', 'description', c.description));
    if (c.rfc) panel.appendChild(el('p', 'rfc', c.rfc));
    var frames = c.frames.map(function (f, i) {
      var cut = f.hex.length / 2 < f.bytes ? ' (first ' + f.hex.length / 2 + ' shown; the JSON report has all)' : '';
      return 'frame ' + (i + 1) + ': ' + f.bytes + ' bytes' + cut + '\n' + hexLines(f.hex);
    });
    section('Frames sent (hex)', el('pre', 'hex', frames.join('\n\n')));
    section('Expected', dl([['outcome', expectedText(c.expected)], ['violation', c.expected.violation],
                            ["oracle's why", c.expected.reason, 'reason']]));
    var o = c.observed, obs = [['outcome', observedText(o)], ['cell', o.label], ['echoed', o.echoed + ' message(s)']];
    if (o.close_reason_hex) obs.push(['close reason', hexLines(o.close_reason_hex)]);
    obs.push(['time', o.ms + ' ms' + (o.close_ms !== null ? ', close at ' + o.close_ms + ' ms' : '')]);
    section('Observed', dl(obs));
    section('Replay', el('pre', 'replay', c.replay));
    panel.hidden = false;
    document.body.classList.add('details-open');
    selected.scrollIntoView({block: 'center', inline: 'nearest'});  // a link may point far down
    return true;
  }
  function hide() {
    panel.hidden = true;
    document.body.classList.remove('details-open');
    if (selected) selected.classList.remove('selected');
    selected = null;
    // Drop the fragment so a reload does not reopen the panel (may be refused on some file:// setups).
    try { if (location.hash) history.replaceState(null, '', location.pathname + location.search); } catch (e) {}
  }
  // "#case=ID&target=N"; values are URI-encoded, '+' is a literal plus (ids contain "u+110000").
  function fromHash() {
    var args = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i < 0) return;
      try { args[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); } catch (e) {}
    });
    if (args['case'] !== undefined) show(args['case'], parseInt(args.target || '0', 10));
  }
  function open(cell) {
    location.hash = 'case=' + encodeURIComponent(cell.parentNode.getAttribute('data-case')) +
                    '&target=' + cell.getAttribute('data-target');
  }

  table.addEventListener('click', function (ev) {
    var cell = ev.target.closest('td.cell');
    if (cell && !cell.classList.contains('v-missing')) open(cell);
  });
  table.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && ev.target.matches('td.cell')) open(ev.target);
  });
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') hide(); });
  window.addEventListener('hashchange', fromHash);

  document.getElementById('filter').addEventListener('change', function (ev) {
    table.classList.toggle('only-non-pass', ev.target.value === 'non-pass');
    table.classList.toggle('only-differ', ev.target.value === 'differ');
    // Hide group headers whose cases are all filtered out.
    var rows = table.tBodies[0].rows, group = null, any = false;
    for (var i = 0; i <= rows.length; i++) {
      var r = rows[i];
      if (!r || r.classList.contains('group')) {
        if (group) group.classList.toggle('empty', !any);
        group = r; any = false;
      } else if (getComputedStyle(r).display !== 'none') {
        any = true;
      }
    }
  });

  fromHash();
})();
)js";

}  // namespace wsh::detail
