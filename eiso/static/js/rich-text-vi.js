// Vietnamese labels for the editor's dialogs. editor.js reads window.gettext once, when it loads, so
// this classic script must run before the rich-text.js module (modules run after the page is parsed).
(function () {
  "use strict";
  const VI = {
    "Cancel": "Hủy",
    "Update": "Cập nhật",
    "Insert": "Chèn",
    "URL": "Địa chỉ (URL)",
    "Title": "Tiêu đề",
    "Edit Link": "Liên kết",
    "Open in new window": "Mở trong cửa sổ mới",
    "Rows": "Số hàng",
    "Columns": "Số cột",
    "Include header row": "Có hàng tiêu đề",
    "Table Properties": "Chèn bảng",
    "Insert Table": "Chèn bảng",
    "List properties": "Kiểu danh sách",
    "List type": "Kiểu đánh số",
    "Start at": "Bắt đầu từ",
    "Bullets": "Dấu đầu dòng",
    "Decimal numbers": "Số 1, 2, 3",
    "Lowercase letters": "Chữ a, b, c",
    "Uppercase letters": "Chữ A, B, C",
    "Lowercase Roman numerals": "Số La Mã i, ii, iii",
    "Uppercase Roman numerals": "Số La Mã I, II, III",
  };
  if (typeof window.gettext !== "function") {
    window.gettext = (text) => VI[text] || text;
  }
})();
