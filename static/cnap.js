/*
 * Progressive enhancement only: every page works without this file.
 *
 * Answer drafts are saved as the association types: after a pause, the
 * text goes to the JSON API with the session cookie and the form's CSRF
 * token. Without JavaScript the form's 下書き保存 button does the same.
 *
 * A survey data table (templates/data_table.html) is checked, computed and
 * saved as the association types: after a pause its cells go to the
 * table's preview (the server computes every cell, so there is one
 * implementation of each formula, in C); the answer fills the computed
 * cells, puts each problem next to its cell, and says whether the draft
 * was saved. Enter moves down a column (Shift+Enter up); a block pasted
 * from a spreadsheet fills the inputs right and down from the cell.
 *
 * A survey item's text is saved the same way, and its preview replaced by
 * the one the server rendered from what it stored.
 *
 * Reading the survey (templates/read.html): selecting a passage inside one
 * item's text shows a button beside it that posts the item, the page the
 * selection starts on (the last 「P.」 marker before it), the version read
 * and the passage to the question form. Without this file each item's own
 * link opens the same form.
 *
 * Reading the survey (templates/read.html): selecting a passage inside one
 * item's text shows a button beside it that posts the item, the page the
 * selection starts on (the last 「P.」 marker before it), the version read
 * and the passage to the question form. Without this file each item's own
 * link opens the same form.
 *
 * Messages come from data-* attributes, which the server fills from the
 * string catalog, so no user-visible text lives here.
 */
