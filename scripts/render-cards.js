// Renders Adaptive Card JSON files as a Teams user would see them, with the official `adaptivecards`
// renderer (3.0.6) in headless Chromium (Debian's, through playwright-core: no browser download),
// and checks each rendering: nothing wider than the card, no text cut by an ellipsis, every image loaded.
//
// Usage: node scripts/render-cards.js --out <dir> [--widths 450,360] <file-or-dir>...
// Writes <out>/<name>-<width>.png and prints one JSON line per card and width:
//   {"file","width","ok","problems":[...],"height","images":[{"natural","displayed"}]}
// Exits 1 when a rendering has a problem, 2 (after one line {"skipped": reason}) when no Chromium is found.
//
// The host config imitates Teams' light theme (sans-serif 14 px body text, 16 px card padding, Teams
// colours). Teams' own font (Segoe UI) cannot be shipped: the card text uses Liberation Sans, shipped
// with the bot for its charts (src/SecuriteQuotidien.Bot/Status/Fonts, SIL OFL 1.1), loaded from the
// repository so that renders are identical on any machine. Liberation Sans has Arial's metrics, a little
// narrower than Segoe UI: a line that just fits here may wrap in Teams, which the layout tolerates.
'use strict';
const fs = require('fs');
const path = require('path');

const repo = path.resolve(__dirname, '..');
const DEFAULT_WIDTHS = [450, 360];
const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function parseArgs(argv) {
  const args = { out: null, widths: DEFAULT_WIDTHS, inputs: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') args.out = argv[++i];
    else if (argv[i] === '--widths') args.widths = argv[++i].split(',').map(Number);
    else args.inputs.push(argv[i]);
  }
  if (!args.out || args.inputs.length === 0 || args.widths.some((w) => !(w > 0))) {
    console.error('Usage: node scripts/render-cards.js --out <dir> [--widths 450,360] <file-or-dir>...');
    process.exit(64);
  }
  return args;
}

function collect(target) {
  if (!fs.statSync(target).isDirectory()) return [target];
  return fs.readdirSync(target).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(target, f));
}

const TEXT = '#242424';
const SUBTLE = '#616161';

const foregroundColors = {
  default: { default: TEXT, subtle: SUBTLE },
  dark: { default: '#252423', subtle: '#484644' },
  light: { default: '#FFFFFF', subtle: '#E1DFDD' },
  accent: { default: '#5B5FC7', subtle: '#7579EB' },
  good: { default: '#237B4B', subtle: '#2E9E5E' },
  warning: { default: '#835C00', subtle: '#A87800' },
  attention: { default: '#C4314B', subtle: '#D4566B' },
};

// Teams-like host config (light theme). Sizes in CSS pixels.
const hostConfig = {
  supportsInteractivity: true,
  fontFamily: "'SQ Sans', sans-serif",
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  lineHeights: { small: 16, default: 20, medium: 20, large: 24, extraLarge: 32 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: { backgroundColor: '#FFFFFF', foregroundColors },
    emphasis: { backgroundColor: '#F5F5F5', foregroundColors },
    good: { backgroundColor: '#E7F2DA' },
    attention: { backgroundColor: '#FCF4F6' },
    warning: { backgroundColor: '#FBF6D9' },
    accent: { backgroundColor: '#E8EBFA' },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 16, style: 'emphasis' },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
    iconPlacement: 'leftOfTitle',
  },
  factSet: {
    title: { color: 'default', size: 'default', isSubtle: false, weight: 'bolder', wrap: true, maxWidth: 150 },
    value: { color: 'default', size: 'default', isSubtle: false, weight: 'default', wrap: true },
    spacing: 8,
  },
  inputs: {
    label: { requiredInputs: { weight: 'bolder', suffix: ' *', suffixColor: 'attention' }, optionalInputs: { weight: 'bolder' } },
    errorMessage: { color: 'attention' },
  },
};

// Teams-like chrome for what the host config does not style (buttons, inputs, the card's frame).
const css = `
  body { margin: 0; padding: 16px; background: #F5F5F5; }
  .frame { background: #FFFFFF; border: 1px solid #E0E0E0; border-radius: 6px; overflow: hidden; box-sizing: border-box; }
  .ac-adaptiveCard { font-family: 'SQ Sans', sans-serif; color: ${TEXT}; }
  .ac-pushButton { font: 600 14px 'SQ Sans', sans-serif; color: ${TEXT}; background: #FFFFFF; border: 1px solid #D1D1D1;
    border-radius: 4px; min-height: 32px; padding: 5px 12px; cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .ac-pushButton.style-positive, .ac-pushButton.style-emphasis { background: #5B5FC7; color: #FFFFFF; border-color: #5B5FC7; }
  .ac-pushButton.style-destructive { color: #C4314B; }
  .ac-actionSet > div, .ac-actionSet { flex-wrap: wrap; row-gap: 8px; }
  .ac-input { font: 14px 'SQ Sans', sans-serif; color: ${TEXT}; }
  .ac-input.ac-textInput, .ac-input.ac-dateInput, .ac-input.ac-numberInput, .ac-input.ac-timeInput, select.ac-input {
    background: #FFFFFF; border: 1px solid #D1D1D1; border-bottom-color: #616161; border-radius: 4px; min-height: 32px; padding: 4px 8px; box-sizing: border-box; }
  .ac-input.ac-multiline { height: 72px; }
  a { color: #5B5FC7; }
  p { margin: 0; }
`;

