// An attribute's value in an HTML tag as Trunk writes it: its release minifier drops the quotes.
export const attrPattern = (name) => new RegExp(`\\b${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`);

// The value of `name` in `tag`, or undefined.
export function attrValue(tag, name) {
  const m = tag.match(attrPattern(name));
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}
