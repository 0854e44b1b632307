// Writes an Enhanced RTMP FLV with libmedia's FLV tag writers
// (@libmedia/avformat, formats/flv/oflv.js): HEVC video and Opus audio,
// with ModEx nanosecond timestamp offsets and OneTrack multitrack headers
// as libmedia emits them, timestamps in a 90 kHz time base.
import * as oflv from './node_modules/@libmedia/avformat/dist/esm/formats/flv/oflv.js'
import { Allocator, CTypeEnumWrite } from '@libmedia/cheap/internal'
import IOWriter from './node_modules/@libmedia/common/dist/esm/io/IOWriterSync.js'
import { writeFileSync } from 'node:fs'

const out = []
const w = new IOWriter(1 << 16, true)
w.onFlush = (buf) => { out.push(Buffer.from(buf)); return 0 }

// A 90 kHz time base in cheap's heap, where avRescaleQ2 reads it.
const tb = Allocator.malloc(8)
CTypeEnumWrite[15](tb, 1)
CTypeEnumWrite[15](tb + 4, 90000)

const HEVC = 173, OPUS = 86076 // AVCodecID values libmedia maps to hvc1 and Opus
const video = { codecpar: { codecId: HEVC }, privData: { trackId: 1 } }
const audio = { codecpar: { codecId: OPUS, chLayout: { nbChannels: 2 }, sampleRate: 48000 }, privData: { trackId: 2 } }

// FLV header and the first previous tag size.
w.writeBuffer(new Uint8Array([0x46, 0x4c, 0x56, 1, 5, 0, 0, 0, 9, 0, 0, 0, 0]))
for (const [multi, nano] of [[false, false], [false, true], [true, false], [true, true]]) {
  const ctx = { enableNanoTimestamp: nano, multiVideoTracks: multi }
  for (let i = 0; i < 3; i++) {
    // 90 kHz ticks that are not whole milliseconds: 1001 ticks = 11.122... ms.
    const ticks = BigInt(1001 * (i + 1))
    const ms = ticks * 1000n / 90000n
    const type = i === 0 ? 0 : 1 // sequence start, then coded frames
    oflv.writeTag(w, 9, ms, (io) => oflv.writeVideoHeader(io, video, ctx, true, type, i === 1 ? 1 : 0, ticks, tb, 40 * i), new Uint8Array([0, 0, 0, 2, 0x26, i]))
    oflv.writeTag(w, 8, ms, (io) => oflv.writeAudioHeader(io, audio, ctx, true, type, ticks, tb), new Uint8Array([0xfc, i]))
  }
}
w.flush()
writeFileSync(process.argv[2], Buffer.concat(out))
