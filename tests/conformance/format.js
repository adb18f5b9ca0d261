// Formats CSL items with citeproc-js, the reference CSL engine (Zotero's), for the
// conformance comparison (benchmarks/conformance.py).
//
//   node format.js STYLE.csl LANG LOCALE.xml [LOCALE.xml ...] < items.json
//
// items.json is a JSON list of CSL-JSON items, in citation order (the order numeric styles
// number them in). LANG is the locale of the list, e.g. en-US or zh-CN. Each LOCALE.xml is a
// CSL locale file; its xml:lang says which language it serves (give every language a style's
// `cs:layout locale` needs). Prints one JSON object:
//
//   {"entries": {"<id>": "<the bibliography entry as citeproc-js's HTML>", ...},
//    "labels": {"<id>": "<the in-text citation of that work alone, plain text>", ...},
//    "order": ["<id>", ...]}   // the bibliography's order
"use strict";

const fs = require("fs");
const CSL = require("citeproc");

function main() {
  const [stylePath, lang, ...localePaths] = process.argv.slice(2);
  if (!stylePath || !lang || localePaths.length === 0) {
    process.stderr.write("usage: node format.js STYLE.csl LANG LOCALE.xml... < items.json\n");
    process.exit(2);
  }
  const style = fs.readFileSync(stylePath, "utf8");
  const locales = {};
  for (const path of localePaths) {
    const xml = fs.readFileSync(path, "utf8");
    const match = /<locale[^>]*xml:lang="([^"]+)"/.exec(xml);
    if (!match) throw new Error(`${path}: no xml:lang on cs:locale`);
    locales[match[1]] = xml;
  }
  const items = JSON.parse(fs.readFileSync(0, "utf8"));
  const byId = new Map(items.map((item) => [String(item.id), item]));

  const sys = {
    retrieveLocale(wanted) {
      if (locales[wanted]) return locales[wanted];
      // "en" asks for the primary dialect; any locale of that language will do.
      const found = Object.keys(locales).find((tag) => tag.split("-")[0] === wanted);
      return found ? locales[found] : false;
    },
    retrieveItem(id) {
      return byId.get(String(id));
    },
  };
  const engine = new CSL.Engine(sys, style, lang, true);
  engine.setOutputFormat("html");
  const ids = items.map((item) => String(item.id));
  engine.updateItems(ids);

  const [params, bodies] = engine.makeBibliography();
  const entries = {};
  const order = [];
  params.entry_ids.forEach((entryIds, n) => {
    const id = String(entryIds[0]);
    entries[id] = bodies[n];
    order.push(id);
  });

  // Each work cited alone, after all are registered: year suffixes and numbers are those of
  // the whole list.
  engine.setOutputFormat("text");
  const labels = {};
  for (const id of ids) {
    labels[id] = engine.makeCitationCluster([{ id }]);
  }
  process.stdout.write(JSON.stringify({ entries, labels, order }));
}

main();
