// The workspace host page's behaviour (plain browser JS, no build step): menus, the light /
// dark toggle, the sprint-action modal, and the messages the bridge shim sends from frames
// (resize, navigate, close, flag), answered the way Jira's host does.
(function () {
  'use strict';
  var root = document.documentElement;

  function frames() { return Array.prototype.slice.call(document.querySelectorAll('iframe.ws-frame')); }
  function post(frame, message) {
    message.source = 'converge-host';
    if (frame.contentWindow) frame.contentWindow.postMessage(message, window.location.origin);
  }

  // Menus ("Projects", a sprint's "•••").
  document.addEventListener('click', function (e) {
    var button = e.target.closest && e.target.closest('[data-menu]');
    var open = document.querySelectorAll('.ws-menu-list:not([hidden])');
    for (var i = 0; i < open.length; i++) {
      if (!button || open[i] !== button.nextElementSibling) {
        open[i].hidden = true;
        if (open[i].previousElementSibling) open[i].previousElementSibling.setAttribute('aria-expanded', 'false');
      }
    }
    if (button) {
      var list = button.nextElementSibling;
      list.hidden = !list.hidden;
      button.setAttribute('aria-expanded', String(!list.hidden));
      if (!list.hidden) { var first = list.querySelector('a,button'); if (first) first.focus(); }
    }
    var opener = e.target.closest && e.target.closest('[data-open-modal]');
    if (opener) openModal(opener.getAttribute('data-open-modal'));
  });

  // Light / dark, like Jira's theme switcher: the page and every frame follow.
  var toggle = document.getElementById('ws-theme-toggle');
  if (toggle) toggle.addEventListener('click', function () {
    var mode = root.getAttribute('data-color-mode') === 'dark' ? 'light' : 'dark';
    root.setAttribute('data-color-mode', mode);
    document.cookie = 'cv-theme=' + mode + '; path=/; SameSite=Strict';
    toggle.textContent = mode === 'dark' ? '☀ Light' : '☾ Dark';
    toggle.setAttribute('aria-pressed', String(mode === 'dark'));
    frames().forEach(function (f) { post(f, { type: 'theme', colorMode: mode }); });
  });

  // The sprint action's modal: the frame is created when opened, like Jira's.
  var modalRoot = document.getElementById('ws-modal-root');
  var lastFocus = null;
  function openModal(id) {
    var tpl = document.getElementById(id);
    if (!tpl || !modalRoot) return;
    lastFocus = document.activeElement;
    modalRoot.innerHTML = '';
    var backdrop = document.createElement('div');
    backdrop.className = 'ws-modal-backdrop';
    backdrop.innerHTML = '<div class="ws-modal" role="dialog" aria-modal="true"><div class="ws-modal-head"><span></span><span class="ws-spacer"></span><button type="button" class="ws-icon-button" aria-label="Close">✕</button></div><div class="ws-modal-body"></div></div>';
    backdrop.querySelector('.ws-modal-head span').textContent = tpl.getAttribute('data-title') || '';
    backdrop.querySelector('[role="dialog"]').setAttribute('aria-label', tpl.getAttribute('data-title') || 'Dialog');
    backdrop.querySelector('.ws-modal-body').appendChild(tpl.content.cloneNode(true));
    backdrop.querySelector('.ws-modal-head button').addEventListener('click', closeModal);
    backdrop.addEventListener('click', function (e) { if (e.target === backdrop) closeModal(); });
    modalRoot.appendChild(backdrop);
    var f = backdrop.querySelector('iframe');
    if (f) f.focus();
  }
  function closeModal() {
    if (modalRoot) modalRoot.innerHTML = '';
    if (lastFocus && lastFocus.focus) lastFocus.focus();
  }
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && modalRoot && modalRoot.firstChild) closeModal(); });
  var auto = document.querySelector('template[data-autoopen="true"]');
  if (auto) openModal(auto.id);

  // Flags (bottom-left, as Jira shows them); error flags stay until dismissed.
  var flags = document.getElementById('ws-flags');
  function flag(appearance, title, description) {
    if (!flags) return;
    var el = document.createElement('div');
    el.className = 'ws-flag' + (appearance === 'error' ? ' ws-error' : '');
    el.setAttribute('role', appearance === 'error' ? 'alert' : 'status');
    el.setAttribute('data-testid', 'workspace-flag');
    el.innerHTML = '<div class="ws-flag-title"><span></span><button type="button" aria-label="Dismiss">✕</button></div><div class="ws-flag-body"></div>';
    el.querySelector('.ws-flag-title span').textContent = title;
    el.querySelector('.ws-flag-body').textContent = description;
    el.querySelector('button').addEventListener('click', function () { el.remove(); });
    flags.appendChild(el);
    if (appearance !== 'error') setTimeout(function () { el.remove(); }, 8000);
  }

  window.addEventListener('message', function (e) {
    if (e.origin !== window.location.origin) return;
    var data = e.data;
    if (!data || data.source !== 'converge-bridge') return;
    var frame = frames().filter(function (f) { return f.contentWindow === e.source; })[0];
    if (!frame) return;
    if (data.type === 'resize') frame.style.height = Math.max(60, Number(data.height) || 0) + 'px';
    else if (data.type === 'navigate' && typeof data.url === 'string' && data.url.charAt(0) === '/') window.location.assign(data.url);
    else if (data.type === 'close') closeModal();
    else if (data.type === 'reload') window.location.reload();
    else if (data.type === 'flag') flag(data.appearance, String(data.title || ''), String(data.description || ''));
  });
})();
