// The rich-text editor (eiso/core/rich_text.py): every <textarea data-rich-text> becomes a Tiptap
// editor from django-prose-editor's build, offering only what the server keeps on save
// (core.rich_text.ALLOWED_TAGS). Imported by relative URL, not through the import map
// django-prose-editor's own widget writes inline, which our Content-Security-Policy forbids.
import {
  Bold,
  BulletList,
  Document,
  Dropcursor,
  Editor,
  Extension,
  Gapcursor,
  HardBreak,
  Heading,
  History,
  Italic,
  Link,
  ListItem,
  Menu,
  OrderedList,
  Paragraph,
  Plugin,
  Table,
  TableCell,
  TableHeader,
  TableRow,
  Text,
  Underline,
} from "../django_prose_editor/editor.js";

// The toolbar's tooltips, which editor.js writes in English.
const TITLES = {
  "bold": "In đậm",
  "italic": "In nghiêng",
  "underline": "Gạch chân",
  "unordered list": "Danh sách dấu đầu dòng",
  "ordered list": "Danh sách đánh số",
  "insert link": "Chèn liên kết",
  "remove link": "Bỏ liên kết",
  "undo": "Hoàn tác",
  "redo": "Làm lại",
  "paragraph": "Đoạn văn",
  "Paragraph": "Đoạn văn",
  "Heading 2": "Đề mục cấp 1",
  "Heading 3": "Đề mục cấp 2",
  "Heading 4": "Đề mục cấp 3",
  "heading 2": "Đề mục cấp 1",
  "heading 3": "Đề mục cấp 2",
  "heading 4": "Đề mục cấp 3",
  "Insert table": "Chèn bảng",
  "Add column": "Thêm cột",
  "Delete column": "Xóa cột",
  "Add row": "Thêm hàng",
  "Delete row": "Xóa hàng",
  "Merge cells": "Gộp ô",
  "Split cell": "Tách ô",
  "Toggle header cell": "Ô tiêu đề",
  "Delete table": "Xóa bảng",
};

// Pasted HTML is read here before the editor's schema sees it, for two reasons. Its style sheets and
// style attributes must go first: parsing them, even in a detached document, breaks the
// Content-Security-Policy (no inline styles); the formatting they carry (a span in bold) becomes
// tags. And Word puts list items in paragraphs styled "mso-list", with the bullet or number as text
// in a span styled "mso-list:Ignore": they become real lists. The schema then drops every class and
// tag it does not know, and the server's sanitiser (core.rich_text) keeps the same list on save.
function cleanPastedHtml(html) {
  const unstyled = html
    .replace(/<style[\s\S]*?<\/style>/gi, "")
    .replace(/<[^>]+>/g, (tag) => tag.replace(/(\s)style(\s*=)/gi, "$1data-style$2"));
  const doc = new DOMParser().parseFromString(unstyled, "text/html");
  wordLists(doc);
  for (const element of [...doc.body.querySelectorAll("[data-style]")]) {
    const style = element.getAttribute("data-style").toLowerCase();
    element.removeAttribute("data-style");
    if (element.tagName === "B" && /font-weight:\s*(normal|[1-4]00)\b/.test(style)) {
      element.replaceWith(...element.childNodes); // Google Docs wraps a whole paste in <b> "normal"
      continue;
    }
    if (element.tagName !== "SPAN") {
      continue;
    }
    if (/font-weight:\s*(bold|[6-9]00)\b/.test(style)) wrapChildren(doc, element, "strong");
    if (/font-style:\s*italic/.test(style)) wrapChildren(doc, element, "em");
    if (/text-decoration[^;]*underline/.test(style)) wrapChildren(doc, element, "u");
  }
  for (const heading of doc.body.querySelectorAll("h1")) {
    replaceTag(doc, heading, "h2");
  }
  for (const heading of doc.body.querySelectorAll("h5, h6")) {
    replaceTag(doc, heading, "h4");
  }
  return doc.body.innerHTML;
}

