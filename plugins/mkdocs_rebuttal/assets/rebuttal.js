/* Citation previews of mkdocs-rebuttal.
 *
 * A citation (`a.rb-cite`) is a link to its bibliography entry. With this script, hovering,
 * focusing or tapping it shows a card beside it: the reference, how well the work backs the
 * statement, the evidence note, links to the DOI / arXiv page and to the entry. The cards are
 * made at build time (`pages/previews.py`) and sit in the page as JSON. Escape closes a card.
 *
 * Listeners are on the document, not on the citations: a page that Material's instant
 * navigation swaps in needs nothing set up again, and its citations find its own cards.
 */
(function () {
  "use strict";

  var OPEN_DELAY = 120; // ms: a pointer passing over a citation opens nothing
  var CLOSE_DELAY = 300; // ms: time to move the pointer from the citation into the card
  var current = null; // {link, card}
  var openTimer = 0;
  var closeTimer = 0;
  var touched = false; // the last pointer to go down was a finger
  var openBefore = null; // the citation whose card was open when that pointer went down
  var dismissed = null; // the citation whose card Escape closed, while it keeps the focus
  var cache = { script: null, data: null };
  var serial = 0;

  function previews() {
    var script = document.querySelector("script.rb-previews");
    if (script !== cache.script) {
      cache.script = script;
      try {
        cache.data = script ? JSON.parse(script.textContent) : null;
      } catch (error) {
        cache.data = null;
      }
    }
    return cache.data;
  }

  function citation(target) {
    return target && target.closest ? target.closest("a.rb-cite") : null;
  }

  /* The pair a citation belongs to: the pair page's own, or on the claims index the pair of
   * its row (the claim's link there carries the pair's id). */
  function cardFor(link) {
    var data = previews();
    if (!data) return null;
    var key = decodeURIComponent((link.getAttribute("href") || "").split("#")[1] || "");
    if (!key) return null;
    var pair = "";
    var row = link.closest("tr");
    var named = row && row.querySelector("a[id]");
    if (named) {
      pair = named.id;
    } else {
      var heading = document.querySelector("article h1[id]");
      pair = heading ? heading.id : "";
    }
    return data.cards[pair + "|" + key] || data.cards["|" + key] || null;
  }

  function place(link, card) {
    var box = link.getBoundingClientRect();
    var margin = 8;
    var width = Math.min(card.offsetWidth, window.innerWidth - 2 * margin);
    var left = Math.min(Math.max(margin, box.left), window.innerWidth - width - margin);
    var below = box.bottom + 6;
    var top = below;
    if (below + card.offsetHeight > window.innerHeight - margin &&
        box.top - card.offsetHeight - 6 > margin) {
      top = box.top - card.offsetHeight - 6; // no room below: above the citation
    }
    card.style.left = left + "px";
    card.style.top = top + "px";
  }

  function open(link) {
    dismissed = null;
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    if (current && current.link === link) return;
    close(false);
    var html = cardFor(link);
    if (!html) return;
    var card = document.createElement("span");
    card.className = "rb-preview";
    card.id = "rb-preview-" + ++serial;
    card.setAttribute("role", "group");
    card.setAttribute("aria-label", previews().label);
    card.innerHTML = html;
    // Right after the citation: the next Tab leads into the card's links.
    link.insertAdjacentElement("afterend", card);
    link.setAttribute("aria-expanded", "true");
    link.setAttribute("aria-controls", card.id);
    current = { link: link, card: card };
    place(link, card);
  }

  function close(giveFocusBack) {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    if (!current) return;
    var link = current.link;
    var card = current.card;
    var inside = card.contains(document.activeElement);
    current = null;
    card.remove();
    link.setAttribute("aria-expanded", "false");
    link.removeAttribute("aria-controls");
    if (giveFocusBack) {
      dismissed = link;
      if (inside) link.focus();
    }
  }

  function within(node) {
    return current && node && (current.link.contains(node) || current.card.contains(node));
  }

  document.addEventListener("pointerdown", function (event) {
    touched = event.pointerType === "touch" || event.pointerType === "pen";
    openBefore = current ? current.link : null;
    if (current && !within(event.target)) close(false);
  });

  document.addEventListener("mouseover", function (event) {
    if (touched) return;
    var link = citation(event.target);
    if (link) {
      clearTimeout(closeTimer);
      clearTimeout(openTimer);
      openTimer = setTimeout(function () {
        open(link);
      }, OPEN_DELAY);
    } else if (within(event.target)) {
      clearTimeout(closeTimer);
    }
  });

  document.addEventListener("mouseout", function (event) {
    if (touched) return;
    if (citation(event.target)) clearTimeout(openTimer);
    if (!current || !within(event.target) || within(event.relatedTarget)) return;
    if (current.card.contains(document.activeElement)) return; // the keyboard is in it
    closeTimer = setTimeout(function () {
      close(false);
    }, CLOSE_DELAY);
  });

  document.addEventListener("focusin", function (event) {
    var link = citation(event.target);
    if (link && link === dismissed) return; // focus given back by Escape: stay closed
    dismissed = null;
    if (link) {
      open(link);
    } else if (current && !within(event.target)) {
      close(false);
    }
  });

  document.addEventListener("focusout", function (event) {
    if (!current || within(event.relatedTarget)) return;
    // Focus left the citation and its card (or the window): the card goes with it, unless
    // the pointer still rests on them.
    if (event.relatedTarget) close(false);
  });

  /* A tap on a citation shows its card; a second tap on it follows the link, as does the
   * card's link to the entry. A mouse click follows the link at once. */
  document.addEventListener("click", function (event) {
    var link = citation(event.target);
    if (!link || !touched || openBefore === link) return;
    // The tap may have focused the citation, which opened its card already.
    if (cardFor(link)) {
      event.preventDefault();
      open(link);
      openBefore = link;
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) {
      close(true);
    }
  });

  function follow() {
    if (current) place(current.link, current.card);
  }
  window.addEventListener("scroll", follow, { passive: true });
  window.addEventListener("resize", follow, { passive: true });

  // Material's instant navigation swaps pages without loading them: no card outlives its page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      current = null;
    });
  }
})();
