package main

// The tables below are pasted exactly as the early documents in
// ../shared/seeds print them (tabs, "×" signs and typos included), and the
// tests check the generated constants against them. Where a document is
// wrong, the row is kept and the disagreement is stated in a verdict table
// instead of being skipped, so a reader sees both versions side by side.

const (
	doc001 = "001_3ac56dfdf858cf9e.txt"
	doc002 = "002_fa7ff7e607898bda.txt"
	doc003 = "003_5b108667eba9faf1.txt"
)

// 003_5b108667eba9faf1.txt, "RTMP Datatypes".
const doc003MessageTypes = `0×01	Chunk Size	changes the chunk size for packets
0×02	Unknown	anyone know this one?
0×03	Bytes Read	send every x bytes read by both sides
0×04	Ping	ping is a stream control message, has subtypes
0×05	Server BW	the servers downstream bw
0×06	Client BW	the clients upstream bw
0×07	Unknown	anyone know this one?
0×08	Audio Data	packet containing audio
0×09	Video Data	packet containing video data
0x0A - 0xE	Unknown	anyone know?
0x0F	Flex Stream	Stream with variable length
0×10	Flex Shared Object	Shared object with variable length

0×11	Flex Message	Shared message with variable length
0×12	Notify	an invoke which does not expect a reply
0×13	Shared Object	has subtypes
0×14	Invoke	like remoting call, used for stream actions too.`

// 002_fa7ff7e607898bda.txt, the comments after the 0x14 byte of the connect listing.
const doc002TypeComments = `            //0x01	Chunk Size	changes the chunk size for packets
            //0x02	Unknown	
            //0x03	Bytes Read	send every x bytes read by both sides
            //0x04	Ping	ping is a stream control message, has subtypes
            //0x05	Server BW	the servers downstream bw
            //0x06	Client BW	the clients upstream bw 
            //0x07	Unknown	
            //0x08	Audio Data	packet containing audio
            //0x09	Video Data	packet containing video data
            //0x0A-0x0E	Unknown	
            //0x0F	FLEX_STREAM_SEND	TYPE_FLEX_STREAM_SEND
            //0x10	FLEX_SHARED_OBJECT	TYPE_FLEX_SHARED_OBJECT
            //0x11	FLEX_MESSAGE	TYPE_FLEX_MESSAGE
            //0x12	Notify	an invoke which does not expect a reply
            //0x13	Shared Object	has subtypes
            //0x14	Invoke	like remoting call, used for stream actions too.
            //0x16	StreamData	这是FMS3出来后新增的数据类型,这种类型数据中包含AudioData和VideoData`

// 002_fa7ff7e607898bda.txt, the prose comments that follow.
const doc002TypeDescriptions = `            //0x3 This specifies the content type of the RTMP packet is the number of bytes read. This is used to start the RTMP connection.
            //0x4 This specifies the content type of the RTMP message is a ping packet.
            //0x5 This specifies the content type of the RTMP message is server response of some type.
            //0x6 This specifies the content type of the RTMP packet is client request of some type.
            //0x8 This specifies the content type of the RTMP packet is an audio message.
            //0x9 This specifies the content type of the RTMP message is a video packet.
            //0x12 This specifies the content type of the RTMP message is notify.
            //0x13 This specifies the content type of the RTMP message is shared object.
            //0x14 This specifies the content type of the RTMP message is remote procedure call. This invokes the method of a Flash class remotely.`

// 003_5b108667eba9faf1.txt, "Shared Object DataTypes".
const doc003SharedObjectTypes = `0×01	Connect
0×02	Disconnect
0×03	Set Attribute
0×04	Update Data
0×05	Update Attribute
0×06	Send Message
0×07	Status
0×08	Clear Data
0×09	Delete Data
0×0A	Delete Attribute
0×0B	Initial Data`

// 001_3ac56dfdf858cf9e.txt, "SO Body Header".
const doc001BodyTypes = `SO Body Header (might be present multiple times)
- 1 byte: type of body part
- 4: update data
- 5: update attribute
- 7: status (usually returned with error messages)
- 9: delete data
- 11: initial data
- 4 bytes: size of body part`

// 003_5b108667eba9faf1.txt, the header-length table.
const doc003HeaderLengths = `Bits Header Length	
00	12 bytes
01	8 bytes
10	4 bytes
11	1 byte`

// 002_fa7ff7e607898bda.txt, the header-length comment of the connect listing.
const doc002HeaderLengths = `            //00	12 bytes  0?
	    //01	8 bytes   4?
	    //10	4 bytes   8?
	    //11	1 byte    C?`

// 001_3ac56dfdf858cf9e.txt, "Header Breakdown".
const doc001HeaderBreakdown = `Header Breakdown
The header comes in 4 sizes:
- 12 bytes
- 8 bytes
- 4 bytes
- 1 byte
The 2 most significant bits (of this first byte) determine the header size
- 03 ← initial AMF id byte
- 00 00 01 ← unknown bytes. don’t seem to be important
- 00 01 05 ← body size (24 bit)
- 14 ← AMF function call (sort of an AMF type... video == 09, audio == 08, sharedObject == 13)
- 00 00 00 00 ← AMF Caller Source (00 00 00 00 is the flash player itself. each NetStream object will have its own value here)
FCS Files/code`

// 002_fa7ff7e607898bda.txt, the AMF0 marker list.
const doc002Markers = `number-marker = 0x00
boolean-marker = 0x01
string-marker = 0x02
object-marker = 0x03
movieclip-marker = 0x04 ; reserved, not supported
null-marker = 0x05
undefined-marker = 0x06
reference-marker = 0x07
ecma-array-marker = 0x08
object-end-marker = 0x09
strict-array-marker = 0x0A
date-marker = 0x0B
long-string-marker = 0x0C
unsupported-marker = 0x0D
recordset-marker = 0x0E ; reserved, not supported
xml-document-marker = 0x0F
typed-object-marker = 0x10`

// doc003CSIDClaim is 003_5b108667eba9faf1.txt on the basic header.
const doc003CSIDClaim = "The first two bits are the size of the header and the following 6 bits are the object id. This limits a RTMP packets to a maximum of 64 objects in one packet."
