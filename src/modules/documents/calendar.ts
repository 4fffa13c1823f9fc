// Dates of the documents domain. "Today" is the Riyadh calendar day of the
// injected clock (a document valid "until 2027-01-01" is valid all that day in
// Saudi Arabia). Arithmetic is on ISO dates at UTC midnight, so no DST or
// offset can shift a day.
const riyadhDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Riyadh', year: 'numeric', month: '2-digit', day: '2-digit' });

export function riyadhToday(at: Date): string {
  return riyadhDay.format(at);
}

const DAY_MS = 86_400_000;

function parts(iso: string): [number, number, number] {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return [year, month, day];
}

function utc(iso: string): number {
  const [year, month, day] = parts(iso);
  return Date.UTC(year, month - 1, day);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

/** The same day `months` later; the 31st of a shorter month clamps to its last day. */
export function addMonths(iso: string, months: number): string {
  const [year, month, day] = parts(iso);
  const firstOfTarget = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth() + 1, 0)).getUTCDate();
  firstOfTarget.setUTCDate(Math.min(day, lastDay));
  return firstOfTarget.toISOString().slice(0, 10);
}

export function laterOf(a: string, b: string): string {
  return a >= b ? a : b;
}

// Saudi documents print their dates in the Umm al-Qura calendar, the
// kingdom's official Hijri calendar (Node's full ICU ships it).
const umalquraParts = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
const umalquraArabic = new Intl.DateTimeFormat('ar-SA-u-ca-islamic-umalqura', { timeZone: 'UTC', dateStyle: 'long' });
const umalquraEnglish = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', { timeZone: 'UTC', dateStyle: 'long' });

/** The Umm al-Qura date as `YYYY-MM-DD` (e.g. `1448-06-15`). */
export function toHijri(iso: string): string {
  const found = Object.fromEntries(umalquraParts.formatToParts(new Date(utc(iso))).map((p) => [p.type, p.value]));
  // ICU reports the Hijri year under `year` (and `relatedYear` on some builds).
  return `${found.year ?? found.relatedYear}-${found.month}-${found.day}`;
}

/** The Umm al-Qura date written out, as a document prints it, in both languages. */
export function toHijriText(iso: string): { ar: string; en: string } {
  const at = new Date(utc(iso));
  return { ar: umalquraArabic.format(at), en: umalquraEnglish.format(at) };
}

export function addDays(iso: string, days: number): string {
  return new Date(utc(iso) + days * DAY_MS).toISOString().slice(0, 10);
}
