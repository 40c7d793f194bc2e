import type { CheckReport, CheckResult } from '../core/verdict.js';
import { COMPLIANCE_ORDER, formatSource, metaOf, sortForReading } from './common.js';
import { controlId } from './controls.js';
import { reconcile, resourceName, rollupByControl, severityOfResult, shortId, UNGROUPED } from './evidence.js';
import type { ReportOptions } from './options.js';

/**
 * One self-contained HTML file (docs/check-json.md, "HTML"): inline CSS, JavaScript and SVG, a Content
 * Security Policy that forbids loading anything (`default-src 'none'`), so it opens from a file share on an
 * air-gapped network. What was checked, the counts, the control roll-up, the network diagram (an SVG laid
 * out by Graphviz before formatting: options.diagram) and every verdict with filters (control, severity,
 * verdict, resource type) and a search box. Links to Learn are plain hyperlinks, never fetched.
 */
export function formatHtml(report: CheckReport, options: ReportOptions): string {
  const s = report.summary;
  const ctx = options.context;
  const title = options.title ?? 'IL5 policy check';
  const sorted = sortForReading(report.results, options);
  const body: string[] = [];
  body.push(`<header><h1>${h(title)}</h1><p class="sub">il5ml ${h(options.toolVersion)}${ctx?.date ? ` · ${h(ctx.date)}` : ''}</p></header>`);

  body.push('<section id="checked"><h2>What was checked</h2><table class="kv"><tbody>');
  for (const scope of ctx?.audit?.scope ?? []) body.push(`<tr><th>Azure scope</th><td>${h(scope)}</td></tr>`);
  if (ctx?.audit) body.push(`<tr><th>Resources read</th><td><small>SHA-256 <code>${h(ctx.audit.sha256)}</code>${ctx.inputs.length ? '' : ' (not kept: <code>--export FILE</code> writes them)'}</small></td></tr>`);
  for (const i of ctx?.inputs ?? []) body.push(`<tr><th>Input</th><td><code>${h(i.file)}</code><br><small>SHA-256 <code>${h(i.sha256)}</code></small></td></tr>`);
  if (ctx?.parameters) {
    const values = Object.entries(ctx.parameters.values).map(([k, v]) => `${h(k)} = ${h(v)}`).join(', ');
    body.push(`<tr><th>Parameters</th><td><code>${h(ctx.parameters.file.file)}</code> ${values}<br><small>SHA-256 <code>${h(ctx.parameters.file.sha256)}</code></small></td></tr>`);
  }
  if (ctx?.initiative) body.push(`<tr><th>Initiative</th><td>${h(ctx.initiative.displayName)} ${h(ctx.initiative.version)} <small><code>${h(ctx.initiative.id)}</code></small></td></tr>`);
  if (ctx?.baseline) body.push(`<tr><th>Baseline</th><td>il5ml built-in IL5 baseline ${h(ctx.baseline.version)} (${ctx.baseline.rules} rules)</td></tr>`);
  body.push('</tbody></table></section>');

  body.push('<section id="summary"><h2>Summary</h2><div class="cards">');
  for (const c of COMPLIANCE_ORDER) body.push(`<div class="card v-${c}"><span class="n" data-count="${c}">${s.byCompliance[c]}</span><span>${c}</span></div>`);
  body.push(`<div class="card"><span class="n" data-count="total">${s.total}</span><span>verdicts · ${s.resources} resources</span></div></div>`);
  if (ctx?.initiative) {
    const r = reconcile(report, ctx.initiative.definitions);
    body.push(
      `<p id="reconcile">Of the initiative's <b data-count="definitions">${r.total}</b> definitions: <b>${r.evaluated.length}</b> evaluated, <b>${r.notApplicable.length}</b> not applicable to these resources, <b>${r.notEvaluable.length}</b> not evaluable offline (they need data that exists only in running Azure).</p>`,
    );
  }
  body.push('</section>');

  if (options.diagram?.omitted) {
    body.push(`<section id="network"><h2>Network</h2><p>Not drawn: ${h(options.diagram.omitted)}. Subnets: ${options.diagram.subnets.map((n) => `<span class="subnet">${h(n)}</span>`).join(', ')}.</p></section>`);
  } else if (options.diagram) {
    body.push(
      `<section id="network"><h2>Network</h2><figure class="diagram">${options.diagram.svg}<figcaption>Subnets: ${options.diagram.subnets.map((n) => `<span class="subnet">${h(n)}</span>`).join(', ')}. Laid out by Graphviz when the report was built.</figcaption></figure></section>`,
    );
  }

  const rollup = rollupByControl(report.results, options);
  body.push('<section id="controls"><h2>Controls</h2><table class="grid"><thead><tr><th>Control</th><th>Title</th>');
  for (const c of COMPLIANCE_ORDER) body.push(`<th>${c}</th>`);
  body.push('</tr></thead><tbody>');
  for (const c of rollup) {
    const t = c.control?.title ?? (c.label === UNGROUPED ? 'results with no control group' : '');
    body.push(`<tr><td><a href="#" data-control="${h(c.label)}">${h(c.label)}</a></td><td>${h(t)}</td>${COMPLIANCE_ORDER.map((v) => `<td class="num">${c.counts[v]}</td>`).join('')}</tr>`);
  }
  body.push('</tbody></table></section>');

  const controls = rollup.map((c) => c.label);
  const types = [...new Set(sorted.map((r) => r.resourceType))].sort();
  const select = (id: string, label: string, values: readonly string[]): string =>
    `<label>${label} <select id="${id}"><option value="">all</option>${values.map((v) => `<option>${h(v)}</option>`).join('')}</select></label>`;
  body.push('<section id="findings"><h2>Verdicts</h2><div class="filters">');
  body.push(select('f-verdict', 'Verdict', COMPLIANCE_ORDER), select('f-severity', 'Severity', ['high', 'medium', 'low']), select('f-control', 'Control', controls), select('f-type', 'Resource type', types));
  body.push('<label>Search <input id="f-search" type="search" placeholder="rule, resource, reason…"></label>');
  body.push(`<span id="shown" aria-live="polite">${sorted.length} of ${sorted.length} shown</span></div>`);
  body.push('<table class="grid" id="results"><thead><tr><th>Verdict</th><th>Severity</th><th>Rule</th><th>Resource</th><th>Reason</th><th>Remediation</th></tr></thead><tbody>');
  for (const r of sorted) body.push(resultRow(r, options));
  body.push('</tbody></table></section>');

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    `<script>${JS}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function resultRow(r: CheckResult, options: ReportOptions): string {
  const m = metaOf(r, options);
  const controls = [...new Set(m.groups.map(controlId))];
  const severity = severityOfResult(r, options);
  const reason =
    r.compliance === 'Exempt' && r.exemption
      ? `Exempt: ${r.exemption.justification}${r.exemption.expiresOn ? ` (expires ${r.exemption.expiresOn})` : ''}. ${r.reason}`
      : r.reason;
  const where = formatSource(r);
  const rule = m.helpUri ? `<a href="${h(m.helpUri)}" rel="noreferrer">${h(m.displayName)}</a>` : h(m.displayName);
  const remediation = r.compliance === 'NonCompliant' || r.compliance === 'Unknown' ? (m.remediation ?? '') : '';
  return [
    `<tr class="v-${r.compliance}" data-verdict="${r.compliance}" data-severity="${severity}" data-controls="${h((controls.length ? controls : [UNGROUPED]).join('|'))}" data-type="${h(r.resourceType)}">`,
    `<td>${r.compliance}</td><td>${severity}</td>`,
    `<td>${rule}<br><small><code>${h(shortId(r))}</code> · ${h(r.effect)}${controls.length ? ` · ${h(controls.join(', '))}` : ''}</small></td>`,
    `<td>${h(resourceName(r.resourceId))}<br><small>${h(r.resourceType)}${where ? `<br><code>${h(where)}</code>` : ''}</small></td>`,
    `<td>${h(reason)}</td><td>${h(remediation)}</td></tr>`,
  ].join('');
}

/** Text and attribute values: the five characters HTML gives meaning. */
export function h(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1400px;padding:16px 24px;color:#1b1b1b}
h1{margin:0 0 4px}h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}.sub{color:#666;margin:0}
code{font:12px ui-monospace,Consolas,monospace;word-break:break-all}small{color:#555}
table.kv th{text-align:left;padding-right:16px;vertical-align:top}
table.grid{border-collapse:collapse;width:100%}table.grid th,table.grid td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
table.grid th{background:#f4f4f4;position:sticky;top:0}td.num{text-align:right}
.cards{display:flex;gap:10px;flex-wrap:wrap}.card{border:1px solid #ccc;border-radius:6px;padding:8px 14px;min-width:110px;display:flex;flex-direction:column}
.card .n{font-size:26px;font-weight:600}
.v-NonCompliant td:first-child,.card.v-NonCompliant{border-left:4px solid #c0392b}.v-Unknown td:first-child,.card.v-Unknown{border-left:4px solid #b7950b}
.v-Exempt td:first-child,.card.v-Exempt{border-left:4px solid #7d3c98}.v-Compliant td:first-child,.card.v-Compliant{border-left:4px solid #1e8449}
.v-NotApplicable td:first-child,.card.v-NotApplicable{border-left:4px solid #999}
.filters{display:flex;gap:12px;flex-wrap:wrap;align-items:center;margin:8px 0}#shown{color:#555}
.diagram{overflow:auto;border:1px solid #ddd;margin:0;padding:8px}.diagram svg{max-width:100%;height:auto}
tr.hidden{display:none}
`.trim();

/** Filters rows by the selects and the search text; no network, no eval. */
const JS = `
(function(){
  var $=function(id){return document.getElementById(id)};
  var rows=Array.prototype.slice.call(document.querySelectorAll('#results tbody tr'));
  function apply(){
    var v=$('f-verdict').value,s=$('f-severity').value,c=$('f-control').value,t=$('f-type').value,q=$('f-search').value.trim().toLowerCase(),n=0;
    rows.forEach(function(r){
      var ok=(!v||r.dataset.verdict===v)&&(!s||r.dataset.severity===s)&&(!c||r.dataset.controls.split('|').indexOf(c)>=0)&&(!t||r.dataset.type===t)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0);
      r.classList.toggle('hidden',!ok);if(ok)n++;
    });
    $('shown').textContent=n+' of '+rows.length+' shown';
  }
  ['f-verdict','f-severity','f-control','f-type'].forEach(function(id){$(id).addEventListener('change',apply)});
  $('f-search').addEventListener('input',apply);
  Array.prototype.forEach.call(document.querySelectorAll('a[data-control]'),function(a){
    a.addEventListener('click',function(e){e.preventDefault();$('f-control').value=a.dataset.control;apply();$('findings').scrollIntoView();});
  });
})();
`.trim();
