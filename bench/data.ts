/**
 * Data-layer benchmarks: ARFF parse rate on a generated openSMILE-shaped file (200 MB, or
 * 20 MB when `quick`), peak resident memory while parsing (the streaming claim), and the
 * cached reload time (median of 5 reloads; `speedup` = parse time / that median).
 * @module
 */

import { join } from "node:path";
import { readArff } from "../lib/data/arff_reader.ts";
import { readFeatures } from "../lib/data/feature_file.ts";
import { BUNDLED_FILES, bundledDataDir } from "../lib/data/presets.ts";
import { Rng } from "../lib/random.ts";
import type { Benchmark, BenchRecord } from "./types.ts";

const COLS = 1582;
/** Cached reloads timed; the record reports the median (and the minimum). */
const RELOAD_RUNS = 5;

/**
 * Writes an ARFF file in openSMILE's emobase2010 layout (string name, 1582 numeric features,
 * numeric class, `%e` values) of about `megabytes` MB.
 * @param path where to write it
 * @param megabytes target size
 * @param seed seed of the values
 * @returns the number of bytes and rows written
 */
export async function writeSyntheticArff(
  path: string,
  megabytes: number,
  seed = 1,
): Promise<{ bytes: number; rows: number }> {
  const rng = new Rng(seed);
  // A pool of %e-formatted values (as openSMILE prints them) to draw from: formatting every
  // value would make generation slower than parsing.
  const pool = Array.from({ length: 8192 }, () => {
    const v = rng.normal() * Math.pow(10, rng.int(9) - 4);
    const [m, e] = v.toExponential(6).split("e");
    const exp = Number(e);
    return `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  });
  const enc = new TextEncoder();
  const header = "@relation synthetic\n\n@attribute name string\n" +
    Array.from({ length: COLS }, (_, j) => `@attribute f${j} numeric\n`).join("") +
    "@attribute class numeric\n\n@data\n\n";
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  let bytes = 0;
  let rows = 0;
  try {
    const write = async (b: Uint8Array) => {
      for (let done = 0; done < b.length;) done += await file.write(b.subarray(done));
      bytes += b.length;
    };
    await write(enc.encode(header));
    const target = megabytes * 1e6;
    const cells = new Array<string>(COLS + 2);
    while (bytes < target) {
      cells[0] = `utt${String(rows).padStart(6, "0")}`;
      for (let j = 1; j <= COLS; j++) cells[j] = pool[rng.int(pool.length)];
      cells[COLS + 1] = "0";
      await write(enc.encode(cells.join(",") + "\n"));
      rows++;
    }
  } finally {
    file.close();
  }
  return { bytes, rows };
}

/**
 * Parses a generated ARFF file of `megabytes` MB and reloads it from the cache.
 * @param megabytes size of the generated file
 * @returns the `arff_parse` and `arff_cached_reload` records
 */
export async function arffBenchmark(megabytes: number): Promise<BenchRecord[]> {
  const dir = await Deno.makeTempDir({ prefix: "ser-bench-data-" });
  try {
    const path = join(dir, "synthetic.arff");
    const { bytes, rows } = await writeSyntheticArff(path, megabytes);
    const rssBefore = Deno.memoryUsage().rss;
    let peakRss = rssBefore;
    const t0 = performance.now();
    const table = await readArff(path, {
      onProgress: () => (peakRss = Math.max(peakRss, Deno.memoryUsage().rss)),
    });
    const parseMs = performance.now() - t0;
    peakRss = Math.max(peakRss, Deno.memoryUsage().rss);
    const matrixMb = table.data.byteLength / 1e6;
    const parse: BenchRecord = {
      name: "arff_parse",
      mb: Number((bytes / 1e6).toFixed(1)),
      mb_per_s: Number((bytes / 1e6 / (parseMs / 1000)).toFixed(1)),
      ms: Math.round(parseMs),
      rows,
      cols: COLS,
      matrix_mb: Number(matrixMb.toFixed(1)),
      rss_before_mb: Math.round(rssBefore / 1e6),
      peak_rss_mb: Math.round(peakRss / 1e6),
    };
    const cacheDir = join(dir, "cache");
    await readFeatures(path, { cacheDir }); // parses once more and writes the cache entry
    const times: number[] = [];
    for (let run = 0; run < RELOAD_RUNS; run++) {
      const t1 = performance.now();
      const cached = await readFeatures(path, { cacheDir });
      times.push(performance.now() - t1);
      if (cached.rows !== rows) {
        throw new Error(`Cached reload gave ${cached.rows} rows, expected ${rows}`);
      }
    }
    times.sort((a, b) => a - b);
    const reloadMs = times[Math.floor(RELOAD_RUNS / 2)];
    const reload: BenchRecord = {
      name: "arff_cached_reload",
      ms: Number(reloadMs.toFixed(1)),
      min_ms: Number(times[0].toFixed(1)),
      runs: RELOAD_RUNS,
      speedup: Number((parseMs / reloadMs).toFixed(1)),
      mb: parse.mb,
    };
    return [parse, reload];
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Parse time and cached reload time of each bundled corpus file (gzip ARFF, as shipped).
 * @returns one `bundled_reload` record per file
 */
export async function bundledBenchmark(): Promise<BenchRecord[]> {
  const dir = await Deno.makeTempDir({ prefix: "ser-bench-bundled-" });
  try {
    const records: BenchRecord[] = [];
    for (const file of Object.values(BUNDLED_FILES)) {
      const path = join(bundledDataDir(), file);
      const t0 = performance.now();
      await readFeatures(path, { cacheDir: dir });
      const parseMs = performance.now() - t0;
      const times: number[] = [];
      for (let run = 0; run < RELOAD_RUNS; run++) {
        const t1 = performance.now();
        await readFeatures(path, { cacheDir: dir });
        times.push(performance.now() - t1);
      }
      times.sort((a, b) => a - b);
      const reloadMs = times[Math.floor(RELOAD_RUNS / 2)];
      records.push({
        name: "bundled_reload",
        file,
        parse_ms: Number(parseMs.toFixed(1)),
        ms: Number(reloadMs.toFixed(1)),
        speedup: Number((parseMs / reloadMs).toFixed(1)),
      });
    }
    return records;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * `arff_parse` (MB/s on a generated 200 MB file, 20 MB when quick), `arff_cached_reload`, and
 * `bundled_reload` for the three bundled corpora.
 */
export const benchmarks: Benchmark = async function* ({ quick }) {
  yield* await arffBenchmark(quick ? 20 : 200);
  yield* await bundledBenchmark();
};

if (import.meta.main) {
  const quick = Deno.args.includes("--quick");
  const mb = Number(Deno.args.find((a) => /^\d+$/.test(a)) ?? (quick ? 20 : 200));
  for (const record of await arffBenchmark(mb)) console.log(JSON.stringify(record));
  for (const record of await bundledBenchmark()) console.log(JSON.stringify(record));
}
