// Minimal RTMP handshake echo + recorder. Usage: node rec-server.js OUTFILE PORTFILE
// S0=0x03, S1=1536 bytes, S2=copy of C1; afterwards records all client bytes; never replies further.
const net = require('net'), fs = require('fs');
const [out, portFile] = process.argv.slice(2);
const chunks = [];
let sentHs = false, got = 0;
const srv = net.createServer(sock => {
  sock.on('data', d => {
    chunks.push(d); got += d.length;
    fs.writeFileSync(out, Buffer.concat(chunks));
    if (!sentHs && got >= 1 + 1536) {
      sentHs = true;
      const all = Buffer.concat(chunks);
      const s1 = Buffer.alloc(1536); // time=0, zero=0, random part zero-filled except a marker
      for (let i = 8; i < 1536; i++) s1[i] = i & 0xff;
      sock.write(Buffer.concat([Buffer.from([3]), s1, all.subarray(1, 1537)]));
    }
  });
  sock.on('end', () => { fs.writeFileSync(out, Buffer.concat(chunks)); srv.close(); });
  sock.on('close', () => srv.close());
  sock.on('error', () => {});
});
srv.listen(0, '127.0.0.1', () => fs.writeFileSync(portFile, String(srv.address().port)));
