// Tiny DOM helpers: the page builds its elements by hand, no framework.

/** `h('td', { class: 'num' }, '3')`: an element with attributes and children (strings or nodes). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
  return element;
}

/**
 * Makes `parent`'s children exactly `children`, in order, moving only what is out of place:
 * elements that stay keep their identity, so a button is not replaced under the pointer.
 */
export function syncChildren(parent, children) {
  const wanted = new Set(children);
  for (const child of [...parent.children]) if (!wanted.has(child)) child.remove();
  children.forEach((child, i) => {
    if (parent.children[i] !== child) parent.insertBefore(child, parent.children[i] ?? null);
  });
}

/** "12:03:04" in the viewer's time zone. */
export function clock(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) : '';
}

/**
 * How long ago `iso` was, as kubectl's AGE column says it (apimachinery's HumanDuration, about
 * two significant figures): `45s`, `3m2s`, `5h`, `2d3h`, `3y45d`.
 */
export function age(iso, now = Date.now()) {
  const t = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(t)) return '<unknown>';
  const ms = now - t;
  const seconds = Math.trunc(ms / 1000);
  const minutes = Math.trunc(ms / 60_000);
  const hours = Math.trunc(ms / 3_600_000);
  const days = Math.trunc(hours / 24);
  const years = Math.trunc(days / 365);
  const two = (whole, unit, rest, restUnit) =>
    rest === 0 ? `${whole}${unit}` : `${whole}${unit}${rest}${restUnit}`;
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  if (minutes < 10) return two(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  if (hours < 8) return two(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return two(days, 'd', hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${days}d`;
  if (hours < 24 * 365 * 8) return two(years, 'y', days % 365, 'd');
  return `${years}y`;
}
