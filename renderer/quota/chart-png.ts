/**
 * A chart as PNG: the chart's own drawing (the SVG recharts renders directly in its wrapper, not the small
 * legend swatches, which are SVGs too) serialized and loaded as a data: image (the CSP allows img-src data:),
 * drawn on a canvas over the card's background with the legend items — swatch and text — where they are on
 * screen, and encoded. Colours come from SVG attributes, so the picture matches the screen without the stylesheet.
 */

/** The chart's drawing surface: the wrapper's own SVG, else the largest one. */
function chartSurface(container: HTMLElement): SVGSVGElement | null {
  const own = container.querySelector<SVGSVGElement>('.recharts-wrapper > svg');
  if (own !== null) return own;
  const area = (svg: SVGSVGElement) => svg.getBoundingClientRect().width * svg.getBoundingClientRect().height;
  return [...container.querySelectorAll<SVGSVGElement>('svg')].sort((a, b) => area(b) - area(a))[0] ?? null;
}

async function svgImage(svg: SVGSVGElement, width: number, height: number): Promise<HTMLImageElement> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  // The page's font, which the stylesheet gave the chart and a standalone SVG would not have.
  const { fontFamily, fontSize } = getComputedStyle(svg);
  copy.setAttribute('font-family', fontFamily);
  copy.setAttribute('font-size', fontSize);
  const bytes = new TextEncoder().encode(new XMLSerializer().serializeToString(copy));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const image = new Image();
  image.src = `data:image/svg+xml;base64,${btoa(binary)}`;
  await image.decode();
  return image;
}

/** PNG of the chart inside `container` (its legend included), at `scale` × its on-screen size. */
export async function chartToPng(container: HTMLElement, scale = 2): Promise<Blob> {
  const surface = chartSurface(container);
  if (surface === null) throw new Error('This chart has nothing drawn yet.');
  const box = container.getBoundingClientRect();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(box.width * scale);
  canvas.height = Math.ceil(box.height * scale);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('This window cannot draw on a canvas.');
  context.fillStyle = getComputedStyle(container).backgroundColor || '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.scale(scale, scale);

  const draw = async (svg: SVGSVGElement) => {
    const rect = svg.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return;
    context.drawImage(await svgImage(svg, rect.width, rect.height), rect.left - box.left, rect.top - box.top, rect.width, rect.height);
  };
  await draw(surface);
  for (const item of container.querySelectorAll<HTMLElement>('.recharts-legend-item')) {
    const swatch = item.querySelector<SVGSVGElement>('svg');
    if (swatch !== null) await draw(swatch);
    const label = item.querySelector<HTMLElement>('.recharts-legend-item-text');
    if (label === null) continue;
    const style = getComputedStyle(label);
    const rect = label.getBoundingClientRect();
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    context.fillStyle = style.color;
    context.textBaseline = 'middle';
    context.fillText(label.textContent ?? '', rect.left - box.left, rect.top - box.top + rect.height / 2);
  }
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed.'))), 'image/png'));
}
