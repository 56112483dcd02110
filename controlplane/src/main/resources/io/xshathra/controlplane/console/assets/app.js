/* Xshathra Realtime console: copy buttons, snippet tabs, in-page confirmations, live project
   figures, the debug publish form with its JSON check.
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


  // ---------------------------------------------------------------- JSON syntax

  /* The first syntax error of a JSON text with its line and column, or null when it is valid.
     Browsers word JSON.parse errors differently, and some give no position: this scan is the
     same as the server's (JsonSyntax.java), so both say the same thing. */
  function jsonProblem(s) {
    var i = 0;
    var MAX_DEPTH = 64;
    function Stop(at, message) { this.at = at; this.message = message; }
    function space() { while (i < s.length && ' \t\n\r'.indexOf(s.charAt(i)) >= 0) { i++; } }
    function unexpected(expected) {
      if (i >= s.length) { return new Stop(i, 'Unexpected end of the text; expected ' + expected); }
      return new Stop(i, 'Unexpected \u2018' + s.charAt(i) + '\u2019; expected ' + expected);
    }
    var ANY = 'a value (object, array, string, number, true, false or null)';
    function digits() { var start = i; while (i < s.length && s.charAt(i) >= '0' && s.charAt(i) <= '9') { i++; } return i > start; }
    function number() {
      var start = i;
      if (s.charAt(i) === '-') { i++; }
      if (s.charAt(i) === '0') { i++; } else if (!digits()) { throw new Stop(start, 'A number needs digits'); }
      if (s.charAt(i) === '.') { i++; if (!digits()) { throw new Stop(i, 'A number needs digits after the decimal point'); } }
      if (s.charAt(i) === 'e' || s.charAt(i) === 'E') {
        i++;
        if (s.charAt(i) === '+' || s.charAt(i) === '-') { i++; }
        if (!digits()) { throw new Stop(i, 'A number needs digits in its exponent'); }
      }
    }
    function string() {
      var start = i++;
      while (i < s.length) {
        var c = s.charAt(i);
        if (c === '"') { i++; return; }
        if (c < ' ') { throw new Stop(i, 'A line break or control character inside a string; write it as \\n or \\t'); }
        if (c !== '\\') { i++; continue; }
        var e = s.charAt(i + 1);
        if (e && '"\\/bfnrt'.indexOf(e) >= 0) { i += 2; continue; }
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.substr(i + 2, 4))) { throw new Stop(i, '\\u must be followed by four hexadecimal digits'); }
          i += 6;
          continue;
        }
        throw new Stop(i, 'Unknown escape; use \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX');
      }
      throw new Stop(start, 'This string is never closed');
    }
    function members(depth, close, member) {
      i++;
      space();
      if (s.charAt(i) === close) { i++; return; }
      for (;;) {
        member(depth);
        space();
        if (s.charAt(i) === ',') { i++; space(); } else if (s.charAt(i) === close) { i++; return; } else {
          throw unexpected('\u2018,\u2019 or \u2018' + close + '\u2019');
        }
      }
    }
    function value(depth) {
      if (depth > MAX_DEPTH) { throw new Stop(i, 'Nested more than ' + MAX_DEPTH + ' levels deep'); }
      var c = s.charAt(i);
      if (c === '{') {
        members(depth, '}', function (d) {
          if (s.charAt(i) !== '"') { throw unexpected('a key in double quotes'); }
          string();
          space();
          if (s.charAt(i) !== ':') { throw unexpected('\u2018:\u2019 after the key'); }
          i++;
          space();
          value(d + 1);
        });
      } else if (c === '[') {
        members(depth, ']', function (d) { value(d + 1); });
      } else if (c === '"') {
        string();
      } else if (c === '-' || (c >= '0' && c <= '9')) {
        number();
      } else {
        var word = ['true', 'false', 'null'].filter(function (w) { return s.substr(i, w.length) === w; })[0];
        if (!word) { throw unexpected(ANY); }
        i += word.length;
      }
    }
    try {
      space();
      value(0);
      space();
      if (i < s.length) { throw new Stop(i, 'Unexpected text after the JSON value'); }
      return null;
    } catch (e) {
      if (!(e instanceof Stop)) { throw e; }
      var before = s.slice(0, e.at);
      var line = before.split('\n').length;
      var column = e.at - (before.lastIndexOf('\n') + 1) + 1;
      return { line: line, column: column, message: e.message,
               text: 'Line ' + line + ', column ' + column + ': ' + e.message + '.' };
    }
  }

  // ---------------------------------------------------------------- debug publish

  function initPublish() {
    var form = document.getElementById('publish-form');
    if (!form) { return; }
    var result = document.getElementById('publish-result');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var data = form.querySelector('[name="data"]');
      var problem = data.value.trim() ? jsonProblem(data.value) : null;
      if (problem) {
        data.setAttribute('aria-invalid', 'true');
        result.className = 'result is-error';
        result.textContent = 'This is not valid JSON. ' + problem.text;
        return;
      }
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


  // ---------------------------------------------------------------- tabs and confirmations

  /* Tabs: without a script every panel shows; with it one at a time, arrow keys move along. */
  function initTabs() {
    document.querySelectorAll('[data-tabs]').forEach(function (box) {
      var list = box.querySelector('[role=tablist]');
      var tabs = Array.prototype.slice.call(list.querySelectorAll('[role=tab]'));
      function show(tab, focus) {
        tabs.forEach(function (t) {
          var on = t === tab;
          t.setAttribute('aria-selected', String(on));
          t.tabIndex = on ? 0 : -1;
          document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
        });
        if (focus) { tab.focus(); }
      }
      box.classList.add('is-tabbed');
      list.hidden = false;
      tabs.forEach(function (tab, n) {
        tab.addEventListener('click', function () { show(tab, false); });
        tab.addEventListener('keydown', function (e) {
          var step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
          if (e.key === 'Home' || e.key === 'End') { show(tabs[e.key === 'Home' ? 0 : tabs.length - 1], true); e.preventDefault(); }
          if (step) { show(tabs[(n + step + tabs.length) % tabs.length], true); e.preventDefault(); }
        });
      });
      show(tabs[0], false);
    });
  }

  /* A form with data-confirm asks in the page before it posts: the first button shows the question. */
  function initConfirm() {
    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
      var ask = form.querySelector('[data-confirm-ask]');
      var box = form.querySelector('[data-confirm-box]');
      ask.addEventListener('click', function (e) {
        e.preventDefault();
        ask.hidden = true;
        box.hidden = false;
        form.querySelector('[data-confirm-yes]').focus();
      });
      form.querySelector('[data-confirm-cancel]').addEventListener('click', function () {
        box.hidden = true;
        ask.hidden = false;
        ask.focus();
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
    initTabs();
    initConfirm();
    initStats();
    initPublish();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
