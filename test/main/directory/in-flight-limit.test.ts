import { describe, expect, it } from 'vitest';
import { InFlightLimit } from '../../../main/directory/in-flight-limit';

/** Tasks the test finishes by hand, recording when each started. */
function manualTasks(limit: InFlightLimit, count: number) {
  const started: number[] = [];
  const finishers = new Map<number, () => void>();
  let running = 0;
  let most = 0;
  const done = Array.from({ length: count }, (_, index) =>
    limit.run(
      () =>
        new Promise<number>((resolve) => {
          started.push(index);
          running += 1;
          most = Math.max(most, running);
          finishers.set(index, () => {
            running -= 1;
            resolve(index);
          });
        }),
    ),
  );
  const finish = async (...indexes: number[]) => {
    for (const index of indexes) finishers.get(index)?.();
    // Let the released tasks start (a few microtask turns).
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { started, finish, done, most: () => most };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('InFlightLimit', () => {
  it('runs at most max tasks, the next one as soon as one ends (batch 1), in order', async () => {
    const tasks = manualTasks(new InFlightLimit(3), 6);
    await settle();
    expect(tasks.started).toEqual([0, 1, 2]);
    await tasks.finish(1);
    expect(tasks.started).toEqual([0, 1, 2, 3]);
    await tasks.finish(0, 2, 3);
    expect(tasks.started).toEqual([0, 1, 2, 3, 4, 5]);
    await tasks.finish(4, 5);
    expect(await Promise.all(tasks.done)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(tasks.most()).toBe(3);
  });

  it('with a batch, lets the waiting tasks in together once that many slots are free, never above max', async () => {
    const tasks = manualTasks(new InFlightLimit(4, 2), 9);
    await settle();
    expect(tasks.started).toEqual([0, 1, 2, 3]);
    await tasks.finish(0);
    expect(tasks.started).toHaveLength(4);
    await tasks.finish(1);
    expect(tasks.started).toEqual([0, 1, 2, 3, 4, 5]);
    await tasks.finish(2, 3, 4);
    expect(tasks.started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(tasks.most()).toBe(4);
    // Fewer waiting than a batch: they go as soon as there is room for all of them (no task is left waiting).
    await tasks.finish(5, 6, 7, 8);
    expect(await Promise.all(tasks.done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('takes a batch larger than the limit as the limit, so waiting tasks are never stranded', async () => {
    const tasks = manualTasks(new InFlightLimit(2, 5), 6);
    await settle();
    expect(tasks.started).toEqual([0, 1]);
    await tasks.finish(0, 1);
    expect(tasks.started).toEqual([0, 1, 2, 3]);
    await tasks.finish(2, 3);
    expect(tasks.started).toEqual([0, 1, 2, 3, 4, 5]);
    await tasks.finish(4, 5);
    expect(await Promise.all(tasks.done)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(tasks.most()).toBe(2);
  });

  it('keeps a task that arrives while others wait behind them, and frees its slot when it fails', async () => {
    const limit = new InFlightLimit(2, 2);
    const tasks = manualTasks(limit, 4);
    await settle();
    await tasks.finish(0);
    // A slot is free, but tasks 2 and 3 wait for a second one: a newcomer queues behind them.
    const order: string[] = [];
    const late = limit.run(async () => {
      order.push('late');
      throw new Error('refused');
    });
    await settle();
    expect(tasks.started).toEqual([0, 1]);
    await tasks.finish(1);
    expect(tasks.started).toEqual([0, 1, 2, 3]);
    expect(order).toEqual([]);
    await tasks.finish(2);
    await expect(late).rejects.toThrow('refused');
    expect(order).toEqual(['late']);
    await tasks.finish(3);
    expect(await Promise.all(tasks.done)).toEqual([0, 1, 2, 3]);
    // Every slot is free again: a new task starts at once.
    let ran = false;
    await limit.run(async () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });
});
