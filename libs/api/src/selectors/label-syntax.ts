/**
 * The syntax of label keys and values (k8s.io/apimachinery/pkg/util/validation: IsQualifiedName,
 * IsValidLabelValue). Each check returns every message that applies, in Kubernetes' words, so
 * selector errors read the same as the real apiserver's. Private to the selectors.
 */
const nameChars = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const nameRe = new RegExp(`^${nameChars}$`);
const labelValueChars = `(${nameChars})?`;
const labelValueRe = new RegExp(`^${labelValueChars}$`);
const dns1123SubdomainChars = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const dns1123SubdomainRe = new RegExp(`^${dns1123SubdomainChars}$`);

const maxNameLength = 63;
const maxPrefixLength = 253;
const maxLabelValueLength = 63;

const nameFormat =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric " +
  `character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${nameChars}')`;

function dns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > maxPrefixLength) errs.push(`must be no more than ${maxPrefixLength} characters`);
  if (!dns1123SubdomainRe.test(value)) {
    errs.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must " +
        `start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${dns1123SubdomainChars}')`,
    );
  }
  return errs;
}

/** Messages for a label key that is not `[prefix/]name`; empty when the key is valid. */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  let name: string;
  const errs: string[] = [];
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...dns1123SubdomainErrors(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${nameFormat} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > maxNameLength)
    errs.push(`name part must be no more than ${maxNameLength} characters`);
  if (!nameRe.test(name)) errs.push(`name part ${nameFormat}`);
  return errs;
}

/** Messages for a label value that is too long or badly formed; the empty value is valid. */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > maxLabelValueLength) errs.push(`must be no more than ${maxLabelValueLength} characters`);
  if (!labelValueRe.test(value)) {
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must " +
        `start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${labelValueChars}')`,
    );
  }
  return errs;
}