function wordLists(doc) {
  let list = null;
  for (const paragraph of [...doc.body.querySelectorAll("p")]) {
    const style = paragraph.getAttribute("data-style") || "";
    if (!/mso-list:\s*l\d/i.test(style)) {
      list = null;
      continue;
    }
    let marker = "";
    for (const ignored of paragraph.querySelectorAll("span")) {
      if (/mso-list:\s*Ignore/i.test(ignored.getAttribute("data-style") || "")) {
        marker = ignored.textContent.trim();
        ignored.remove();
      }
    }
    const wanted = /^[0-9a-zA-Z]{1,4}[.)]$/.test(marker) ? "OL" : "UL";
    if (!list || list.tagName !== wanted || list.nextElementSibling !== paragraph) {
      list = doc.createElement(wanted);
      paragraph.before(list);
    }
    const item = doc.createElement("li");
    item.append(...paragraph.childNodes);
    list.append(item);
    paragraph.remove();
  }
}

function wrapChildren(doc, element, tag) {
  const wrapper = doc.createElement(tag);
  wrapper.append(...element.childNodes);
  element.append(wrapper);
}

function replaceTag(doc, element, tag) {
  const replacement = doc.createElement(tag);
  replacement.append(...element.childNodes);
  element.replaceWith(replacement);
}

const PasteFromWord = Extension.create({
  name: "pasteFromWord",
  addProseMirrorPlugins() {
    return [new Plugin({ props: { transformPastedHTML: cleanPastedHtml } })];
  },
});

function translateToolbar(root) {
  for (const button of root.querySelectorAll(".prose-menubar button[title]")) {
    const vietnamese = TITLES[button.title];
    if (vietnamese) {
      button.title = vietnamese;
      button.setAttribute("aria-label", vietnamese);
    }
  }
  for (const option of root.querySelectorAll(".prose-menubar__option > *")) {
    option.textContent = TITLES[option.textContent] || option.textContent;
  }
}

function createEditor(textarea) {
  const disabled = textarea.hasAttribute("disabled");
  // Someone may have started typing in the plain text area while editor.js was loading: the editor
  // starts from what they typed and takes the cursor, so the next keys are not lost.
  const wasFocused = document.activeElement === textarea;
  const wrapper = document.createElement("div");
  wrapper.className = "prose-editor rich-text";
  textarea.before(wrapper);
  wrapper.append(textarea);
  const editor = new Editor({
    element: wrapper,
    editable: !disabled,
    // Tiptap would add its base styles as an inline <style>, which the policy forbids; they are
    // in css/rich-text.css instead.
    injectCSS: false,
    content: textarea.value,
    extensions: [
      Document,
      Paragraph,
      Text,
      HardBreak,
      Bold,
      Italic,
      Underline,
      BulletList,
      OrderedList,
      ListItem,
      Heading.configure({ levels: [2, 3, 4] }),
      Link.configure({ openOnClick: false, enableTarget: false, protocols: ["http", "https", "mailto", "tel"] }),
      Table,
      TableRow,
      TableHeader,
      TableCell,
      History,
      Dropcursor,
      Gapcursor,
      Menu,
      PasteFromWord,
    ],
    editorProps: {
      attributes: {
        "aria-label": textarea.getAttribute("aria-label") || labelOf(textarea),
        "aria-multiline": "true",
        // The help text under the field (what pasting keeps) is read out with the editor.
        ...(textarea.getAttribute("aria-describedby")
          ? { "aria-describedby": textarea.getAttribute("aria-describedby") }
          : {}),
        role: "textbox",
      },
    },
    onUpdate({ editor: current }) {
      const html = current.getHTML();
      textarea.value = html === "<p></p>" ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
  // The toolbar is drawn once the editor is created.
  editor.on("create", () => translateToolbar(wrapper));
  // The label of the hidden text area now names the editor: a click on it puts the cursor there.
  const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`);
  if (label) {
    label.addEventListener("click", (event) => {
      event.preventDefault();
      editor.commands.focus();
    });
  }
  if (wasFocused) {
    editor.commands.focus("end");
  }
  wrapper.dataset.richTextReady = "";
  textarea.dispatchEvent(new CustomEvent("rich-text:ready", { detail: { editor }, bubbles: true }));
  return editor;
}

function labelOf(textarea) {
  const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`);
  return label ? label.textContent.trim() : "";
}

for (const textarea of document.querySelectorAll("textarea[data-rich-text]")) {
  createEditor(textarea);
}
