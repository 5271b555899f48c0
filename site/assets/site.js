/*
 * inkan public registry: instant filtering and search over api/index.json
 * on the register pages and the search page, and the compare view.
 * Progressive enhancement only: every page works without this file.
 * Data is only ever written with textContent and setAttribute on links
 * built from ids; nothing is parsed as HTML.
 */
(function () {
	'use strict';

	var MAX_ROWS = 500;

	function $(id) {
		return document.getElementById(id);
	}

	function readJSON(id) {
		var el = $(id);
		if (!el) {
			return null;
		}
		try {
			return JSON.parse(el.textContent);
		} catch (e) {
			return null;
		}
	}

	var labels = readJSON('site-labels') || { states: {}, roles: {} };

	function label(key) {
		return labels[key] || key;
	}

	function el(tag, text, attrs) {
		var e = document.createElement(tag);
		if (text !== undefined && text !== null) {
			e.textContent = String(text);
		}
		if (attrs) {
			Object.keys(attrs).forEach(function (k) {
				e.setAttribute(k, attrs[k]);
			});
		}
		return e;
	}

	/* Only the site's own relative paths and record ids become links. */
	function safePath(p) {
		return typeof p === 'string' && /^[A-Za-z0-9._\/-]+$/.test(p) &&
			p.indexOf('..') === -1;
	}

	function link(href, text) {
		var a = el('a', text);
		if (safePath(href.path)) {
			a.setAttribute('href', href.base + href.path);
		}
		return a;
	}

	function pick(t, lang) {
		if (!t) {
			return '';
		}
		if (typeof t === 'string') {
			return t;
		}
		return t[lang] || t[lang === 'ja' ? 'en' : 'ja'] || '';
	}

	/* Case, width and kana-form insensitive; spaces ignored, so that
	 * "ひかり通信" finds "ひかり 通信" and "ＡＡＡ" finds "AAA". */
	function norm(s) {
		s = String(s || '');
		if (s.normalize) {
			s = s.normalize('NFKC');
		}
		return s.toLowerCase().replace(/\s+/g, '');
	}

	var indexPromise = null;

	function loadIndex(root) {
		if (!indexPromise) {
			indexPromise = fetch(root + 'api/index.json', {
				credentials: 'same-origin'
			}).then(function (r) {
				if (!r.ok) {
					throw new Error('HTTP ' + r.status);
				}
				return r.json();
			});
		}
		return indexPromise;
	}

	function schemeLevel(index, r, lang) {
		var s = index.schemes && index.schemes[r.scheme];
		var name = s ? pick(s.name, lang) : (r.scheme || '');
		if (r.kind === 'scs-assessment' && r.level) {
			return name;
		}
		if (r.level && s && s.level_names && s.level_names[r.level]) {
			return name + ' ' + pick(s.level_names[r.level], lang);
		}
		return name + (r.level ? ' ' + r.level : '');
	}

	function title(r, lang) {
		if (r.kind === 'audit-report') {
			return pick(r.service, lang);
		}
		return pick(r.organisation, lang) +
			(r.kind === 'scs-assessment' && r.level ? ' ★' + r.level : '');
	}

	function haystack(index, r) {
		var parts = [r.id, r.corporate_number, r.service_id,
			pick(r.organisation, 'ja'), pick(r.organisation, 'en'),
			pick(r.service, 'ja'), pick(r.service, 'en'),
			pick(r.audit_firm, 'ja'), pick(r.audit_firm, 'en'),
			schemeLevel(index, r, 'ja'), schemeLevel(index, r, 'en')];
		(r.signers || []).forEach(function (s) {
			parts.push(pick(s.name, 'ja'), pick(s.name, 'en'),
				pick(s.person, 'ja'), pick(s.person, 'en'));
		});
		(r.regions || []).forEach(function (x) {
			parts.push(x);
		});
		(r.models || []).forEach(function (x) {
			parts.push(x);
		});
		return norm(parts.join(' '));
	}

	function isEntry(r) {
		return r.kind === 'audit-report' || r.kind === 'scs-assessment';
	}

	function matches(index, r, f) {
		if (!isEntry(r)) {
			return false;
		}
		if (f.status && r.status !== f.status) {
			return false;
		}
		if (f.scheme) {
			var sl = f.scheme.split('|');
			if (r.scheme !== sl[0] || (sl.length > 1 && r.level !== sl[1])) {
				return false;
			}
		}
		if (f.model && (r.models || []).indexOf(f.model) < 0) {
			return false;
		}
		if (f.deploy && (r.deployment_models || []).indexOf(f.deploy) < 0) {
			return false;
		}
		if (f.expires && (r.last_day || '').slice(0, 4) !== f.expires) {
			return false;
		}
		if (f.q) {
			if (!r._hay) {
				r._hay = haystack(index, r);
			}
			var words = norm(f.q) ? f.q.split(/\s+/) : [];
			for (var i = 0; i < words.length; i++) {
				if (words[i] && r._hay.indexOf(norm(words[i])) < 0) {
					return false;
				}
			}
		}
		return true;
	}

	function stateBadge(r, lroot) {
		var bad = ['revoked', 'suspended', 'withdrawn', 'delisted'];
		var cls = r.status === 'active' ? 'ok' :
			bad.indexOf(r.status) >= 0 ? 'bad' : 'warn';
		var sym = cls === 'ok' ? '✓' : cls === 'bad' ? '✕' : '!';
		var a = el('a', null, {
			'class': 'state state-' + cls,
			href: lroot + 'glossary.html#status-' +
				String(r.status).replace(/[^a-z]+/g, '-')
		});
		a.appendChild(el('span', sym, { 'aria-hidden': 'true' }));
		a.appendChild(document.createTextNode(' ' +
			((labels.states || {})[r.status] || r.status)));
		return a;
	}

	function renderTable(index, rows, box, ctx) {
		var lang = ctx.lang, lroot = ctx.lroot;
		var wrap = el('div', null, { 'class': 'table-wrap' });
		var table = el('table', null, { 'class': 'entries' });
		var thead = el('thead');
		var tr = el('tr');
		['logIndex', 'org', 'svc', 'scheme', 'status', 'validity',
			'assessor', 'registered'].forEach(function (k) {
			tr.appendChild(el('th', label(k), { scope: 'col' }));
		});
		thead.appendChild(tr);
		table.appendChild(thead);
		var tbody = el('tbody');
		rows.slice(0, MAX_ROWS).forEach(function (r) {
			var row = el('tr');
			var td = el('td');
			td.appendChild(link({ base: lroot, path: r.page }, r.log_index));
			row.appendChild(td);
			td = el('td');
			td.appendChild(link({ base: lroot, path: r.organisation_page },
				pick(r.organisation, lang)));
			row.appendChild(td);
			td = el('td');
			td.appendChild(link({ base: lroot,
				path: r.service_page || r.page }, title(r, lang)));
			row.appendChild(td);
			row.appendChild(el('td', schemeLevel(index, r, lang)));
			td = el('td');
			td.appendChild(stateBadge(r, lroot));
			row.appendChild(td);
			td = el('td');
			if (r.first_day) {
				td.appendChild(el('time', r.first_day,
					{ datetime: r.first_day }));
				td.appendChild(document.createTextNode(' – '));
				td.appendChild(el('time', r.last_day,
					{ datetime: r.last_day }));
			}
			row.appendChild(td);
			td = el('td');
			(r.signers || []).filter(function (s) {
				return s.role !== 'management';
			}).forEach(function (s, i) {
				if (i) {
					td.appendChild(document.createTextNode(', '));
				}
				td.appendChild(link({ base: lroot,
					path: 'signer/' + s.keyid + '.html' },
					pick(s.person || s.name, lang)));
			});
			row.appendChild(td);
			row.appendChild(el('td', (r.integrated || '').slice(0, 10)));
			tbody.appendChild(row);
		});
		table.appendChild(tbody);
		wrap.appendChild(table);
		box.textContent = '';
		if (rows.length) {
			box.appendChild(wrap);
		} else {
			box.appendChild(el('p', label('none')));
		}
	}

	/* --- the register's filter and the search page ------------------- */

	/* The parts of a filter or search section: heading, form (from the
	 * page's options, when it has them), count, results, and the note
	 * shown when api/index.json cannot be fetched (file://). */
	function buildFilter(app, opts, titleKey) {
		app.appendChild(el('h2', label(titleKey),
			{ id: app.getAttribute('aria-labelledby') }));
		if (opts) {
			var form = el('form', null, { id: 'filter', role: 'search' });
			var p = el('p');
			p.appendChild(el('label', label('searchLabel'), { 'for': 'f-q' }));
			p.appendChild(el('input', null, { id: 'f-q', name: 'q',
				type: 'search', autocomplete: 'off' }));
			form.appendChild(p);
			[['status', 'status'], ['scheme', 'scheme'], ['model', 'model'],
				['deploy', 'deploy'], ['expires', 'expires']]
				.forEach(function (f) {
					var p2 = el('p');
					p2.appendChild(el('label', label(f[1]),
						{ 'for': 'f-' + f[0] }));
					var sel = el('select', null, { id: 'f-' + f[0],
						name: f[0] });
					sel.appendChild(el('option', label('any'), { value: '' }));
					(opts[f[0]] || []).forEach(function (o) {
						sel.appendChild(el('option', o[1], { value: o[0] }));
					});
					p2.appendChild(sel);
					form.appendChild(p2);
				});
			var p3 = el('p');
			p3.appendChild(el('button', label('clear'), { type: 'reset' }));
			form.appendChild(p3);
			app.appendChild(form);
		}
		app.appendChild(el('p', null, { id: 'filter-count',
			'aria-live': 'polite' }));
		app.appendChild(el('div', null, { id: 'filter-results' }));
		var off = el('p', label('offline'), { id: 'filter-offline' });
		off.hidden = true;
		app.appendChild(off);
	}

	function setupFilter(app) {
		var ctx = app.dataset;
		var opts = readJSON('filter-options');
		buildFilter(app, opts, opts ? 'filterTitle' : 'search');
		var form = $('filter');
		var count = $('filter-count');
		var box = $('filter-results');
		var staticList = $('static-list');
		var params = new URLSearchParams(location.search);
		var fields = ['q', 'status', 'scheme', 'model', 'deploy', 'expires'];
		var preset = (opts && opts.preset) || {};
		app.hidden = false;

		function current() {
			var f = {};
			fields.forEach(function (k) {
				var c = form ? form.elements[k] : null;
				f[k] = c ? c.value : (params.get(k) || '');
			});
			return f;
		}

		function active(f) {
			return fields.some(function (k) {
				return f[k];
			});
		}

		function run() {
			var f = current();
			if (form) {
				var u = new URLSearchParams();
				fields.forEach(function (k) {
					if (f[k]) {
						u.set(k, f[k]);
					}
				});
				var qs = u.toString();
				history.replaceState(null, '', qs ? '?' + qs :
					location.pathname);
			}
			if (!active(f)) {
				box.textContent = '';
				count.textContent = '';
				if (staticList) {
					staticList.hidden = false;
				}
				return;
			}
			loadIndex(ctx.root).then(function (index) {
				var rows = index.records.filter(function (r) {
					return matches(index, r, f);
				});
				count.textContent = rows.length + ' ' + label('results');
				renderTable(index, rows, box, ctx);
				if (staticList) {
					staticList.hidden = true;
				}
			}).catch(function () {
				$('filter-offline').hidden = false;
			});
		}

		var given = fields.some(function (k) {
			return params.get(k);
		});
		if (form) {
			/* From the URL, else the filter of the page's own view,
			 * which is already what the page shows. */
			fields.forEach(function (k) {
				var c = form.elements[k];
				var v = given ? params.get(k) : preset[k];
				if (c && v) {
					c.value = v;
				}
			});
			form.addEventListener('input', run);
			form.addEventListener('change', run);
			form.addEventListener('submit', function (e) {
				e.preventDefault();
				run();
			});
			form.addEventListener('reset', function () {
				setTimeout(run, 0);
			});
		} else {
			var q2 = $('q2');
			if (q2 && params.get('q')) {
				q2.value = params.get('q');
			}
		}
		if (given || !form) {
			run();
		}
	}

	/* --- compare ------------------------------------------------------------ */

	function setupCompare(app) {
		var ctx = app.dataset, lang = ctx.lang;
		var params = new URLSearchParams(location.search);
		var ids = [];
		params.getAll('ids').forEach(function (v) {
			v.split(',').forEach(function (x) {
				x = x.replace(/^sha256:/, '');
				if (/^[0-9a-f]{64}$/.test(x) && ids.indexOf(x) < 0) {
					ids.push(x);
				}
			});
		});
		var tooMany = ids.length > 4;
		ids = ids.slice(0, 4);
		app.appendChild(el('h2', label('cmpPick'), { id: 'cmp-h' }));
		var cform = el('form', null, { id: 'compare-form' });
		var cp = el('p');
		cp.appendChild(el('label', label('add'), { 'for': 'cmp-q' }));
		cp.appendChild(el('input', null, { id: 'cmp-q', type: 'search',
			autocomplete: 'off', 'aria-controls': 'cmp-suggest' }));
		cform.appendChild(cp);
		cform.appendChild(el('ul', null, { id: 'cmp-suggest',
			'class': 'suggest' }));
		cform.appendChild(el('ul', null, { id: 'cmp-chosen',
			'class': 'chosen' }));
		app.appendChild(cform);
		app.appendChild(el('p', null, { id: 'cmp-msg', 'aria-live': 'polite' }));
		app.appendChild(el('div', null, { id: 'compare-result' }));
		app.hidden = false;
		var result = $('compare-result');
		var msg = $('cmp-msg');
		if (tooMany) {
			msg.textContent = label('tooMany');
		}
		var chosen = $('cmp-chosen');
		var q = $('cmp-q');
		var suggest = $('cmp-suggest');
		var cache = {};

		function sync() {
			var u = new URLSearchParams();
			if (ids.length) {
				u.set('ids', ids.join(','));
			}
			var qs = u.toString();
			history.replaceState(null, '', qs ? '?' + qs : location.pathname);
		}

		function fetchRecord(hex) {
			if (!cache[hex]) {
				cache[hex] = fetch(ctx.root + 'api/records/' + hex + '.json')
					.then(function (r) {
						if (!r.ok) {
							throw new Error('HTTP ' + r.status);
						}
						return r.json();
					});
			}
			return cache[hex];
		}

		function textOf(c, key) {
			var v = c[key];
			if (Array.isArray(v)) {
				return v.map(function (x) {
					return key === 'deployment_models' ?
						(labels.deploy || {})[x] || x : x;
				}).join(', ');
			}
			return pick(v, lang);
		}

		function render() {
			sync();
			chosen.textContent = '';
			Promise.all(ids.map(fetchRecord)).then(function (recs) {
				recs.forEach(function (r, i) {
					var li = el('li');
					var name = pick((r.compare || {}).service ||
						r.organisation, lang);
					var b = el('button', '✕ ' + name, { type: 'button',
						'aria-label': label('remove') + ': ' + name });
					b.addEventListener('click', function () {
						ids.splice(i, 1);
						render();
					});
					li.appendChild(b);
					chosen.appendChild(li);
				});
				result.textContent = '';
				if (!recs.length) {
					return;
				}
				var wrap = el('div', null, { 'class': 'table-wrap' });
				var t = el('table', null, { 'class': 'compare' });
				var head = el('tr');
				head.appendChild(el('td'));
				recs.forEach(function (r) {
					var th = el('th', null, { scope: 'col' });
					th.appendChild(link({ base: ctx.lroot, path: r.page },
						pick((r.compare || {}).service || r.organisation,
							lang)));
					head.appendChild(th);
				});
				var thead = el('thead');
				thead.appendChild(head);
				t.appendChild(thead);
				var tb = el('tbody');
				var rows = [
					['org', function (c) { return textOf(c, 'organisation'); }],
					['scheme', function (c) { return textOf(c, 'scheme_level'); }],
					['status', null],
					['model', function (c) { return textOf(c, 'models'); }],
					['deploy', function (c) { return textOf(c, 'deployment_models'); }],
					['location', function (c) {
						return [textOf(c, 'regions'),
							textOf(c, 'data_location')].filter(Boolean)
							.join(' / ');
					}],
					['law', function (c) { return textOf(c, 'governing_law'); }],
					['sla', function (c) { return textOf(c, 'service_level'); }],
					['who', function (c) {
						return [textOf(c, 'audit_firm')].concat(
							(c.auditors || []).map(function (a) {
								return pick(a.name, lang);
							})).filter(Boolean).join(', ');
					}],
					['until', function (c) { return c.last_day || ''; }]
				];
				rows.forEach(function (row) {
					var tr = el('tr');
					tr.appendChild(el('th', label(row[0]), { scope: 'row' }));
					recs.forEach(function (r) {
						var td = el('td');
						var c = r.compare || {};
						if (row[1] === null) {
							td.appendChild(stateBadge(r, ctx.lroot));
						} else {
							var v = row[1](c);
							td.textContent = v || label('notGiven');
						}
						tr.appendChild(td);
					});
					tb.appendChild(tr);
				});
				var tr = el('tr');
				tr.appendChild(el('th', label('disclosures'), { scope: 'row' }));
				recs.forEach(function (r) {
					var td = el('td');
					((r.compare || {}).disclosures || []).forEach(function (d) {
						var p = el('p');
						p.appendChild(el('strong', pick(d.name, lang) + ': '));
						p.appendChild(document.createTextNode(pick(d.text, lang)));
						td.appendChild(p);
					});
					tr.appendChild(td);
				});
				tb.appendChild(tr);
				t.appendChild(tb);
				wrap.appendChild(t);
				result.appendChild(wrap);
			}).catch(function () {
				msg.textContent = label('none');
			});
		}

		q.addEventListener('input', function () {
			var v = q.value;
			suggest.textContent = '';
			if (!norm(v)) {
				return;
			}
			loadIndex(ctx.root).then(function (index) {
				index.records.filter(function (r) {
					return r.kind === 'audit-report' &&
						matches(index, r, { q: v });
				}).slice(0, 10).forEach(function (r) {
					var li = el('li');
					var b = el('button', title(r, lang) + ' — ' +
						pick(r.organisation, lang) + ' (' +
						schemeLevel(index, r, lang) + ')', { type: 'button' });
					b.addEventListener('click', function () {
						var hex = r.id.replace(/^sha256:/, '');
						if (ids.length >= 4) {
							msg.textContent = label('tooMany');
							return;
						}
						if (ids.indexOf(hex) < 0) {
							ids.push(hex);
						}
						msg.textContent = '';
						suggest.textContent = '';
						q.value = '';
						render();
					});
					li.appendChild(b);
					suggest.appendChild(li);
				});
			}).catch(function () {});
		});
		$('compare-form').addEventListener('submit', function (e) {
			e.preventDefault();
		});
		render();
	}

	function start() {
		var inst = $('instant');
		if (inst) {
			setupFilter(inst);
		}
		var search = $('search-app');
		if (search) {
			var p = new URLSearchParams(location.search);
			if ($('search-nojs')) {
				$('search-nojs').hidden = true;
			}
			if (p.get('q')) {
				setupFilter(search);
			}
		}
		var cmp = $('compare-app');
		if (cmp) {
			setupCompare(cmp);
		}
	}

	if (document.readyState === 'loading') {
		document.addEventListener('DOMContentLoaded', start);
	} else {
		start();
	}
}());
