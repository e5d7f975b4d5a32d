import assert from "node:assert/strict";
import {
  display,
  inJupyter,
  LiveLossPlot,
  mimeBundle,
  notebookProgress,
  VEGA_LITE_MIME,
} from "./display.ts";
import { figureSvg } from "./render/figure.ts";
import { fig2Figure } from "./render/figures.ts";

const FIG = fig2Figure([{ feature: "f", set: "target", lambdaCls: null, mean: 0.5, std: 0.1 }]);

Deno.test("mimeBundle() of a figure carries the vega-lite spec and a PNG fallback, no SVG", async () => {
  const bundle = await mimeBundle(FIG);
  assert.equal(bundle[VEGA_LITE_MIME], FIG.spec);
  assert.ok(String(bundle["image/png"]).startsWith("iVBORw0KGgo"), "no base64 PNG");
  // nbconvert 6.5 and the classic Notebook prefer SVG to PNG and then strip or drop it.
  assert.equal(bundle["image/svg+xml"], undefined);
  assert.ok(String(bundle["text/plain"]).startsWith("Fig. 2"));
});

Deno.test("mimeBundle() of a table is Markdown with an HTML twin", async () => {
  const bundle = await mimeBundle({ caption: "T", headers: ["a", "b"], rows: [["x", "1"]] });
  assert.equal(bundle["text/markdown"], "**T**\n\n| a | b |\n|:---|---:|\n| x | 1 |\n");
  assert.ok(String(bundle["text/html"]).includes("<table>"));
});

Deno.test("display() outside the Jupyter kernel throws a clear error", async () => {
  assert.equal(inJupyter(), false);
  await assert.rejects(display("# hi"), /Deno Jupyter kernel/);
});

Deno.test("LiveLossPlot shows its output once, then updates it in place under one display id", async () => {
  const sent: { type: string; id: unknown; points: number }[] = [];
  const fake = {
    broadcast(type: string, content: Record<string, unknown>) {
      const data = content.data as Record<string, { data: { values: unknown[] } }>;
      const transient = content.transient as { display_id?: string };
      sent.push({
        type,
        id: transient.display_id,
        points: data[VEGA_LITE_MIME].data.values.length,
      });
      return Promise.resolve();
    },
  };
  {
    const plot = new LiveLossPlot({ displayId: "loss", title: "Losses", kernel: fake });
    plot.add([{ epoch: 0, name: "cyc_0", value: 1 }]);
    plot.add([{ epoch: 1, name: "cyc_0", value: 0.5 }]);
    await plot.done();
    assert.deepEqual(sent, [
      { type: "display_data", id: "loss", points: 1 },
      { type: "update_display_data", id: "loss", points: 2 },
    ]);
  }
});

Deno.test("notebookProgress() counts cached stages, lists finished ones, redraws in place", async () => {
  const sent: { type: string; text: string }[] = [];
  const kernel = {
    broadcast(type: string, content: Record<string, unknown>) {
      sent.push({ type, text: String((content.data as Record<string, string>)["text/markdown"]) });
      return Promise.resolve();
    },
  };
  const hooks = notebookProgress("progress", kernel);
  hooks.onStage({ id: "c", title: "Stage C", cached: true }, "start");
  hooks.onStage({ id: "c", title: "Stage C", cached: true }, "end", 0);
  hooks.onStage({ id: "a", title: "Stage A" }, "start");
  hooks.onStage({ id: "a", title: "Stage A" }, "end", 1.25);
  hooks.onStage({ id: "b", title: "Stage B" }, "start");
  await hooks.done();
  assert.equal(sent[0].type, "display_data");
  assert.ok(sent.slice(1).every((s) => s.type === "update_display_data"));
  assert.equal(
    sent.at(-1)!.text,
    "- 1 stage served from the cache\n- Stage A: done in 1.3 s\n- **Stage B**: running",
  );
});

Deno.test("mimeBundle() of a figure carries its SVG drawing as a PNG at twice the size", async () => {
  const bundle = await mimeBundle(FIG);
  const png = Uint8Array.from(atob(String(bundle["image/png"])), (c) => c.charCodeAt(0));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // The IHDR chunk: width and height at bytes 16-23, twice the SVG's size (scale 2).
  const view = new DataView(png.buffer, png.byteOffset);
  const svg = await figureSvg(FIG);
  const [, w, h] = /<svg[^>]* width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg)!;
  assert.equal(view.getUint32(16), Math.round(2 * Number(w)));
  assert.equal(view.getUint32(20), Math.round(2 * Number(h)));
  assert.ok(png.length > 5000, `a PNG of ${png.length} bytes is too small to hold the figure`);
});
