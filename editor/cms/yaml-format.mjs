// The CMS's reader and writer of our YAML files (Decap's registerCustomFormat), so that a file
// saved through the CMS is written as the shipped files are:
// - YAML 1.2's core schema, as the build reads it: 2030-05 and 2030-03-12 stay text (Decap's
//   own reader makes a date of the second and writes it back as 2030-03-12T00:00:00.000Z);
// - no folded lines (Decap's own writer folds every line longer than 80 characters);
// - each value the file had as the file wrote it (quoted, a flow list [a, b], ...); a new
//   multi-line text (a body) as a literal block `|`;
// - the keys of an existing file in the file's order, a new key where the configuration's
//   order puts it (a type's facts, publication, then the language blocks; the body last);
// - no empty values: a field emptied in the form is left out, as if it was never written, and
//   so is a switch turned off that the file did not have.
// - comments and blank lines where the file had them, with the key or value they belong to.
// Used by admin.js in the browser and by tests/tools/test_cms_yaml.py with node.

// The reader and writer of a site's YAML files for the collections of a Decap configuration;
// YAML is the `yaml` package (npm's, version 2).
export function yamlFormat(YAML, collections) {
  const WRITE = { lineWidth: 0, blockQuote: "literal", indentSeq: true, flowCollectionPadding: false };
  const read = []; // the data of the files read, to find the original of a file being saved
  const READ_LIMIT = 20000;

  function fromFile(content) {
    const doc = YAML.parseDocument(content, { schema: "core", uniqueKeys: true });
    const styles = new Map(); // path -> how the file wrote the value there
    walk(doc.contents, "", (node, path) => {
      const { type, flow, value, commentBefore, comment, spaceBefore } = node;
      styles.set(path, { type, flow, value, commentBefore, comment, spaceBefore });
    });
    const ends = blankLinesAfterBlocks(content, doc);
    walk(doc.contents, "", (node, path) => {
      // a key right after a block scalar's blank line: the blank line goes before the key
      if (path.endsWith("#key") && node.range && ends.has(node.range[0])) {
        styles.get(path).spaceBefore = true;
        ends.delete(node.range[0]);
      }
    });
    const trailing = ends.size > 0 ? "\n" : ""; // the file ends in a blank line
    styles.set("#document", { commentBefore: doc.commentBefore, comment: doc.comment, trailing });
    const data = doc.toJS() ?? {};
    if (read.length >= READ_LIMIT) read.shift();
    read.push({ data, styles });
    return data;
  }

  // Where a block scalar (a body) ends in blank lines, which its value does not hold: the
  // offsets where the next thing starts.
  function blankLinesAfterBlocks(content, doc) {
    const ends = new Set();
    YAML.visit(doc, {
      Scalar(_, node) {
        if (!node.range || !String(node.type).startsWith("BLOCK")) return;
        const end = node.range[2];
        // the range ends before the blank line's own line break
        if (/\n[ \t]*\n$/.test(content.slice(node.range[0], end + 1))) ends.add(end + 1);
      },
    });
    return ends;
  }

  // Every node of a document with its path of keys and indexes: '/nl/title', '/themes/0'.
  function walk(node, path, visit) {
    if (YAML.isMap(node)) {
      for (const pair of node.items) {
        const where = `${path}/${pair.key?.value ?? pair.key}`;
        if (YAML.isNode(pair.key)) visit(pair.key, `${where}#key`);
        walk(pair.value, where, visit);
      }
    } else if (YAML.isSeq(node)) {
      node.items.forEach((item, i) => walk(item, `${path}/${i}`, visit));
    }
    if (node) visit(node, path);
  }

  function toFile(data, sortedKeys = []) {
    const fields = fieldsFor(sortedKeys);
    const original = nearest(data);
    const before = original ? original.data : undefined;
    const value = ordered(cleaned(data, before), before, fields);
    const doc = new YAML.Document(value, { schema: "core" });
    walk(doc.contents, "", (node, path) => {
      const was = original ? original.styles.get(path) : undefined;
      if (was) {
        // a comment stays with its key or value; one with a removed key goes with it
        if (was.commentBefore) node.commentBefore = was.commentBefore;
        if (was.comment) node.comment = was.comment;
        if (was.spaceBefore) node.spaceBefore = true;
      }
      if (YAML.isCollection(node)) {
        if (was && was.flow) node.flow = true;
      } else if (typeof node.value === "string") {
        if (was && was.value === node.value && was.type) node.type = was.type;
        else if (node.value.includes("\n")) node.type = "BLOCK_LITERAL";
      }
    });
    const top = original ? original.styles.get("#document") : undefined;
    if (top && top.commentBefore) doc.commentBefore = top.commentBefore;
    if (top && top.comment) doc.comment = top.comment;
    return doc.toString(WRITE) + (top && top.trailing ? top.trailing : "");
  }

  function fieldsFor(sortedKeys) {
    const wanted = sortedKeys.join("\n");
    const found = collections.find((c) => c.fields.map((f) => f.name).join("\n") === wanted);
    return found ? found.fields : [];
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function isEmpty(value) {
    if (value === undefined || value === null || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    return isObject(value) && Object.keys(value).length === 0;
  }

  // Leave out what the form holds empty; a switch turned off only where the file had it.
  function cleaned(value, original) {
    if (Array.isArray(value)) {
      return value
        .map((item, i) => cleaned(item, Array.isArray(original) ? original[i] : undefined))
        .filter((item) => !isEmpty(item));
    }
    if (!isObject(value)) return value;
    const result = {};
    for (const [key, item] of Object.entries(value)) {
      const before = isObject(original) ? original[key] : undefined;
      const kept = cleaned(item, before);
      if (isEmpty(kept) && !(before !== undefined && isEmpty(before))) continue;
      if (kept === false && before === undefined) continue;
      result[key] = kept;
    }
    return result;
  }

  // The keys of the original in its order; a key it did not have after the nearest key that
  // comes before it in the configuration's order.
  function ordered(value, original, fields) {
    if (Array.isArray(value)) {
      return value.map((item, i) => ordered(item, Array.isArray(original) ? original[i] : undefined, fields));
    }
    if (!isObject(value)) return value;
    const names = fields.map((f) => f.name);
    const keys = isObject(original) ? Object.keys(original).filter((k) => k in value) : [];
    const rank = (key) => (names.includes(key) ? names.indexOf(key) : names.length);
    for (const key of Object.keys(value).sort((a, b) => rank(a) - rank(b))) {
      if (keys.includes(key)) continue;
      const after = keys.filter((k) => rank(k) < rank(key)).map((k) => keys.indexOf(k));
      keys.splice(after.length ? Math.max(...after) + 1 : 0, 0, key);
    }
    const result = {};
    for (const key of keys) {
      const field = fields.find((f) => f.name === key);
      const inner = field && field.fields ? field.fields : [];
      result[key] = ordered(value[key], isObject(original) ? original[key] : undefined, inner);
    }
    return result;
  }

  function leaves(value, path = "", into = new Map()) {
    if (Array.isArray(value) || isObject(value)) {
      for (const [key, item] of Object.entries(value)) leaves(item, `${path}/${key}`, into);
    } else {
      into.set(path, JSON.stringify(value));
    }
    return into;
  }

  // The file read whose values are most like those being saved (more than half the same): the
  // one opened in the editor. A new item has none.
  function nearest(data) {
    const mine = leaves(data);
    let best = null;
    let bestScore = 0.5;
    for (const candidate of read) {
      const theirs = leaves(candidate.data);
      let same = 0;
      for (const [path, value] of theirs) if (mine.get(path) === value) same += 1;
      const score = same / Math.max(mine.size, theirs.size, 1);
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }

  return { fromFile, toFile };
}
