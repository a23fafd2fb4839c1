// dates.js: ISO weeks and "YYYY-MM-DD" days in local time.

// A Date (local) as "YYYY-MM-DD".
export function isoDay(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

// "YYYY-MM-DD" as a local Date at midnight.
export function parseDay(s) {
  const [y, m, d] = s.split('-').map(Number);
  return new Date(y, m - 1, d);
}

export function addDays(d, n) {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
}

// The ISO week of a date: "2026-W48".
export function isoWeek(d) {
  const thu = addDays(d, 3 - ((d.getDay() + 6) % 7));  // Thursday decides the year
  const jan4 = new Date(thu.getFullYear(), 0, 4);
  const week = 1 + Math.round((thu - addDays(jan4, 3 - ((jan4.getDay() + 6) % 7))) / 6048e5);
  return `${thu.getFullYear()}-W${String(week).padStart(2, '0')}`;
}

// The Monday of an ISO week "2026-W48".
export function weekMonday(week) {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return null;
  const jan4 = new Date(+m[1], 0, 4);
  return addDays(jan4, (+m[2] - 1) * 7 - ((jan4.getDay() + 6) % 7));
}

// The week n weeks after (or before, n < 0) week.
export function shiftWeek(week, n) {
  return isoWeek(addDays(weekMonday(week), 7 * n));
}

// The school's today as the server gives it (GET /me), kept as days ahead
// of this device's date so that a page left open past midnight moves on;
// a phone whose clock or time zone is wrong still marks the school's day.
let dayShift = 0;
export function setToday(iso) {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(iso || '');
  dayShift = ok ? Math.round((parseDay(iso) - addDays(new Date(), 0)) / 864e5) : 0;
}

export function today() { return isoDay(addDays(new Date(), dayShift)); }
