// What sticks out of the viewport (tests/browser/test_layout.py): the outermost elements whose right
// edge passes it (a child of an overflowing element is not reported again), skipping what a scrolling
// or clipping box (.table-responsive) holds inside its own bounds.
() => {
  const limit = document.documentElement.clientWidth + 1;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + [...el.classList].slice(0, 3).join(".") : "")
    + (el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : "");
  const path = (el) => { const parts = []; for (let n = el; n && n !== document.body && parts.length < 4; n = n.parentElement) parts.unshift(name(n)); return parts.join(" > "); };
  const clippedInside = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if (overflow !== "visible") return p.getBoundingClientRect().right <= limit;
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= limit) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.position === "fixed") continue;
    if (clippedInside(el)) continue;
    const parent = el.parentElement;
    if (parent && parent !== document.body && parent.getBoundingClientRect().right > limit && !clippedInside(parent)) continue;
    found.push(`${path(el)} (right edge ${Math.round(box.right)} px) «${(el.innerText || "").trim().slice(0, 40)}»`);
  }
  if (!found.length && document.documentElement.scrollWidth > limit) {
    // An absolutely positioned element escapes the overflow of a box that is not its containing block.
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.right > limit && getComputedStyle(el).position === "absolute") found.push(`${path(el)} (absolute, right edge ${Math.round(box.right)} px)`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth, found: found.slice(0, 8)};
}
