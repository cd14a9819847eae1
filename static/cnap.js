/*
 * Progressive enhancement only: every page works without this file.
 *
 * Answer drafts are saved as the association types: after a pause, the
 * text goes to the JSON API with the session cookie and the form's CSRF
 * token. Without JavaScript the form's 下書き保存 button does the same.
 * Messages come from data-* attributes, which the server fills from the
 * string catalog, so no user-visible text lives here.
 */
(function () {
	'use strict';
	var form = document.querySelector('form[data-autosave]');
	if (!form || !window.fetch || !window.JSON) {
		return;
	}
	var url = form.getAttribute('data-autosave');
	if (!/^\/api\/q\/[0-9]+\/answer$/.test(url)) {
		return;
	}
	var text = form.querySelector('textarea[name="text"]');
	var csrf = form.querySelector('input[name="_csrf"]');
	var status = document.getElementById('answer-status');
	if (!text || !csrf || !status) {
		return;
	}
	var msg = form.dataset;
	var timer = null;
	var inflight = false;
	var last = text.value;

	function show(message, bad) {
		status.textContent = message;
		status.className = 'autosave-status' + (bad ? ' bad' : '');
	}

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
		fetch(url, {
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf.value },
			body: JSON.stringify({ text: value })
		}).then(function (r) {
			return r.json().then(function (body) {
				return { ok: r.ok, body: body };
			});
		}).then(function (res) {
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
})();
