/**
 * Prometheus' text exposition format (version 0.0.4), the parts kube-state-metrics writes: HELP and
 * TYPE lines, and `name{label="value",…} value` samples with label values escaped.
 */
import type { Labels, MetricFamily } from './metric-family';

export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const needsEscape = /[\\"\n]/;

/** A label value as it goes between quotes: backslash, double quote and newline escaped. */
export function escapeLabelValue(value: string): string {
  return needsEscape.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
    : value;
}

/** HELP text escapes only backslash and newline. */
function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** `k1="v1",k2="v2"`, escaped, in the order given. */
export function renderLabels(labels: Labels): string {
  let out = '';
  for (const name in labels) {
    out += `${out ? ',' : ''}${name}="${escapeLabelValue(labels[name])}"`;
  }
  return out;
}

export function familyHeader(family: Pick<MetricFamily<unknown>, 'name' | 'help' | 'type'>): string {
  return `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
}

/**
 * Renders one family over many objects: the header, then every object's samples, each line made
 * of the object's own labels (rendered once per object by the caller) and the sample's labels.
 * The text comes back as UTF-8 buffers of about 64 KiB: kept as strings until the response is
 * written, 250,000 short lines would all survive into the old generation and make the scrape
 * mostly garbage collection (measured: 2.5 times slower at 10,000 pods).
 */
export function renderFamily<T>(
  family: MetricFamily<T>,
  objects: readonly T[],
  ownLabels: readonly string[],
): Buffer[] {
  const out = new BufferWriter();
  out.write(familyHeader(family));
  let head = '';
  let comma = '';
  const emit = (value: number, labels?: Labels) => {
    const extra = labels ? renderLabels(labels) : '';
    out.write(`${head}${extra && comma}${extra}} ${formatValue(value)}\n`);
  };
  for (let i = 0; i < objects.length; i++) {
    head = `${family.name}{${ownLabels[i]}`;
    comma = ownLabels[i] ? ',' : '';
    family.samples(objects[i], emit);
  }
  return out.done();
}

/**
 * Collects text in strings of about 64 KiB, each turned into bytes once full: the many short
 * lines die young, and what lives until the response is sent is a few large buffers.
 */
class BufferWriter {
  private readonly chunks: Buffer[] = [];
  private pending = '';

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= 64 * 1024) this.flush();
  }

  done(): Buffer[] {
    this.flush();
    return this.chunks;
  }

  private flush(): void {
    if (this.pending) this.chunks.push(Buffer.from(this.pending, 'utf8'));
    this.pending = '';
  }
}
