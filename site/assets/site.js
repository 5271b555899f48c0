/*
 * inkan public registry: search over the split index in api/search/
 * (script files, so that it works from file:// as well as over HTTP),
 * sortable columns, the filter opened on wide screens, and the compare
 * view.  Progressive enhancement only: every page works without this
 * file.  Data is only ever written with textContent and setAttribute on
 * links built from ids; nothing is parsed as HTML.
 */
(function () {
	'use strict';

	/* Results shown at most, and candidates checked at most, a query. */
	var MAX_ROWS = 200;

	function $(id) {
		return document.getElementById(id);
	}

	function readJSON(id) {
		var e = $(id);
		if (!e) {
			return null;
		}
		try {
			return JSON.parse(e.textContent);
		} catch (x) {
			return null;
		}
	}

	var labels = readJSON('site-labels') || { states: {}, roles: {} };

	function label(key) {
		var v = labels[key];
		return typeof v === 'string' ? v : key;
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

	function link(base, path, text) {
		var a = el('a', text);
		if (safePath(path)) {
			a.setAttribute('href', base + path);
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

	/* The searched form, exactly as site/search.c makes it: white space
	 * dropped, full-width ASCII as ASCII, capital Latin letters small. */
	function norm(s) {
		var out = '';
		s = String(s || '');
		for (var i = 0; i < s.length; i++) {
			var c = s.codePointAt(i);
			if (c > 0xffff) {
				i++;
			}
			if (c === 32 || (c >= 9 && c <= 13) || c === 0xa0 ||
					c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
					c === 0x2028 || c === 0x2029 || c === 0x202f ||
					c === 0x205f || c === 0x3000 || c === 0xfeff) {
				continue;
			}
			if (c >= 0xff01 && c <= 0xff5e) {
				c -= 0xfee0;
			}
			if ((c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde &&
					c !== 0xd7)) {
				c += 0x20;
			}
			out += String.fromCodePoint(c);
		}
		return out;
	}

	/* FNV-1a (32 bits) of the UTF-8 of s, as site/search.c hashes. */
	function hash(s) {
		var h = 0x811c9dc5;
		var u = new TextEncoder().encode(s);
		for (var i = 0; i < u.length; i++) {
			h = Math.imul(h ^ u[i], 16777619) >>> 0;
		}
		return h >>> 0;
	}

	/* --- the index: script files that call window.inkanSearch ---------- */

	var store = { head: null, terms: {}, rows: {} };
	var loading = {};

	window.inkanSearch = {
		head: function (h) {
			store.head = h;
		},
		terms: function (n, t) {
			store.terms[n] = t;
		},
		rows: function (n, r) {
			store.rows[n] = r;
		}
	};

	function load(root, path) {
		if (!loading[path]) {
			loading[path] = new Promise(function (resolve, reject) {
				var s = document.createElement('script');
				s.src = root + 'api/search/' + path;
				s.onload = resolve;
				s.onerror = function () {
					reject(new Error(path));
				};
				document.head.appendChild(s);
			});
		}
		return loading[path];
	}

	function decode(list) {
		var out = [], at = 0;
		list.split(',').forEach(function (x, i) {
			at = i ? at + parseInt(x, 36) : parseInt(x, 36);
			out.push(at);
		});
		return out;
	}

	function intersect(a, b) {
		var out = [], i = 0, k = 0;
		while (i < a.length && k < b.length) {
			if (a[i] === b[k]) {
				out.push(a[i]);
				i++;
				k++;
			} else if (a[i] < b[k]) {
				i++;
			} else {
				k++;
			}
		}
		return out;
	}

	/* The entries whose text holds every word of q: a promise of
	 * { rows, more (there may be more than MAX_ROWS), short }. */
	function search(root, q) {
		var words = String(q || '').split(/\s+/).map(norm)
			.filter(Boolean);
		var terms = [];
		words.forEach(function (w) {
			var cps = Array.from(w);
			for (var i = 0; i + 1 < cps.length; i++) {
				if (terms.indexOf(cps[i] + cps[i + 1]) < 0) {
					terms.push(cps[i] + cps[i + 1]);
				}
			}
		});
		if (!terms.length) {
			return Promise.resolve({ rows: [], more: false,
				short: words.length > 0 });
		}
		return load(root, 'head.js').then(function () {
			var h = store.head, need = {};
			terms.forEach(function (t) {
				need[hash(t) & (h.shards - 1)] = 1;
			});
			return Promise.all(Object.keys(need).map(function (n) {
				return load(root, 't/' + ('00' + Number(n).toString(16))
					.slice(-3) + '.js');
			}));
		}).then(function () {
			var h = store.head, cand = null;
			terms.forEach(function (t) {
				var sh = store.terms[hash(t) & (h.shards - 1)] || {};
				var list = Object.prototype.hasOwnProperty.call(sh, t) ?
					decode(sh[t]) : [];
				cand = cand === null ? list : intersect(cand, list);
			});
			cand = cand || [];
			/* The chunks that hold every term, in order, until MAX_ROWS
			 * rows hold every word. */
			var rows = [];
			function next(i) {
				if (i >= cand.length || rows.length >= MAX_ROWS) {
					return Promise.resolve({ rows: rows,
						more: i < cand.length });
				}
				return load(root, 'c/' + cand[i] + '.js').then(function () {
					(store.rows[cand[i]] || []).forEach(function (r) {
						if (rows.length < MAX_ROWS && words.every(function (w) {
							return r[15].indexOf(w) >= 0;
						})) {
							rows.push(r);
						}
					});
					return next(i + 1);
				});
			}
			return next(0);
		}).then(function (res) {
			/* Newest first, as the log has them. */
			res.rows.sort(function (a, b) {
				return b[0] - a[0];
			});
			return res;
		});
	}

	/* --- tables -------------------------------------------------------- */

	function stateBadge(status, lroot) {
		var bad = ['revoked', 'suspended', 'withdrawn', 'delisted'];
		var cls = status === 'active' ? 'ok' :
			bad.indexOf(status) >= 0 ? 'bad' : 'warn';
		var sym = cls === 'ok' ? '✓' : cls === 'bad' ? '✕' : '!';
		var a = el('a', null, {
			'class': 'state state-' + cls,
			href: lroot + 'glossary.html#status-' +
				String(status).replace(/[^a-z]+/g, '-')
		});
		a.appendChild(el('span', sym, { 'aria-hidden': 'true' }));
		a.appendChild(document.createTextNode(' ' +
			((labels.states || {})[status] || status)));
		return a;
	}

	function day(d) {
		return el('time', d, { datetime: d });
	}

	/* A result row as the register's table shows an entry. */
	function renderRows(rows, box, ctx) {
		var en = ctx.lang === 'en', lroot = ctx.lroot;
		var cols = ['regNumber', 'org', 'svc', 'scheme', 'status',
			'validity', 'assessor', 'registered'];
		var wrap = el('div', null, { 'class': 'table-wrap' });
		var table = el('table', null, { 'class': 'entries',
			'data-sort-label': label('sortBy') });
		var thead = el('thead');
		var tr = el('tr');
		cols.forEach(function (k) {
			tr.appendChild(el('th', label(k), { scope: 'col' }));
		});
		thead.appendChild(tr);
		table.appendChild(thead);
		var tbody = el('tbody');
		rows.forEach(function (r) {
			var row = el('tr');
			/* Named on a narrow screen's card where the value alone
			 * does not say what it is (as the register's pages). */
			function cell(k) {
				var named = ['regNumber', 'validity', 'assessor',
					'registered'].indexOf(k) >= 0;
				var td = el('td', null, named ? { 'data-label': label(k) } :
					{ 'class': { org: 'org', svc: 'svc', scheme: 'scheme',
						status: 'status' }[k] });
				row.appendChild(td);
				return td;
			}
			/* The registration number, else the place in the log
			 * (as the register's tables). */
			cell('regNumber').appendChild(link(lroot, 'r/' + r[1] +
				'.html', r[16] ? r[16] : '#' + r[0]));
			cell('org').appendChild(r[3] ? link(lroot, 'org/' + r[3] +
				'.html', en ? r[5] : r[4]) : el('span', en ? r[5] : r[4]));
			cell('svc').appendChild(r[6] ? link(lroot, 'svc/' + r[6] +
				'.html', en ? r[8] : r[7]) : link(lroot, 'r/' + r[1] +
				'.html', en ? r[8] : r[7]));
			cell('scheme').textContent = en ? r[10] : r[9];
			cell('status').appendChild(stateBadge(r[2], lroot));
			var v = cell('validity');
			if (r[11]) {
				v.appendChild(day(r[11]));
				v.appendChild(document.createTextNode(' 〜 '));
				v.appendChild(day(r[12]));
			}
			var who = cell('assessor');
			r[13].forEach(function (s, i) {
				if (i) {
					who.appendChild(document.createTextNode(', '));
				}
				var name = en ? s[2] || s[1] : s[1] || s[2];
				who.appendChild(s[0] ? link(lroot, 'signer/' + s[0] +
					'.html', name) : el('span', name));
			});
			cell('registered').appendChild(day(r[14]));
			tbody.appendChild(row);
		});
		table.appendChild(tbody);
		wrap.appendChild(table);
		box.textContent = '';
		box.appendChild(wrap);
		sortable(table);
	}

	/* Sortable columns: each heading a button; aria-sort on the sorted
	 * one.  Cells sort by data-sort, else their text; numbers as numbers. */
	function cellKey(row, i) {
		var c = row.cells[i];
		if (!c) {
			return '';
		}
		return c.getAttribute('data-sort') || c.textContent.trim();
	}

	function compareKeys(a, b, lang) {
		var na = /^-?\d+(\.\d+)?$/.test(a), nb = /^-?\d+(\.\d+)?$/.test(b);
		if (na && nb) {
			return Number(a) - Number(b);
		}
		if (a === '' || b === '') {
			return a === b ? 0 : a === '' ? 1 : -1;
		}
		return a.localeCompare(b, lang, { numeric: true });
	}

	function sortable(table) {
		if (!table.tHead || !table.tBodies[0] || table.dataset.sortable) {
			return;
		}
		var lang = document.documentElement.lang || 'ja';
		var ths = Array.prototype.slice.call(table.tHead.rows[0].cells);
		table.dataset.sortable = '1';
		table.classList.add('sorting');
		table.tHead.rows[0].setAttribute('data-label',
			table.getAttribute('data-sort-label') || label('sortBy'));
		ths.forEach(function (th, i) {
			if (!th.textContent.trim() || th.classList.contains('pick')) {
				return;
			}
			var b = el('button', null, { type: 'button', 'class': 'sort' });
			b.appendChild(el('span', th.textContent.trim()));
			b.appendChild(el('span', '', { 'class': 'dir',
				'aria-hidden': 'true' }));
			th.textContent = '';
			th.appendChild(b);
			b.addEventListener('click', function () {
				var up = th.getAttribute('aria-sort') !== 'ascending';
				var body = table.tBodies[0];
				var rows = Array.prototype.slice.call(body.rows)
					.map(function (r, k) {
						return [r, cellKey(r, i), k];
					});
				rows.sort(function (x, y) {
					var c = compareKeys(x[1], y[1], lang);
					return (up ? c : -c) || x[2] - y[2];
				});
				rows.forEach(function (x) {
					body.appendChild(x[0]);
				});
				ths.forEach(function (h) {
					h.removeAttribute('aria-sort');
					var d = h.querySelector('.dir');
					if (d) {
						d.textContent = '';
					}
				});
				th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
				b.querySelector('.dir').textContent = up ? ' ▲' : ' ▼';
			});
		});
	}

	/* --- the search page ------------------------------------------------ */

	function setupSearch(app) {
		var ctx = app.dataset;
		var q = new URLSearchParams(location.search).get('q') || '';
		var input = $('q2');
		if (input) {
			input.value = q;
		}
		if (!q) {
			return;
		}
		var nojs = $('search-nojs');
		if (nojs) {
			nojs.hidden = true;
		}
		app.hidden = false;
		app.appendChild(el('h2', label('search'), { id: 'sr-h' }));
		var count = el('p', null, { id: 'filter-count', role: 'status' });
		var box = el('div', null, { id: 'filter-results' });
		app.appendChild(count);
		app.appendChild(box);
		search(ctx.root, q).then(function (res) {
			if (res.short) {
				count.textContent = label('searchShort');
				return;
			}
			if (!res.rows.length) {
				count.textContent = label('none');
				return;
			}
			count.textContent = res.more ?
				res.rows.length + '+' + (ctx.lang === 'ja' ? '' : ' ') +
				label('searchFirst') :
				res.rows.length + (ctx.lang === 'ja' ? '' : ' ') +
				label('results');
			renderRows(res.rows, box, ctx);
		}).catch(function () {
			count.textContent = label('searchFailed');
		});
	}

	/* --- compare -------------------------------------------------------- */

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
		app.appendChild(el('p', null, { id: 'cmp-msg', role: 'status' }));
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
						(labels.deployWords || {})[x] || x : x;
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
				var t = el('table', null, { 'class': 'compare side' });
				var head = el('tr');
				head.appendChild(el('th', label('svc'), { scope: 'col' }));
				recs.forEach(function (r) {
					var th = el('th', null, { scope: 'col' });
					th.appendChild(link(ctx.lroot, r.page,
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
							td.appendChild(stateBadge(r.status, ctx.lroot));
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

		var asked = 0;
		q.addEventListener('input', function () {
			var v = q.value, mine = ++asked;
			search(ctx.root, v).then(function (res) {
				if (mine !== asked) {
					return;
				}
				suggest.textContent = '';
				res.rows.filter(function (r) {
					return r[6];
				}).slice(0, 10).forEach(function (r) {
					var li = el('li');
					var b = el('button', (lang === 'en' ? r[8] : r[7]) +
						' — ' + (lang === 'en' ? r[5] : r[4]) + ' (' +
						(lang === 'en' ? r[10] : r[9]) + ')',
						{ type: 'button' });
					b.addEventListener('click', function () {
						if (ids.length >= 4) {
							msg.textContent = label('tooMany');
							return;
						}
						if (ids.indexOf(r[1]) < 0) {
							ids.push(r[1]);
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
		Array.prototype.forEach.call(document.querySelectorAll(
			'table.entries, table.compare, table.sortable'), sortable);
		var facets = $('facets');
		if (facets && window.matchMedia &&
				window.matchMedia('(min-width: 60em)').matches) {
			facets.open = true;
		}
		var s = $('search-app');
		if (s) {
			setupSearch(s);
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
