/**
 * Axis ticks for sizes at round binary values (0 / 2 / 4 / 6 GiB rather than 0 / 2.8 / 5.6 GiB): a step of
 * a quarter, a half, or 1, 2, 2.5 or 5 times a power of ten of the binary unit of the largest value, so every tick reads cleanly in formatBytes.
 */

const units = [1, 2 ** 10, 2 ** 20, 2 ** 30, 2 ** 40, 2 ** 50];
/** Steps in the unit of the largest value; a quarter or half of it reads as a round smaller unit (256/512 MiB). */
const steps = [0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500];

/** Ticks from 0 to at least `max`, at most `count` of them. */
export function byteTicks(max: number, count = 5): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0];
  const unit = [...units].reverse().find((candidate) => candidate <= max) ?? 1;
  const raw = max / unit / Math.max(count - 1, 1);
  const step = (steps.find((candidate) => candidate >= raw && (unit > 1 || candidate >= 1)) ?? 500) * unit;
  const ticks: number[] = [];
  for (let index = 0; ; index += 1) {
    const tick = index * step;
    ticks.push(tick);
    if (tick >= max) return ticks;
  }
}
