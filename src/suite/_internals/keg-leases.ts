import { KegcheckError } from '../../kegcheck-error.js';
import type { Keg, KegPlugin } from '../../keg/keg.js';

/** What a lease needs of a SuiteTarget: its identity and `open`. */
interface OpenableTarget {
  readonly open?: () => Promise<Keg>;
}

/** One keg × plugin item of a suite run, as planned (from the target's outline when it has `open`). */
export interface LeasedItem {
  readonly target: OpenableTarget;
  readonly keg: Keg;
  readonly plugin: KegPlugin;
}

interface Opened {
  readonly loading: Promise<Keg>;
  /** Items of the target not yet released. */
  users: number;
}

/**
 * The kegs a suite run loads on their turn (SuiteTarget.open): item i's keg
 * is opened when item i starts (and the next `lookAhead` items' are opened
 * meanwhile, so a worker does not wait for a load), shared by the items of
 * one target, and disposed when the last of them is released. At most the
 * items in flight plus `lookAhead` kegs are held at once. Targets without
 * `open` are run as they are.
 */
export class KegLeases {
  readonly #items: readonly LeasedItem[];
  readonly #lookAhead: number;
  readonly #itemsOf = new Map<OpenableTarget, number>();
  readonly #opened = new Map<OpenableTarget, Opened>();

  constructor(items: readonly LeasedItem[], lookAhead: number) {
    this.#items = items;
    this.#lookAhead = lookAhead;
    for (const item of items) if (item.target.open !== undefined) this.#itemsOf.set(item.target, (this.#itemsOf.get(item.target) ?? 0) + 1);
  }

  /** The keg and plugin to run for item `index`; release(index) once its result is out. */
  async acquire(index: number): Promise<{ keg: Keg; plugin: KegPlugin }> {
    const item = this.#items[index] as LeasedItem;
    if (item.target.open === undefined) return item;
    const loading = this.#open(item.target);
    for (let i = index + 1; i <= index + this.#lookAhead && i < this.#items.length; i += 1) {
      const next = this.#items[i] as LeasedItem;
      // A look-ahead load that fails fails again, thrown, when its item starts.
      if (next.target.open !== undefined) this.#open(next.target).catch(() => undefined);
    }
    const keg = await loading;
    // The plan named the outline's plugin; the keg loaded now has it at the same place unless it changed on disk meanwhile.
    const plugin = keg.plugins[item.keg.plugins.indexOf(item.plugin)];
    if (plugin === undefined || plugin.name !== item.plugin.name || plugin.type !== item.plugin.type) {
      throw new KegcheckError('plugin-not-found', `keg '${item.keg.name}' (${item.keg.source}) changed during the run: its plugin '${item.plugin.name}' is gone`, {
        location: { file: item.keg.manifestFile },
      });
    }
    return { keg, plugin };
  }

  /** Item `index` is done: its keg is disposed when no other item of its target still needs it. */
  async release(index: number): Promise<void> {
    const { target } = this.#items[index] as LeasedItem;
    const opened = this.#opened.get(target);
    if (opened === undefined) return;
    opened.users -= 1;
    if (opened.users > 0) return;
    this.#opened.delete(target);
    await (await opened.loading).dispose();
  }

  /** Disposes every keg still held (a run that stopped early); load failures were thrown where they mattered. */
  async close(): Promise<void> {
    const held = [...this.#opened.values()];
    this.#opened.clear();
    for (const opened of held) {
      const keg = await opened.loading.catch(() => undefined);
      await keg?.dispose();
    }
  }

  #open(target: OpenableTarget): Promise<Keg> {
    let opened = this.#opened.get(target);
    if (opened === undefined) {
      opened = { loading: (target.open as () => Promise<Keg>)(), users: this.#itemsOf.get(target) ?? 1 };
      this.#opened.set(target, opened);
    }
    return opened.loading;
  }
}
