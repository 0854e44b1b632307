require(process.env.NODE_DIR + '/node_modules/reflect-metadata');
// Produces AMF0 value sequences (with AMF3 switch 0x11) using @astronautlabs/amf's own encoder.
// Output: JSON {cmd: hex, data: hex} on stdout. The RTMP type-17 format byte 0x00 is NOT added here.
const { AMF0, AMF3 } = require(process.env.NODE_DIR + '/node_modules/@astronautlabs/amf');
const hex = u => Buffer.from(u).toString('hex');
const ser = vals => Buffer.concat(vals.map(v => Buffer.from(v.serialize())));
// Command: "echo", txid 2, null command object, then an AMF3 object argument and an AMF3 string argument
const cmd = ser([
  AMF0.Value.any('echo'),
  AMF0.Value.any(2),
  AMF0.Value.any(null),
  AMF0.Value.amf3({ foo: 123, bar: 'hello' }),
  AMF0.Value.amf3('amf3-string'),
]);
// Data: "@setDataFrame"-less data message: name then AMF3 ECMA-like object
const data = ser([
  AMF0.Value.any('onTextData'),
  AMF0.Value.amf3({ text: 'hi', n: -1, big: 268435456 }),
]);
console.log(JSON.stringify({ cmd: hex(cmd), data: hex(data) }));
