/* Xshathra Realtime console: copy buttons, live project figures, the debug publish form.
   Plain JavaScript, no dependencies; every dynamic text goes through textContent. */
'use strict';
(function () {
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  // ---------------------------------------------------------------- copy buttons

  function legacyCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error('copy refused'));
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function selectContents(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function initCopy() {
    document.querySelectorAll('[data-copy]').forEach(function (button) {
      var label = button.firstChild ? button.firstChild.textContent : 'Copy';
      var timer = null;
      button.addEventListener('click', function () {
        var id = button.getAttribute('data-copy');
        var source = document.getElementById(id);
        var status = document.getElementById(id + '-status');
        if (!source) { return; }
        copyText(source.textContent.trim()).then(function () {
          button.firstChild.textContent = 'Copied';
          button.classList.add('is-copied');
          if (status) { status.textContent = 'Copied to the clipboard.'; }
        }, function () {
          selectContents(source);
          if (status) { status.textContent = 'Selected: press Ctrl+C (or \u2318C) to copy.'; }
        }).then(function () {
          clearTimeout(timer);
          timer = setTimeout(function () {
            button.firstChild.textContent = label;
            button.classList.remove('is-copied');
            if (status) { status.textContent = ''; }
          }, 5000);
        });
      });
    });
  }

  // ---------------------------------------------------------------- live figures

  function initStats() {
    var card = document.querySelector('[data-stats-url]');
    if (!card) { return; }
    var url = card.getAttribute('data-stats-url');
    var state = document.getElementById('live-state');
    var previous = null;
    var live = null;

    function set(name, value) {
      var el = card.querySelector('[data-stat="' + name + '"]');
      var text = String(value);
      if (el && el.textContent !== text) { el.textContent = text; }
    }

    function showState(ok) {
      if (live === ok) { return; }
      live = ok;
      state.textContent = ok ? 'Live, every 2 seconds' : 'Reconnecting\u2026';
      state.classList.toggle('is-live', ok);
      state.classList.toggle('is-stale', !ok);
    }

    function poll() {
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) {
          if (!r.ok) { throw new Error('HTTP ' + r.status); }
          return r.json();
        })
        .then(function (s) {
          set('connections', s.connections);
          set('users', s.users);
          set('channels', s.channels);
          set('publications', s.publications);
          if (previous && s.at > previous.at) {
            var rate = Math.max(0, (s.publications - previous.publications) * 1000 / (s.at - previous.at));
            set('rate', rate >= 100 ? Math.round(rate) : rate.toFixed(1));
          }
          previous = s;
          showState(true);
        })
        .catch(function () { showState(false); })
        .then(function () { setTimeout(poll, 2000); });
    }
    poll();
  }

  // ---------------------------------------------------------------- debug publish

  function initPublish() {
    var form = document.getElementById('publish-form');
    if (!form) { return; }
    var result = document.getElementById('publish-result');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      result.className = 'result';
      result.textContent = 'Publishing\u2026';
      fetch(form.action, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-CSRF-Token': csrfToken(), Accept: 'application/json' },
        body: new URLSearchParams(new FormData(form))
      }).then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
      }).then(function (res) {
        form.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
        if (res.ok) {
          result.className = 'result is-ok';
          result.textContent = 'Published to ' + res.body.channel
            + (res.body.offset ? ' at offset ' + res.body.offset : '') + '.';
          return;
        }
        var err = res.body.error || {};
        var field = err.field && form.querySelector('[name="' + err.field + '"]');
        if (field) { field.setAttribute('aria-invalid', 'true'); }
        result.className = 'result is-error';
        result.textContent = err.message || ('The publish failed (HTTP ' + res.status + ').');
      }).catch(function () {
        result.className = 'result is-error';
        result.textContent = 'The server could not be reached. Try again.';
      });
    });
  }

  /** After a refused form, put the keyboard on the first field that needs fixing. */
  function focusFirstError() {
    var invalid = document.querySelector('[aria-invalid="true"]');
    if (invalid) { invalid.focus(); }
  }

  function init() {
    focusFirstError();
    initCopy();
    initStats();
    initPublish();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
