// The page behaviour of eISO, read from data-attributes: the Content-Security-Policy forbids inline
// scripts and inline event handlers (onclick=, onsubmit=…), so templates say what they want here.

// Confirmation before destructive actions: <form data-confirm="…"> or <button data-confirm="…">.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var submitter = event.submitter;
  var message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
}, true);

// A filter that applies as soon as it is chosen: <select data-autosubmit> submits its form.
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.form && field.matches("[data-autosubmit]")) {
    field.form.requestSubmit();
  }
});

// A print button: <button type="button" data-print>.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// A copy button: <button type="button" data-copy="#field" data-copied="Đã sao chép"> copies the
// field's value to the clipboard (selecting it first, so a browser without the clipboard API
// leaves it ready for Ctrl+C) and says so on the button.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) {
    return;
  }
  var field = document.querySelector(button.dataset.copy);
  if (!field) {
    return;
  }
  field.select();
  var done = function () {
    button.textContent = button.dataset.copied || button.textContent;
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, done);
  } else {
    done();
  }
});

// A progress bar's width from its value: <div class="progress-bar" data-progress="40"> (a style
// attribute would be refused by the policy; a width set from a script is not).
function eisoShowProgress(root) {
  root.querySelectorAll("[data-progress]").forEach(function (bar) {
    var value = Math.max(0, Math.min(100, Number(bar.dataset.progress) || 0));
    bar.style.width = value + "%";
  });
}
if (window.htmx) {
  window.htmx.onLoad(eisoShowProgress);  // the page, then every fragment htmx swaps in
} else {
  document.addEventListener("DOMContentLoaded", function () { eisoShowProgress(document); });
}

// Choices that depend on another field: <select data-options-from="id_agency" data-options-url="…">
// is refilled from data-options-url?<that field's name>=<its value> when that field changes (the
// units of the agency chosen). The server renders the options from the form's own field, so the
// page offers what the validation accepts; the choice made is kept when it is still offered.
document.addEventListener("change", function (event) {
  var source = event.target;
  if (!source.id || !source.name) return;
  document.querySelectorAll("select[data-options-from]").forEach(function (select) {
    if (select.dataset.optionsFrom !== source.id) return;
    var url = new URL(select.dataset.optionsUrl, window.location.href);
    url.searchParams.set(source.name, source.value);
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var chosen = select.value;
        select.innerHTML = html;
        select.value = chosen;
        if (select.value !== chosen) select.value = "";
        select.dispatchEvent(new Event("change", { bubbles: true }));
      })
      .catch(function () { /* the select keeps its options; the server validates the choice */ });
  });
});
