// String formats for json-schema assertions. Ajv ships none (they live in ajv-formats, which we do
// not depend on) and rejects a schema that names an unknown one, yet schemas for model output
// often say `format: email` or `format: date`. These are the common ones, checked plainly.
import type { Format } from 'ajv';

const dateParts = /^(\d{4})-(\d{2})-(\d{2})$/u;
const timePattern = /^([01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[zZ]|[+-](?:[01]\d|2[0-3]):[0-5]\d)?$/u;
const zoned = /(?:[zZ]|[+-]\d{2}:\d{2})$/u;

function isDate(text: string): boolean {
  const parts = dateParts.exec(text);
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  // Day 0 of the next month is the last day of this one, leap years included.
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export const schemaFormats: Record<string, Format> = {
  date: isDate,
  time: (text: string) => timePattern.test(text),
  'date-time': (text: string) => {
    const [date, time, extra] = text.split(/[tT ]/u);
    return extra === undefined && time !== undefined && isDate(date!) && timePattern.test(time) && zoned.test(time);
  },
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/u,
  uri: (text: string) => /^[a-zA-Z][a-zA-Z\d+.-]*:/u.test(text) && URL.canParse(text),
  uuid: /^(?:urn:uuid:)?[\da-fA-F]{8}-(?:[\da-fA-F]{4}-){3}[\da-fA-F]{12}$/u,
  ipv4: /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/u,
};
