// A minimal, real zip writer (stored entries, CRC-32) so tests build the packages they upload.

const table = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function zip(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? Buffer.from(content) : content;
    const nameBuf = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0, 6);
    local.writeUInt16LE(0, 8); local.writeUInt16LE(0, 10); local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26); local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8); central.writeUInt16LE(0, 10); central.writeUInt16LE(0, 12); central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28); central.writeUInt16LE(0, 30); central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34); central.writeUInt16LE(0, 36); central.writeUInt32LE(0, 38); central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  const count = Object.keys(files).length;
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(count, 8); end.writeUInt16LE(count, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A small, real mini-program: a tip splitter with a button that changes the page. */
export function tipSplitter(id: string, version: string, padding = 0): Buffer {
  return zip({
    'manifest.json': JSON.stringify({ id, name: 'Tip Splitter', version, entry: 'index.html', permissions: ['storage'] }),
    'index.html': `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="./style.css"></head>
<body><h1>Tip Splitter</h1><p>Bill: <span data-testid="bill">100</span></p>
<button data-testid="split">Split 4 ways</button><p data-testid="result">?</p><script src="./app.js"></script></body></html>`,
    'app.js': `document.querySelector('[data-testid=split]').addEventListener('click', () => {
  document.querySelector('[data-testid=result]').textContent = 'Each pays 28.75';
});`,
    'style.css': 'body{font-family:sans-serif;padding:1rem} button{padding:.5rem 1rem}',
    // Incompressible padding makes the upload long enough to watch its progress.
    'assets/noise.txt': Buffer.from(Array.from({ length: padding }, (_, i) => (i * 7919 + 13) % 251)),
  });
}