function fontFace(file, weight) {
  const data = fs.readFileSync(path.join(repo, 'src/SecuriteQuotidien.Bot/Status/Fonts', file)).toString('base64');
  return `@font-face { font-family: 'SQ Sans'; font-weight: ${weight}; src: url(data:font/ttf;base64,${data}) format('truetype'); }`;
}

function page() {
  const script = (p) => fs.readFileSync(path.join(repo, 'node_modules', p), 'utf8');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8">
    <style>${fontFace('LiberationSans-Regular.ttf', 400)}${fontFace('LiberationSans-Bold.ttf', '600 700')}${css}</style>
    <script>${script('markdown-it/dist/markdown-it.min.js')}</script>
    <script>${script('adaptivecards/dist/adaptivecards.min.js')}</script>
    </head><body><div id="frame" class="frame"></div></body></html>`;
}

// Runs in the page: renders one card in a frame of the given width and measures it.
async function renderInPage({ json, width, hostConfig }) {
  const AC = window.AdaptiveCards;
  // markdown-it is found on window by the renderer; Teams renders a subset of Markdown, links included.
  const frame = document.getElementById('frame');
  frame.innerHTML = '';
  frame.style.width = width + 'px';
  const problems = [];
  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(hostConfig);
  const context = new AC.SerializationContext(new AC.Version(1, 5));
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) problems.push('parser: ' + context.getEventAt(i).message);
  const element = card.render();
  if (!element) return { problems: ['the renderer produced nothing'], height: 0, images: [] };
  frame.appendChild(element);
  await document.fonts.ready;
  const images = [...frame.querySelectorAll('img')];
  await Promise.all(images.map((img) => (img.complete ? null : new Promise((r) => { img.onload = r; img.onerror = r; }))));
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

  const bounds = frame.getBoundingClientRect();
  const describe = (el) => {
    const text = (el.innerText || el.alt || el.value || '').trim().replace(/\s+/g, ' ');
    return `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''}`
      + (text ? ` « ${text.slice(0, 60)} »` : '');
  };
  const reported = new Set();
  for (const el of frame.querySelectorAll('*')) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    const parentReported = [...reported].some((p) => p.contains(el));
    if (parentReported) continue;
    if (rect.right > bounds.right + 0.5 || rect.left < bounds.left - 0.5) {
      problems.push(`wider than the card (${Math.round(rect.left - bounds.left)}..${Math.round(rect.right - bounds.left)} of ${width} px): ${describe(el)}`);
      reported.add(el);
      continue;
    }
    const style = getComputedStyle(el);
    const clips = style.overflowX === 'hidden' || style.overflow === 'hidden' || style.textOverflow === 'ellipsis';
    if (clips && el.scrollWidth > el.clientWidth + 1 && el.innerText && el.innerText.trim() && el.id !== 'frame') {
      problems.push(`text cut (${el.scrollWidth} px of text in ${el.clientWidth} px): ${describe(el)}`);
      reported.add(el);
    }
  }
  const measured = images.map((img) => {
    if (!img.naturalWidth) problems.push(`image not loaded: ${describe(img)}`);
    return { natural: img.naturalWidth, displayed: Math.round(img.getBoundingClientRect().width) };
  });
  return { problems, height: Math.ceil(bounds.height), images: measured };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const executablePath = CHROMIUM_CANDIDATES.find((p) => p && fs.existsSync(p));
  if (!executablePath) {
    console.log(JSON.stringify({ skipped: 'No Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH).' }));
    process.exit(2);
  }
  const { chromium } = require('playwright-core');
  fs.mkdirSync(args.out, { recursive: true });
  const files = args.inputs.flatMap(collect);
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--font-render-hinting=none'] });
  let failed = 0;
  try {
    const context = await browser.newContext({ viewport: { width: Math.max(...args.widths) + 32, height: 800 }, deviceScaleFactor: 1 });
    const tab = await context.newPage();
    await tab.setContent(page(), { waitUntil: 'load' });
    for (const file of files) {
      const name = path.basename(file, '.json');
      let json;
      try {
        json = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (e) {
        failed++;
        console.log(JSON.stringify({ file: path.basename(file), width: 0, ok: false, problems: [`unreadable: ${e.message}`], height: 0, images: [] }));
        continue;
      }
      for (const width of args.widths) {
        let result;
        try {
          result = await tab.evaluate(renderInPage, { json, width, hostConfig });
          await tab.locator('#frame').screenshot({ path: path.join(args.out, `${name}-${width}.png`) });
        } catch (e) {
          result = { problems: [`rendering failed: ${e.message}`], height: 0, images: [] };
        }
        const ok = result.problems.length === 0;
        if (!ok) failed++;
        console.log(JSON.stringify({ file: path.basename(file), width, ok, ...result }));
      }
    }
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(70);
});
