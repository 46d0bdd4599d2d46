// Sluice console: live sections and confirmations, nothing else. No library, no build step.
// - [data-live] sections (with an id) are refreshed every 3 s from the same URL, unless paused.
// - forms with data-confirm ask before they submit.
// - a [data-pause-live] button pauses and resumes the refresh.
(function () {
  'use strict';
  var paused = false;

  function refresh() {
    var live = document.querySelectorAll('[data-live][id]');
    if (paused || live.length === 0 || document.hidden) {
      return;
    }
    fetch(location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' }, redirect: 'manual' })
      .then(function (response) {
        if (response.type === 'opaqueredirect' || response.status === 401 || response.status === 303) {
          location.assign('/sluice/console/login');
          return null;
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (!html || paused) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        live.forEach(function (section) {
          var replacement = fresh.getElementById(section.id);
          if (replacement) {
            section.replaceWith(document.importNode(replacement, true));
          }
        });
        document.body.setAttribute('data-refreshed', String(Date.now()));
      })
      .catch(function () { /* the relay is restarting: try again on the next tick */ });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        if (!window.confirm(form.getAttribute('data-confirm'))) {
          event.preventDefault();
        }
      });
    });
    document.querySelectorAll('[data-pause-live]').forEach(function (button) {
      button.addEventListener('click', function () {
        paused = !paused;
        button.textContent = paused ? 'Resume' : 'Pause';
        button.setAttribute('aria-pressed', String(paused));
        document.body.classList.toggle('live-paused', paused);
      });
    });
    setInterval(refresh, 3000);
  });
})();
