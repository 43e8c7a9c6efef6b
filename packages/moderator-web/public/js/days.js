// @ts-check
/** Days as `<input type="date">` holds them (yyyy-mm-dd), which the API reads as midnight UTC. */
import { utcDayFormat } from './dom.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** @param {string | null} value */
export function dayOrEmpty(value) {
  return value !== null && DAY.test(value) ? value : '';
}

/** A day that is not yyyy-mm-dd goes as it is, for the API to name what is wrong with it. @param {string} day */
export function dayAfter(day) {
  const start = Date.parse(`${day}T00:00:00Z`);
  return DAY.test(day) && !Number.isNaN(start) ? new Date(start + DAY_MS).toISOString().slice(0, 10) : day;
}

/** @param {string} day yyyy-mm-dd */
export function formatDay(day) {
  const start = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(start.getTime()) ? day : utcDayFormat.format(start);
}
