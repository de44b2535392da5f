/**
 * A chart as PNG: its SVG serialized, loaded as a data: image (the CSP allows img-src data:), drawn on
 * a canvas over the page's background colour, and encoded. Colours come from SVG attributes, so the
 * picture matches the screen without the page's stylesheet.
 */

/** PNG of the first SVG inside `container`, at `scale` × its on-screen size. */
export async function chartToPng(container: HTMLElement, scale = 2): Promise<Blob> {
  const svg = container.querySelector('svg');
  if (svg === null) throw new Error('This chart has nothing drawn yet.');
  const { width, height } = svg.getBoundingClientRect();
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  const text = new XMLSerializer().serializeToString(copy);
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const image = new Image();
  image.src = `data:image/svg+xml;base64,${btoa(binary)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('This window cannot draw on a canvas.');
  context.fillStyle = getComputedStyle(container).backgroundColor || '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed.'))), 'image/png'));
}
