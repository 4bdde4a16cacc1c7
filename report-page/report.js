/* cxqa report page. Builds every view from the embedded JSON with DOM calls only: text always goes through
 * textContent / createTextNode, never innerHTML, so nothing in a transcript or rubric can become markup.
 * Links are only ever fragment links built here (#c/<id>); no request leaves the page. */
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('report-data').textContent);
  var byId = new Map();
  DATA.conversations.forEach(function (c) { byId.set(c.id, c); });
  var criterionTitle = new Map();
  DATA.criteria.forEach(function (c) { criterionTitle.set(c.id, c.title); });

  // ---------- helpers ----------
  function h(tag, props) {
    var el = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        var v = props[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'class') el.className = v;
        else if (k === 'text') el.textContent = String(v);
        else if (k === 'title') el.title = String(v);
        else if (k.indexOf('data-') === 0 || k === 'role' || k === 'aria-label' || k === 'colspan') el.setAttribute(k, String(v));
        else if (k === 'href') {
          if (!/^#[A-Za-z0-9/%._~!*'()-]*$/.test(v)) throw new Error('refusing a non-fragment link');
          el.setAttribute('href', v);
        } else throw new Error('unexpected property ' + k);
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function append(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
    el.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  function $(id) { return document.getElementById(id); }
  function pct(x, digits) { return x === null || x === undefined ? '–' : (x * 100).toFixed(digits === undefined ? 1 : digits) + ' %'; }
  function num(x, digits) { return x === null || x === undefined ? '–' : Number(x).toFixed(digits === undefined ? 2 : digits); }
  function fmt(unit, x) {
    if (x === null || x === undefined) return '–';
    switch (unit) {
      case 'rate': return pct(x);
      case 'score': return num(x, 1);
      case 'csat': case 'ces': return num(x, 2);
      case 'nps': return num(x, 0);
      case 'per_1000': return num(x, 1);
      case 'usd': return '$' + num(x, 4);
      default: return String(x);
    }
  }
  function fmtChange(unit, x) {
    if (x === null || x === undefined) return 'no previous data';
    var sign = x > 0 ? '+' : x < 0 ? '−' : '±';
    var a = Math.abs(x);
    if (unit === 'rate') return sign + (a * 100).toFixed(1) + ' pts';
    return sign + fmt(unit, a).replace('$', '$');
  }
  function convLink(id, label) {
    var a = h('a', { href: '#c/' + encodeURIComponent(id), class: 'conv-link', 'data-conversation': id, text: label || id });
    if (!byId.has(id)) { a.classList.add('not-embedded'); a.title = 'not embedded in this page (see --max-conversations)'; }
    return a;
  }
  function day(iso) { return iso ? iso.slice(0, 10) : '–'; }
  function table(head, rows) {
    return h('table', null, h('thead', null, h('tr', null, head.map(function (x) { return h('th', { text: x }); }))),
      h('tbody', null, rows.map(function (r) { return h('tr', null, r.map(function (c) { return h('td', null, c); })); })));
  }
  function empty(text) { return h('p', { class: 'hint', text: text }); }

  // ---------- charts (uPlot) ----------
  var charts = [];
  var PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#be185d'];
  function bucketTimes(buckets) { return buckets.map(function (b) { return Date.parse(b + 'T00:00:00Z') / 1000; }); }
  function markerPlugin(markers, times, buckets) {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx;
          ctx.save();
          markers.forEach(function (m) {
            var i = buckets.indexOf(m.at);
            if (i < 0) return;
            var x = Math.round(u.valToPos(times[i], 'x', true));
            ctx.strokeStyle = '#9333ea';
            ctx.setLineDash([4, 3]);
            ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
            ctx.fillStyle = '#9333ea';
            ctx.font = (10 * devicePixelRatio) + 'px sans-serif';
            ctx.fillText(m.label, x + 3, u.bbox.top + 12 * devicePixelRatio);
          });
          ctx.restore();
        }],
      },
    };
  }
  function chart(container, title, buckets, seriesList, opts) {
    opts = opts || {};
    var times = bucketTimes(buckets);
    var box = h('figure', { class: 'chart', 'data-chart': title }, h('figcaption', { text: title }));
    container.appendChild(box);
    var series = [{}].concat(seriesList.map(function (s, i) {
      return { label: s.label, stroke: s.color || PALETTE[i % PALETTE.length], width: 2, spanGaps: false, points: { show: true, size: 5 }, value: function (u, v) { return opts.format ? opts.format(v) : v; } };
    }));
    var u = new uPlot({
      width: opts.width || 380,
      height: opts.height || 200,
      series: series,
      scales: { x: { time: true } },
      axes: [{ values: function (u, vals) { return vals.map(function (v) { return new Date(v * 1000).toISOString().slice(5, 10); }); } }, { size: 84, values: function (u, vals) { return vals.map(function (v) { return opts.format ? opts.format(v) : v; }); } }],
      legend: { show: seriesList.length > 1 },
      plugins: opts.markers ? [markerPlugin(opts.markers, times, buckets)] : [],
    }, [times].concat(seriesList.map(function (s) { return s.values; })), box);
    charts.push(u);
    return u;
  }

  // ---------- overview ----------
  function renderOverview() {
    var p = DATA.period, c = DATA.counts;
    $('scope').textContent = 'Rubric ' + DATA.rubric.title + ' (' + DATA.rubric.id + ', versions ' + DATA.rubric.versions.join(', ') + ') · ' +
      day(p.from) + ' to ' + day(new Date(Date.parse(p.to) - 1).toISOString()) + ' · ' + c.conversations + ' conversations (previous period ' +
      day(p.previous_from) + ' to ' + day(new Date(Date.parse(p.previous_to) - 1).toISOString()) + ': ' + c.previous_conversations + ')' +
      (c.failed ? ' · ' + c.failed + ' could not be judged' : '') + (c.partial ? ' · ' + c.partial + ' partly judged' : '');
    $('headline').textContent = DATA.headline;
    var cards = $('kpis');
    var pairs = { true_resolution: 'deflection', auto_csat: 'survey_csat' };
    DATA.kpis.forEach(function (k) {
      var cls = 'card';
      if (k.change !== null && k.better !== 'none' && k.change !== 0) cls += (k.change > 0) === (k.better === 'up') ? ' better' : ' worse';
      if (pairs[k.id]) cls += ' pair-start';
      cards.appendChild(h('div', { class: cls, 'data-kpi': k.id },
        h('div', { class: 'label', text: k.label }),
        h('div', { class: 'value', text: fmt(k.unit, k.value) }),
        h('div', { class: 'change', text: fmtChange(k.unit, k.change) + (k.previous !== null ? ' (was ' + fmt(k.unit, k.previous) + ')' : '') }),
        h('div', { class: 'n', text: 'n = ' + k.n }),
        k.note ? h('div', { class: 'note', text: k.note }) : null));
    });
  }

  // ---------- trends + drift ----------
  function renderTrends() {
    var t = DATA.trends;
    $('trend-hint').textContent = 'By ' + DATA.period.bucket + ', previous period included. Dashed lines: a rubric version or judge changed' +
      (t.markers.length ? ' (' + t.markers.map(function (m) { return m.at + ': ' + m.label; }).join('; ') + ')' : ' (no change in this range)') + '.';
    var flagged = DATA.drift.filter(function (d) { return d.flagged; });
    var drift = $('drift');
    drift.appendChild(h('h3', { text: 'Drift (population stability index, current vs previous period; flagged at PSI ≥ ' + (DATA.drift[0] ? DATA.drift[0].threshold : 0.2) + ')' }));
    drift.appendChild(flagged.length ? h('p', { class: 'alert', text: flagged.length + ' criteria shifted: ' + flagged.map(function (d) { return d.title + ' (PSI ' + d.psi + ')'; }).join(', ') }) : h('p', { class: 'ok', text: 'No criterion shifted significantly.' }));
    drift.appendChild(table(['criterion', 'PSI', 'verdicts (now / before)', 'status'], DATA.drift.map(function (d) {
      return [d.title, d.psi === null ? '–' : String(d.psi), d.n + ' / ' + d.previous_n, d.flagged ? h('span', { class: 'badge bad', text: 'drift' }) : d.note || 'stable'];
    })));
    var box = $('trend-charts');
    chart(box, 'Conversations', t.buckets, [{ label: 'conversations', values: t.series.conversations }], { markers: t.markers });
    DATA.kpis.forEach(function (k) {
      var values = t.series[k.id];
      if (!values || values.every(function (v) { return v === null; })) return;
      chart(box, k.label, t.buckets, [{ label: k.label, values: values }], { markers: t.markers, format: function (v) { return v === null ? '–' : fmt(k.unit, v); } });
    });
  }

  // ---------- coaching ----------
  function renderCoaching() {
    var body = $('coaching-body');
    [['Human agents', DATA.coaching.agents], ['Bots', DATA.coaching.bots]].forEach(function (pair) {
      body.appendChild(h('h3', { text: pair[0] }));
      if (!pair[1].length) { body.appendChild(empty('None in this period.')); return; }
      pair[1].forEach(function (e) {
        body.appendChild(h('details', { class: 'coach', 'data-entity': e.id, open: false },
          h('summary', null, h('strong', { text: e.id }), ' · ' + e.conversations + ' conversations · QA ' + num(e.qa_mean, 1) + (e.auto_fail ? ' · ' + e.auto_fail + ' auto-fail' : '') +
            (e.criteria[0] && e.criteria[0].gap !== null && e.criteria[0].gap < 0 ? ' · weakest: ' + e.criteria[0].title + ' (' + pct(e.criteria[0].pass_rate, 0) + ' vs team ' + pct(e.criteria[0].team_pass_rate, 0) + ')' : '')),
          table(['criterion', 'pass rate', 'team', 'gap', 'conversations that show it'], e.criteria.map(function (c) {
            return [c.title, pct(c.pass_rate, 0) + ' of ' + c.judged, pct(c.team_pass_rate, 0), h('span', { class: c.gap < 0 ? 'neg' : 'pos', text: c.gap === null ? '–' : (c.gap * 100).toFixed(0) + ' pts' }),
              c.examples.length ? c.examples.map(function (id) { return [convLink(id), ' ']; }) : '–'];
          }))));
      });
    });
    var first = body.querySelector('details');
    if (first) first.open = true;
  }

  // ---------- spotlight ----------
  function renderSpotlight() {
    var body = $('spotlight-body');
    DATA.spotlight.forEach(function (s) {
      body.appendChild(h('div', { class: 'spot', 'data-spotlight': s.id },
        h('h3', null, s.label + ' ', h('span', { class: 'count', text: String(s.total) })),
        h('p', { class: 'hint', text: s.why }),
        s.items.length ? h('ul', null, s.items.map(function (it) {
          return h('li', null, convLink(it.id), it.note ? h('span', { class: 'note', text: ' ' + it.note }) : null);
        })) : empty('None.'),
        s.total > s.items.length ? h('p', { class: 'hint', text: (s.total - s.items.length) + ' more not listed' }) : null));
    });
  }

  // ---------- contact reasons ----------
  function renderReasons() {
    var r = DATA.reasons, body = $('reasons-body');
    body.appendChild(h('h3', { text: 'Rising fastest (last 7 days vs the 7 before)' }));
    body.appendChild(r.rising.length ? h('ol', null, r.rising.map(function (x) {
      return h('li', null, h('strong', { text: x.label }), ' (' + (x.kind === 'intent' ? 'intent' : 'stated reason') + '): ' + x.last_week + ' → ' + x.this_week);
    })) : empty('Nothing is rising.'));
    body.appendChild(h('h3', { text: 'By intent' }));
    body.appendChild(r.intents.length ? table(['intent', 'conversations', 'before', 'resolved', 'true resolution', 'escalated', 'QA', 'auto-fail'], r.intents.map(function (i) {
      return [i.intent, String(i.n), String(i.previous_n), pct(i.resolved_rate), pct(i.true_resolution_rate), pct(i.escalation_rate), num(i.qa_mean, 1), String(i.auto_fail)];
    })) : empty('No conversation has an intent.'));
    body.appendChild(h('h3', { text: 'Stated reasons where the intent is missing (' + r.missing_intent + ' conversations; grouped by TF-IDF keyword)' }));
    body.appendChild(r.stated.length ? table(['keyword', 'also mentioned', 'conversations', 'last 7 days', '7 days before', 'resolved', 'examples'], r.stated.map(function (g) {
      return [h('strong', { text: g.keyword }), g.terms.join(', '), String(g.n), String(g.this_week), String(g.last_week), pct(g.resolved_rate), g.examples.map(function (id) { return [convLink(id), ' ']; })];
    })) : empty('Every conversation has an intent.'));
  }

  // ---------- governance ----------
  function renderGovernance() {
    var g = DATA.governance, body = $('governance-body');
    body.appendChild(h('p', { text: g.violations_total + ' findings in this period (evidence masked before it was stored).' }));
    var sev = Object.keys(g.by_severity.series);
    var charts = h('div', { class: 'charts' });
    body.appendChild(charts);
    if (sev.length) {
      var order = ['critical', 'high', 'medium', 'low'];
      sev.sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
      var colors = { critical: '#7f1d1d', high: '#dc2626', medium: '#d97706', low: '#2563eb' };
      chart(charts, 'Findings by severity', g.by_severity.buckets, sev.map(function (s) { return { label: s, values: g.by_severity.series[s], color: colors[s] }; }), { width: 560 });
    }
    body.appendChild(g.rules.length ? table(['rule', 'check', 'severity', 'conversations', 'before', 'policy'], g.rules.map(function (r) {
      return [r.rule, r.check, h('span', { class: 'badge sev-' + r.severity, text: r.severity }), String(r.conversations), String(r.previous_conversations), r.policy || '–'];
    })) : empty('No violations in this period.'));
    if (g.findings.length) {
      body.appendChild(h('h3', { text: 'Latest findings, most severe first' }));
      body.appendChild(table(['conversation', 'rule', 'severity', 'message', 'evidence (masked)', 'policy'], g.findings.slice(0, 50).map(function (f) {
        return [convLink(f.id), f.rule, h('span', { class: 'badge sev-' + f.severity, text: f.severity }), f.message_index === null ? '–' : '#' + f.message_index, h('code', { text: f.matched_text || '–' }), f.policy || '–'];
      })));
    }
  }

  // ---------- judge health ----------
  function renderJudge() {
    var j = DATA.judge_health, body = $('judge-body');
    body.appendChild(h('p', { text: j.verdicts + ' criterion verdicts · error rate ' + pct(j.error_rate, 2) + ' · unverified evidence ' + pct(j.unverified_rate, 2) +
      ' · panel disputes ' + j.disputes.panel_disputed + ' (' + j.disputes.open + ' open, ' + j.disputes.decided + ' decided by a person)' }));
    if (j.error_codes.length) body.appendChild(table(['error code', 'verdicts'], j.error_codes.map(function (e) { return [h('code', { text: e.code }), String(e.n)]; })));
    body.appendChild(table(['criterion', 'verdicts', 'errors', 'N/A', 'unverified evidence', 'disputed'], j.criteria.map(function (c) {
      return [c.title, String(c.verdicts), c.errors + ' (' + pct(c.error_rate, 1) + ')', String(c.na), c.unverified + ' (' + pct(c.unverified_rate, 1) + ')', String(c.disputed)];
    })));
    body.appendChild(h('h3', { text: 'Calibration against people' }));
    body.appendChild(j.calibration.length ? table(['criterion', 'judge', 'n', 'agreement with the reference', 'α', 'held-out human vs judge (α)', 'judge ÷ human', 'humans with each other (α)', 'gates', 'when'], j.calibration.map(function (c) {
      return [criterionTitle.get(c.criterion) || c.criterion, c.judge, String(c.n), c.statistic + ' ' + num(c.value, 2), num(c.alpha, 2),
        num(c.baseline_human_alpha, 2) + ' vs ' + num(c.baseline_judge_alpha, 2), num(c.human_ratio, 2), num(c.human_alpha, 2),
        c.gates_passed === null ? 'no gate' : h('span', { class: 'badge ' + (c.gates_passed ? 'good' : 'bad'), text: c.gates_passed ? 'passed' : 'failed' }), day(c.at)];
    })) : empty('No calibration results stored in this database (run cxqa calibrate against an eval set).'));
  }

  // ---------- conversation viewer ----------
  var searchIndex = DATA.conversations.map(function (c) {
    return { id: c.id, text: (c.id + '\n' + c.messages.map(function (m) { return m.text; }).join('\n')).toLowerCase() };
  });
  function runSearch() {
    var q = $('search').value.trim().toLowerCase();
    var words = q.split(/\s+/).filter(Boolean);
    var hits = searchIndex.filter(function (s) { return words.every(function (w) { return s.text.indexOf(w) >= 0; }); });
    var list = $('search-results');
    list.textContent = '';
    hits.slice(0, 100).forEach(function (s) {
      var c = byId.get(s.id);
      list.appendChild(h('li', null, convLink(c.id), h('span', { class: 'note', text: ' ' + day(c.started_at) + ' · ' + (c.intent || 'no intent') + ' · QA ' + (c.qa_score === null ? '–' : num(c.qa_score, 1)) })));
    });
    $('search-count').textContent = (words.length ? hits.length + ' found' : hits.length + ' conversations') + ' in this page (' + DATA.counts.embedded + ' of ' + DATA.counts.conversations + ' embedded)';
  }

  function highlightRanges(text, quotes) {
    var lower = text.toLowerCase(), ranges = [], missing = [];
    quotes.forEach(function (q) {
      var needle = q.quote.trim().toLowerCase();
      if (!needle) return;
      var at = lower.indexOf(needle);
      if (at < 0) { missing.push(q); return; }
      ranges.push({ start: at, end: at + needle.length, q: q });
    });
    ranges.sort(function (a, b) { return a.start - b.start; });
    return { ranges: ranges, missing: missing };
  }

  function messageNode(m, i, evidence, findings) {
    var quotes = evidence.filter(function (e) { return e.message === i; });
    var res = highlightRanges(m.text, quotes);
    var textEl = h('div', { class: 'text' });
    var pos = 0;
    res.ranges.forEach(function (r) {
      if (r.start < pos) return; // overlapping quote: already highlighted
      textEl.appendChild(document.createTextNode(m.text.slice(pos, r.start)));
      textEl.appendChild(h('mark', { class: 'evidence', title: r.q.criteria.join(', '), 'data-criteria': r.q.criteria.join(' '), text: m.text.slice(r.start, r.end) }));
      pos = r.end;
    });
    textEl.appendChild(document.createTextNode(m.text.slice(pos)));
    var f = findings.filter(function (x) { return x.message_index === i; });
    return h('li', { class: 'msg role-' + m.role + (quotes.length ? ' has-evidence' : '') + (f.length ? ' has-finding' : ''), 'data-index': String(i) },
      h('div', { class: 'meta', text: '#' + i + ' ' + m.role + (m.author ? ' · ' + m.author : '') + (m.event ? ' · event: ' + m.event : '') + (m.at ? ' · ' + m.at.replace('T', ' ').replace(/:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, '$2') : '') }),
      textEl,
      res.missing.length ? h('div', { class: 'unfound', text: 'quoted but not found verbatim: ' + res.missing.map(function (q) { return '“' + q.quote + '” (' + q.criteria.join(', ') + ')'; }).join('; ') }) : null,
      f.map(function (x) { return h('div', { class: 'finding sev-' + x.severity, text: x.severity + ' · ' + x.rule + ': ' + (x.matched_text || '') + (x.policy ? ' — ' + x.policy : '') }); }));
  }

  function openConversation(id) {
    var box = $('conversation');
    box.textContent = '';
    var c = byId.get(id);
    if (!c) {
      box.appendChild(h('p', { class: 'alert', text: 'Conversation ' + id + ' is not embedded in this page: the report holds full text for ' + DATA.counts.embedded + ' of ' + DATA.counts.conversations + ' conversations. Use cxqa audit ' + id + ' or a larger --max-conversations.' }));
      return;
    }
    box.setAttribute('data-open', c.id);
    var evidence = [];
    c.verdicts.forEach(function (v) {
      v.evidence.forEach(function (e) {
        var same = evidence.find(function (x) { return x.message === e.message && x.quote === e.quote; });
        if (same) same.criteria.push(v.criterion); else evidence.push({ message: e.message, quote: e.quote, criteria: [v.criterion] });
      });
    });
    box.appendChild(h('h3', null, 'Conversation ', h('code', { text: c.id })));
    box.appendChild(h('p', { class: 'facts', text: [c.started_at, c.channel, 'customer ' + c.customer_id, c.agent_id ? 'agent ' + c.agent_id : null, c.bot ? 'bot ' + c.bot : null, c.intent ? 'intent ' + c.intent : 'no intent',
      'QA ' + (c.qa_score === null ? '–' : num(c.qa_score, 1)) + (c.auto_fail ? ' (auto-fail)' : ''), 'status ' + c.status, 'judge ' + c.judge, c.rubric_version ? 'rubric ' + c.rubric_version : null,
      c.survey ? 'survey ' + Object.keys(c.survey).map(function (k) { return k + ' ' + c.survey[k]; }).join(', ') : null, c.auto_csat !== null ? 'Auto-CSAT ' + c.auto_csat : null,
      c.repeat_contact ? 'came back within 72 h' : null].filter(Boolean).join(' · ') }));
    box.appendChild(h('ol', { class: 'messages' }, c.messages.map(function (m, i) { return messageNode(m, i, evidence, c.findings); })));
    box.appendChild(h('h4', { text: 'Verdicts' }));
    box.appendChild(table(['criterion', 'value', 'rationale', 'evidence', 'judge'], c.verdicts.map(function (v) {
      var value = v.error ? h('span', { class: 'badge bad', text: 'error ' + v.error.code }) : v.na ? 'N/A' : h('span', { class: 'badge ' + (v.passed === false ? 'bad' : v.passed ? 'good' : ''), text: String(v.value) });
      return [v.title, value, v.rationale || (v.error && v.error.message) || '', v.evidence.map(function (e) { return h('div', { class: 'quote', text: '#' + e.message + ' “' + e.quote + '”' + (e.verified === false ? ' (not found in the message)' : '') }); }), v.judge];
    })));
    if (c.findings.length) {
      box.appendChild(h('h4', { text: 'Findings' }));
      box.appendChild(table(['rule', 'severity', 'message', 'evidence (masked)', 'policy'], c.findings.map(function (f) {
        return [f.rule, h('span', { class: 'badge sev-' + f.severity, text: f.severity }), f.message_index === null ? '–' : '#' + f.message_index, h('code', { text: f.matched_text || '–' }), f.policy || '–'];
      })));
    }
    box.appendChild(h('h4', { text: 'Human decisions' }));
    box.appendChild(c.decisions.length ? table(['criterion', 'decision', 'value', 'the judge had said', 'reviewer', 'note', 'when'], c.decisions.map(function (d) {
      return [criterionTitle.get(d.criterion) || d.criterion, d.decision, d.value === null || d.value === undefined ? '–' : String(d.value), d.judge_value === null || d.judge_value === undefined ? '–' : String(d.judge_value), d.reviewer, d.note || '', d.at];
    })) : empty('No human decision recorded.'));
    var firstMark = box.querySelector('mark.evidence');
    $('viewer').scrollIntoView();
    if (firstMark) firstMark.scrollIntoView({ block: 'center' });
  }

  function route() {
    var m = /^#c\/(.+)$/.exec(location.hash);
    if (m) openConversation(decodeURIComponent(m[1]));
  }

  function renderFooter() {
    $('footer').textContent = 'Generated ' + DATA.generated_at + ' by ' + DATA.generator + ' · data schema ' + DATA.schema + ' · ' +
      (DATA.privacy.pii_masked ? 'personal data (cards, IBANs, SSNs, emails, phone numbers, IPs) masked in the text' : 'personal data NOT masked (--show-pii)') +
      ' · this file makes no network request.';
  }

  [renderOverview, renderTrends, renderCoaching, renderSpotlight, renderReasons, renderGovernance, renderJudge, renderFooter].forEach(function (f) { f(); });
  $('search').addEventListener('input', runSearch);
  runSearch();
  window.addEventListener('hashchange', route);
  route();
  document.body.setAttribute('data-ready-ms', String(Math.round(performance.now())));
  document.body.setAttribute('data-ready', 'true');
})();
