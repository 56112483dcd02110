/* The debug tool's subscriber: a small Centrifuge client (JSON protocol) in the page. It gets a
   connection token and a subscription token from the console, connects to the engine's WebSocket
   endpoint, subscribes, answers server pings and shows every push, exactly as a subscriber sees it. */
'use strict';
(function () {
  var MAX_ENTRIES = 200;

  function init() {
    var panel = document.getElementById('subscriber');
    if (!panel) { return; }
    var tokenUrl = panel.getAttribute('data-token-url');
    var form = document.getElementById('subscribe-form');
    var input = document.getElementById('watch');
    var stateEl = document.getElementById('sub-state');
    var log = document.getElementById('sub-log');
    var disconnectButton = document.getElementById('disconnect-btn');
    var ws = null;
    var nextId = 1;
    var pending = {};
    var refreshTimer = null;
    var session = 0;

    function csrfToken() {
      var meta = document.querySelector('meta[name="csrf-token"]');
      return meta ? meta.getAttribute('content') : '';
    }

    function setState(state, text) {
      stateEl.setAttribute('data-state', state);
      stateEl.textContent = text;
      disconnectButton.hidden = state === 'idle' || state === 'error';
    }

    function clearEmpty() {
      var empty = log.querySelector('.log-empty');
      if (empty) { log.removeChild(empty); }
    }

    function addItem(li) {
      clearEmpty();
      log.insertBefore(li, log.firstChild);
      while (log.children.length > MAX_ENTRIES) { log.removeChild(log.lastChild); }
    }

    function meta(parts) {
      var div = document.createElement('div');
      div.className = 'meta';
      parts.forEach(function (p) {
        var span = document.createElement(p.time ? 'time' : 'span');
        if (p.cls) { span.className = p.cls; }
        span.textContent = p.text;
        div.appendChild(span);
      });
      return div;
    }

    /* 24-hour UTC, like every time the console shows, whatever the browser's locale. */
    function now() {
      return new Date().toISOString().substring(11, 19) + ' UTC';
    }

    function showPublication(channel, pub) {
      var li = document.createElement('li');
      li.className = 'log-pub';
      var parts = [{ text: channel, cls: 'ch' }];
      if (pub.offset) { parts.push({ text: 'offset ' + pub.offset }); }
      if (pub.info && pub.info.user) { parts.push({ text: 'from ' + pub.info.user }); }
      parts.push({ text: now(), time: true });
      li.appendChild(meta(parts));
      var pre = document.createElement('pre');
      pre.textContent = pub.data === undefined ? '(no data)' : JSON.stringify(pub.data, null, 2);
      li.appendChild(pre);
      if (pub.tags) {
        var tags = document.createElement('div');
        tags.className = 'meta';
        tags.textContent = 'tags: ' + JSON.stringify(pub.tags);
        li.appendChild(tags);
      }
      addItem(li);
    }

    function system(text) {
      var li = document.createElement('li');
      var p = document.createElement('span');
      p.className = 'sys';
      p.textContent = now() + ' \u00b7 ' + text;
      li.appendChild(p);
      addItem(li);
    }

    function fetchTokens(channel) {
      return fetch(tokenUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-CSRF-Token': csrfToken(), Accept: 'application/json' },
        body: new URLSearchParams({ channel: channel })
      }).then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) { throw new Error((body.error && body.error.message) || ('HTTP ' + r.status)); }
          return body;
        });
      });
    }

    function send(socket, command) {
      command.id = nextId++;
      return new Promise(function (resolve, reject) {
        pending[command.id] = { resolve: resolve, reject: reject };
        socket.send(JSON.stringify(command));
      });
    }

    function onPush(push) {
      if (push.pub) {
        showPublication(push.channel, push.pub);
      } else if (push.join) {
        system((push.join.info && push.join.info.user || 'someone') + ' joined ' + push.channel);
      } else if (push.leave) {
        system((push.leave.info && push.leave.info.user || 'someone') + ' left ' + push.channel);
      } else if (push.unsubscribe) {
        system('Unsubscribed from ' + push.channel + ' by the server (code ' + push.unsubscribe.code + ')');
        setState('error', 'Unsubscribed by the server');
      } else if (push.disconnect) {
        system('Disconnected by the server: ' + push.disconnect.reason + ' (' + push.disconnect.code + ')');
      }
    }

    function onFrame(socket, text) {
      String(text).split('\n').forEach(function (line) {
        if (!line.trim()) { return; }
        var msg;
        try { msg = JSON.parse(line); } catch (e) { return; }
        if (Object.keys(msg).length === 0) {
          socket.send('{}'); // answer the server's ping
          return;
        }
        if (msg.id && pending[msg.id]) {
          var waiter = pending[msg.id];
          delete pending[msg.id];
          if (msg.error) { waiter.reject(msg.error); } else { waiter.resolve(msg); }
          return;
        }
        if (msg.push) { onPush(msg.push); }
      });
    }

    function scheduleRefresh(socket, channel, ttlSeconds) {
      clearTimeout(refreshTimer);
      if (!ttlSeconds) { return; }
      var mine = session;
      refreshTimer = setTimeout(function () {
        fetchTokens(channel).then(function (t) {
          if (mine !== session) { return null; }
          return Promise.all([
            send(socket, { refresh: { token: t.connectionToken } }),
            send(socket, { sub_refresh: { channel: channel, token: t.subscriptionToken } })
          ]).then(function (replies) {
            var ttl = Math.min(replies[0].refresh.ttl || 0, replies[1].sub_refresh.ttl || 0);
            scheduleRefresh(socket, channel, ttl);
          });
        }).catch(function (err) { system('Token refresh failed: ' + (err.message || err.code)); });
      }, Math.max(5, ttlSeconds - 30) * 1000);
    }

    function stop(reason) {
      session++;
      clearTimeout(refreshTimer);
      Object.keys(pending).forEach(function (id) { pending[id].reject({ message: 'connection closed' }); });
      pending = {};
      if (ws) {
        var old = ws;
        ws = null;
        old.onclose = null;
        old.close(1000, reason || 'done');
      }
    }

    function start(channel) {
      stop('switching channel');
      var mine = session;
      setState('connecting', 'Connecting\u2026');
      fetchTokens(channel).then(function (t) {
        if (mine !== session) { return; }
        var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + t.websocketPath;
        var socket = new WebSocket(url);
        ws = socket;
        socket.onmessage = function (e) { onFrame(socket, e.data); };
        socket.onclose = function (e) {
          if (ws !== socket) { return; }
          ws = null;
          var why = e.code === 1006
            ? 'Connection failed. Is this site listed in the server\u2019s client.allowed_origins?'
            : 'Disconnected (' + e.code + (e.reason ? ': ' + e.reason : '') + ')';
          setState('error', why);
          system(why);
        };
        socket.onopen = function () {
          send(socket, { connect: { token: t.connectionToken, name: 'xshathra-console' } }).then(function (reply) {
            setState('connecting', 'Connected, subscribing\u2026');
            return send(socket, { subscribe: { channel: channel, token: t.subscriptionToken } }).then(function (sub) {
              var ttl = Math.min(reply.connect.ttl || 0, (sub.subscribe && sub.subscribe.ttl) || 0);
              scheduleRefresh(socket, channel, ttl);
              setState('subscribed', 'Subscribed to ' + channel);
              system('Subscribed to ' + channel + ' as ' + t.user);
            });
          }).catch(function (err) {
            setState('error', 'Refused: ' + (err.message || ('code ' + err.code)));
          });
        };
      }).catch(function (err) {
        if (mine === session) { setState('error', err.message || 'Could not get tokens'); }
      });
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var channel = input.value.trim();
      if (!channel) {
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      input.removeAttribute('aria-invalid');
      start(channel);
    });
    disconnectButton.addEventListener('click', function () {
      stop('closed by user');
      setState('idle', 'Not connected');
      system('Disconnected');
    });
    // The tool watches its channel from the moment it opens: no extra click.
    if (input.value.trim()) { start(input.value.trim()); }
    document.getElementById('clear-log').addEventListener('click', function () {
      log.textContent = '';
      var li = document.createElement('li');
      li.className = 'log-empty';
      li.textContent = 'Cleared. New messages appear here.';
      log.appendChild(li);
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