(function () {
	'use strict';
	if (!window.fetch || !window.JSON) {
		return;
	}

	function post(url, csrf, body) {
		return fetch(url, {
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
			body: JSON.stringify(body)
		}).then(function (r) {
			return r.json().then(function (b) {
				return { ok: r.ok, body: b };
			});
		});
	}

	/*
	 * What a form that saves as one types needs: the API path it posts to (in
	 * attribute attr, which must match pattern), its CSRF token, its messages
	 * and the status line (statusId) with show(). null when anything is amiss.
	 */
	function autosaving(form, attr, pattern, statusId) {
		var f = form && {
			url: form.getAttribute(attr),
			csrf: form.querySelector('input[name="_csrf"]'),
			status: document.getElementById(statusId),
			msg: form.dataset
		};
		if (!f || !pattern.test(f.url || '') || !f.csrf || !f.status) {
			return null;
		}
		f.show = function (message, bad) {
			f.status.textContent = message;
			f.status.className = 'autosave-status' + (bad ? ' bad' : '');
		};
		return f;
	}

	function answer() {
		var form = document.querySelector('form[data-autosave]');
		var f = autosaving(form, 'data-autosave', /^\/api\/q\/[0-9]+\/answer$/, 'answer-status');
		var text = form && form.querySelector('textarea[name="text"]');
		if (!f || !text) {
			return;
		}
		var msg = f.msg;
		var show = f.show;
		var timer = null;
		var inflight = false;
		var last = text.value;

		function save() {
			timer = null;
			var value = text.value;
			if (value === last || !value.trim()) {
				return;
			}
			if (inflight) {
				timer = setTimeout(save, 800);
				return;
			}
			inflight = true;
			show(msg.saving, false);
			post(f.url, f.csrf.value, { text: value }).then(function (res) {
				if (res.ok) {
					last = value;
					show(msg.saved + '（' + res.body.saved_at + '）', false);
				} else {
					var e = res.body.error || {};
					show((e.fields && e.fields.text) || e.message || msg.failed, true);
				}
			}).catch(function () {
				show(msg.failed, true);
			}).then(function () {
				inflight = false;
			});
		}

		text.addEventListener('input', function () {
			if (timer) {
				clearTimeout(timer);
			}
			timer = setTimeout(save, 1000);
		});
	}

	function grid() {
		var form = document.getElementById('grid-form');
		var f = autosaving(form, 'data-preview', /^\/api\/c\/[0-9]+\/w\/[^/]+\/a\/[^/]+\/data\/[^/]+\/preview$/,
				   'grid-status');
		if (!f) {
			return;
		}
		var msg = f.msg;
		var show = f.show;
		var rowsField = document.getElementById('grid-rows');
		var body = document.getElementById('grid-body');
		var timer = null;
		var inflight = false;
		var again = false;
		var hints = document.querySelectorAll('.js-only');
		for (var i = 0; i < hints.length; i++) {
			hints[i].hidden = false;
		}
		/* A table sent back with problems: start at their list, whose links lead to the cells. */
		var summary = document.getElementById('error-summary');
		if (summary) {
			summary.focus();
		}

		function fields(root) {
			return Array.prototype.slice.call((root || form).querySelectorAll('[data-r][data-c]'));
		}

		function payload() {
			var o = {};
			fields().forEach(function (el) {
				if (el.value !== '') {
					o[el.name] = el.value;
				}
			});
			if (rowsField) {
				o.rows = rowsField.value;
			}
			return o;
		}
		var last = JSON.stringify(payload());

		function setError(el, text) {
			var td = el.parentNode;
			var id = 'e-' + el.dataset.r + '-' + el.dataset.c;
			var p = document.getElementById(id);
			if (text) {
				if (!p) {
					p = document.createElement('p');
					p.className = 'cell-error';
					p.id = id;
					td.appendChild(p);
				}
				p.textContent = text;
				td.classList.add('has-error');
				el.setAttribute('aria-invalid', 'true');
				el.setAttribute('aria-describedby', id);
			} else {
				if (p) {
					p.parentNode.removeChild(p);
				}
				td.classList.remove('has-error');
				el.removeAttribute('aria-invalid');
				el.removeAttribute('aria-describedby');
			}
		}

		function apply(res) {
			Object.keys(res.cells || {}).forEach(function (k) {
				var el = form.querySelector('[data-cell="' + k + '"]');
				if (el) {
					el.textContent = res.cells[k] || '—';
				}
			});
			var errors = res.errors || {};
			var placed = {};
			fields().forEach(function (el) {
				var k = el.dataset.r + '.' + el.dataset.c;
				setError(el, errors[k]);
				placed[k] = true;
			});
			var other = Object.keys(errors).filter(function (k) {
				return !placed[k];
			}).map(function (k) {
				return errors[k];
			});
			if (res.saved) {
				show(msg.saved.replace('%s', res.saved_at), false);
			} else if (res.n_errors) {
				show([msg.invalid].concat(other).join('：'), true);
			} else {
				show('', false);
			}
			if (!res.n_errors) {
				/* everything is put right: the problems listed when the page came are gone too */
				[document.getElementById('error-summary'), document.querySelector('.error-banner')].forEach(function (el) {
					if (el) {
						el.parentNode.removeChild(el);
					}
				});
			}
		}

		function send() {
			timer = null;
			if (inflight) {
				again = true;
				return;
			}
			var data = payload();
			var key = JSON.stringify(data);
			if (key === last) {
				return;
			}
			data.autosave = '1';
			inflight = true;
			show(msg.saving, false);
			post(f.url, f.csrf.value, data).then(function (res) {
				if (!res.ok) {
					var e = res.body.error || {};
					show(e.message || msg.failed, true);
					return;
				}
				last = key;
				apply(res.body);
			}).catch(function () {
				show(msg.failed, true);
			}).then(function () {
				inflight = false;
				if (again) {
					again = false;
					schedule(0);
				}
			});
		}

		function schedule(delay) {
			if (timer) {
				clearTimeout(timer);
			}
			timer = setTimeout(send, delay);
		}

		form.addEventListener('input', function () {
			schedule(400);
		});
		form.addEventListener('change', function () {
			schedule(400);
		});

		/* RECORDS tables: a new row like the last, its names and labels renumbered. */
		function addRow() {
			var lastRow = body.rows[body.rows.length - 1];
			var n = body.rows.length;
			var tr = lastRow.cloneNode(true);
			var th = tr.querySelector('th');
			th.id = 'r' + n;
			th.textContent = String(n + 1);
			fields(tr).forEach(function (el) {
				var c = el.dataset.c;
				el.dataset.r = String(n);
				el.name = 'c.' + n + '.' + c;
				el.id = 'c-' + n + '-' + c;
				el.value = '';
				if (el.tagName === 'SELECT') {
					el.selectedIndex = 0;
				}
				el.setAttribute('aria-labelledby', 'h' + c + ' r' + n);
				el.removeAttribute('aria-invalid');
				el.removeAttribute('aria-describedby');
				el.parentNode.classList.remove('has-error');
			});
			Array.prototype.slice.call(tr.querySelectorAll('.cell-error')).forEach(function (p) {
				p.parentNode.removeChild(p);
			});
			Array.prototype.slice.call(tr.querySelectorAll('[data-cell]')).forEach(function (s) {
				var c = s.dataset.cell.split('.')[1];
				s.dataset.cell = n + '.' + c;
				s.id = 'v-' + n + '-' + c;
				s.textContent = '—';
			});
			body.appendChild(tr);
			rowsField.value = String(n + 1);
			return tr;
		}
		var add = document.getElementById('add-row');
		if (add && body && rowsField) {
			add.hidden = false;
			add.addEventListener('click', function () {
				var first = fields(addRow())[0];
				if (first) {
					first.focus();
				}
			});
		}

		/* Enter: the same column one row down (Shift+Enter: up). Not while an IME composes. */
		form.addEventListener('keydown', function (e) {
			var el = e.target;
			if (e.key !== 'Enter' || e.isComposing || e.keyCode === 229 || el.tagName !== 'INPUT' || !el.dataset.c) {
				return;
			}
			e.preventDefault();
			var col = fields().filter(function (x) {
				return x.dataset.c === el.dataset.c;
			});
			var next = col[col.indexOf(el) + (e.shiftKey ? -1 : 1)];
			if (next) {
				next.focus();
				if (next.select) {
					next.select();
				}
			}
		});

		function setValue(el, v) {
			if (el.tagName !== 'SELECT') {
				el.value = v;
				return;
			}
			for (var i = 0; i < el.options.length; i++) {
				if (el.options[i].value === v || el.options[i].text === v) {
					el.selectedIndex = i;
					return;
				}
			}
		}

		/* A block copied from a spreadsheet (tabs and line breaks): right and down from this cell. */
		/*
		 * Rows of cells from a spreadsheet's text/plain: tabs and line breaks,
		 * and Excel's quoting of a cell that holds a break or a quote ("a""b").
		 */
		function cellsOf(text) {
			var rows = [], row = [], cell = '', i = 0, quoted = false;
			while (i < text.length) {
				var ch = text[i];
				if (quoted) {
					if (ch === '"' && text[i + 1] === '"') {
						cell += '"';
						i += 2;
						continue;
					}
					if (ch === '"') {
						quoted = false;
					} else {
						cell += ch;
					}
				} else if (ch === '"' && cell === '') {
					quoted = true;
				} else if (ch === '\t') {
					row.push(cell);
					cell = '';
				} else if (ch === '\n') {
					row.push(cell);
					rows.push(row);
					row = [];
					cell = '';
				} else {
					cell += ch;
				}
				i++;
			}
			row.push(cell);
			rows.push(row);
			return rows;
		}
		form.addEventListener('paste', function (e) {
			var el = e.target;
			if (!el.dataset || !el.dataset.c || el.tagName === 'TEXTAREA' || !e.clipboardData) {
				return;
			}
			var text = e.clipboardData.getData('text/plain').replace(/\r\n?/g, '\n').replace(/\n$/, '');
			if (!/[\t\n]/.test(text)) {
				return;
			}
			e.preventDefault();
			var tbody = el.closest('tbody');
			var c0 = Number(el.dataset.c);
			var ri = Array.prototype.indexOf.call(tbody.rows, el.closest('tr'));
			function targets(tr) {
				return fields(tr).filter(function (x) {
					return Number(x.dataset.c) >= c0;
				});
			}
			cellsOf(text).forEach(function (line) {
				while (ri < tbody.rows.length && !targets(tbody.rows[ri]).length) {
					ri++;
				}
				if (ri >= tbody.rows.length && tbody === body && rowsField) {
					addRow();
				}
				if (ri >= tbody.rows.length) {
					return;
				}
				var t = targets(tbody.rows[ri]);
				line.forEach(function (v, j) {
					if (t[j]) {
						setValue(t[j], v.trim());
					}
				});
				ri++;
			});
			schedule(0);
		});
	}

	/*
	 * A survey item's text (templates/text_item.html): saved as the working
	 * copy after a pause in typing; the server's answer carries the preview,
	 * built in C from what it stored, so the page shows what will print.
	 */
	function itemText() {
		var form = document.getElementById('text-form');
		var f = autosaving(form, 'data-text-autosave', /^\/api\/c\/[0-9]+\/w\/[^/]+\/a\/[^/]+\/text\/[^/]+$/,
			'text-status');
		var text = form && form.querySelector('textarea[name="text"]');
		var preview = document.getElementById('text-preview');
		if (!f || !text || !preview) {
			return;
		}
		var timer = null;
		var inflight = false;
		var last = text.value;

		function save() {
			timer = null;
			var value = text.value;
			if (value === last) {
				return;
			}
			if (inflight) {
				timer = setTimeout(save, 800);
				return;
			}
			inflight = true;
			f.show(f.msg.saving, false);
			post(f.url, f.csrf.value, { text: value, autosave: '1' }).then(function (res) {
				if (res.ok) {
					last = value;
					f.show(f.msg.saved + '（' + res.body.saved_at + '）', false);
					preview.innerHTML = res.body.html;
				} else {
					var e = res.body.error || {};
					f.show((e.fields && e.fields.text) || e.message || f.msg.failed, true);
				}
			}).catch(function () {
				f.show(f.msg.failed, true);
			}).then(function () {
				inflight = false;
			});
		}

		text.addEventListener('input', function () {
			if (timer) {
				clearTimeout(timer);
			}
			timer = setTimeout(save, 1200);
		});
	}

	/* The reading view's 「選択した箇所について質問する」. */
	function reader() {
		var form = document.getElementById('ask-float');
		var list = document.querySelector('ol.read-items');
		if (!form || !list || !window.getSelection) {
			return;
		}
		var max = Number(form.dataset.max) || 2000;
		function field(name) {
			return form.querySelector('input[name="' + name + '"]');
		}
		function docOf(node) {
			var el = node && (node.nodeType === 1 ? node : node.parentElement);
			return el && el.closest('.doc[data-item]');
		}
		/* The page of the last marker before the selection's start, else the item's first page. */
		function pageOf(range, doc) {
			var page = Number(doc.dataset.page) || 0;
			var marks = list.querySelectorAll('.page-mark[data-page]');
			for (var i = 0; i < marks.length; i++) {
				if (!(marks[i].compareDocumentPosition(range.startContainer) & Node.DOCUMENT_POSITION_FOLLOWING)) {
					break;
				}
				page = Number(marks[i].dataset.page) || page;
			}
			return page;
		}
		function hide() {
			form.hidden = true;
		}
		function update() {
			var sel = window.getSelection();
			if (!sel.rangeCount || sel.isCollapsed) {
				hide();
				return;
			}
			var range = sel.getRangeAt(0);
			var doc = docOf(range.startContainer);
			if (!doc || doc !== docOf(range.endContainer)) {
				hide();
				return;
			}
			/* Code points, as the server counts them; what is left over is not quoted. */
			var text = Array.from(sel.toString().trim()).slice(0, max).join('');
			if (!text) {
				hide();
				return;
			}
			var page = pageOf(range, doc);
			field('item').value = doc.dataset.item;
			field('page').value = page ? String(page) : '';
			field('quote').value = text;
			var rect = range.getBoundingClientRect();
			form.hidden = false;
			form.style.top = (window.scrollY + rect.bottom + 8) + 'px';
			form.style.left = Math.max(8, window.scrollX + rect.left) + 'px';
		}
		var pending = false;
		document.addEventListener('selectionchange', function () {
			if (!pending) {
				pending = true;
				window.requestAnimationFrame(function () {
					pending = false;
					update();
				});
			}
		});
		/* Pressing the button must not end the selection it is about. */
		form.addEventListener('mousedown', function (e) {
			e.preventDefault();
		});
	}

	/* The mail template editor: a placeholder's button puts it into the body where the cursor is. */
	function placeholders() {
		var buttons = document.querySelectorAll('button.insert-placeholder');
		Array.prototype.forEach.call(buttons, function (b) {
			b.addEventListener('click', function () {
				var t = document.getElementById(b.getAttribute('data-target'));
				var token = b.getAttribute('data-insert');
				if (!t || !token) {
					return;
				}
				var at = typeof t.selectionStart === 'number' ? t.selectionStart : t.value.length;
				var end = typeof t.selectionEnd === 'number' ? t.selectionEnd : at;
				t.value = t.value.slice(0, at) + token + t.value.slice(end);
				t.focus();
				t.selectionStart = t.selectionEnd = at + token.length;
			});
		});
	}

	answer();
	grid();
	itemText();
	reader();
	placeholders();
})();
