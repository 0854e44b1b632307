# Client: Debian python3-librtmp (librtmp1 2.4) does handshake + AMF0 connect itself,
# then sends two raw packets whose bodies come from @astronautlabs/amf (see gen-astro-payloads.js).
import sys, json, time, librtmp
from librtmp.packet import RTMPPacket, PACKET_TYPE_FLEX_MESSAGE, PACKET_TYPE_FLEX_STREAM_SEND, PACKET_SIZE_LARGE
port, payloads = sys.argv[1], json.load(open(sys.argv[2]))
conn = librtmp.RTMP("rtmp://127.0.0.1:%s/app/stream" % port, live=True, timeout=5)
conn.connect()                      # librtmp: C0/C1, C2, then its own type-0x14 'connect'
# type 0x11 (17): format byte 0x00 + AMF0 values (with 0x11 AVM+ switches) from @astronautlabs/amf
cmd = RTMPPacket(type=PACKET_TYPE_FLEX_MESSAGE, format=PACKET_SIZE_LARGE, channel=0x03,
                 body=b"\x00" + bytes.fromhex(payloads["cmd"]))
conn.send_packet(cmd, queue=False)
# type 0x0F (15): format byte 0x00 + AMF0 values (with 0x11 switch), on message stream 1
data = RTMPPacket(type=PACKET_TYPE_FLEX_STREAM_SEND, format=PACKET_SIZE_LARGE, channel=0x04,
                  body=b"\x00" + bytes.fromhex(payloads["data"]))
data.packet.m_nInfoField2 = 1
conn.send_packet(data, queue=False)
time.sleep(0.3)
conn.close()
