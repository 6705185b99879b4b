// Type-ahead search over a long <select data-searchable> (a procedure picker, say): a search box is
// put above it and the select becomes a list showing only the options whose text contains every word
// typed, accents and case ignored ("tam tru" finds "Đăng ký tạm trú"). Without JavaScript the select
// works as it is. With data-submit-on-choose, clicking an option or pressing Enter on it (or on the
// box when one option is left) submits the form. No inline script: the page loads this file.
(function () {
  "use strict";

  function fold(text) {
    return text
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  function enhance(select) {
    if (select.dataset.searchableReady) return;
    select.dataset.searchableReady = "1";
    var options = Array.prototype.filter.call(select.options, function (option) {
      if (option.value === "") option.hidden = true; // "— Chọn … —" makes no sense in a list
      return option.value !== "";
    });
    options.forEach(function (option) {
      option.dataset.folded = fold(option.textContent);
    });
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control mb-1";
    input.autocomplete = "off";
    input.placeholder = select.dataset.searchPlaceholder || "Gõ vài chữ để tìm…";
    input.setAttribute("aria-label", "Tìm trong danh sách");
    if (select.id) {
      input.id = select.id + "_search";
      input.setAttribute("aria-controls", select.id);
    }
    var status = document.createElement("div");
    status.className = "form-text";
    status.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(status, select.nextSibling);
    select.size = Math.min(Math.max(options.length, 2), Number(select.dataset.searchableSize || 8));
    var submits = select.hasAttribute("data-submit-on-choose") && select.form;

    function visible() {
      return options.filter(function (option) {
        return !option.hidden;
      });
    }

    function filter() {
      var words = fold(input.value).split(" ").filter(Boolean);
      options.forEach(function (option) {
        option.hidden = !words.every(function (word) {
          return option.dataset.folded.indexOf(word) !== -1;
        });
      });
      var shown = visible().length;
      status.textContent = words.length
        ? shown
          ? shown + " kết quả"
          : "Không có kết quả phù hợp"
        : options.length + " mục";
    }

    function choose(option) {
      if (!option) return;
      select.value = option.value;
      if (submits) select.form.requestSubmit();
    }

    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var first = visible()[0];
        if (first) {
          event.preventDefault();
          select.value = first.value;
          select.focus();
        }
      } else if (event.key === "Enter") {
        var left = visible();
        var selected = select.selectedOptions[0];
        event.preventDefault();
        if (left.length === 1) choose(left[0]);
        else if (selected && selected.value && !selected.hidden) choose(selected);
      }
    });
    if (submits) {
      // A choice submits (a click, or a value set by a script); moving through the list with the
      // arrow keys does not, Enter then submits the option reached.
      var moving = false;
      select.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          choose(select.selectedOptions[0]);
        } else {
          moving = ["ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"].indexOf(event.key) !== -1;
        }
      });
      select.addEventListener("change", function () {
        if (moving) {
          moving = false;
          return;
        }
        if (select.value) select.form.requestSubmit();
      });
    }
    filter();
  }

  function enhanceAll() {
    document.querySelectorAll("select[data-searchable]").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhanceAll);
  else enhanceAll();
})();
