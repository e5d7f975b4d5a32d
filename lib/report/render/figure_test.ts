import assert from "node:assert/strict";
import { renderSvg, svgToPng } from "./figure.ts";

async function png(svg: string): Promise<Uint8Array> {
  return await svgToPng(svg, { scale: 1 });
}

Deno.test("svgToPng() draws text with the shipped font: a label changes the picture", async () => {
  const box = (label: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">` +
    `<text x="4" y="28" font-family="sans-serif" font-size="20">${label}</text></svg>`;
  const blank = await png(box(""));
  const text = await png(box("UAR 84"));
  assert.notDeepEqual(text, blank, "the text was not drawn (no font?)");
  assert.ok(text.length > blank.length + 100, "the drawn text adds too little to the image");
});

Deno.test("svgToPng() rasterises a vega-lite figure at the requested scale", async () => {
  const svg = await renderSvg({
    data: { values: [{ x: "a", y: 1 }, { x: "b", y: 2 }] },
    mark: "bar",
    encoding: { x: { field: "x", type: "nominal" }, y: { field: "y", type: "quantitative" } },
  });
  const [one, three] = [await svgToPng(svg, { scale: 1 }), await svgToPng(svg, { scale: 3 })];
  const width = (p: Uint8Array) => new DataView(p.buffer, p.byteOffset).getUint32(16);
  assert.equal(width(three), 3 * width(one));
});

Deno.test("svgToPng() rejects what is not SVG and a scale that is not positive", async () => {
  await assert.rejects(svgToPng("<html></html>"), TypeError);
  await assert.rejects(svgToPng("<svg/>", { scale: 0 }), RangeError);
});
