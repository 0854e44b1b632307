// Package hexdump reads bytes written as hex the way engineers paste them,
// and writes bytes back as hex. It imports only the standard library.
//
// # Input styles
//
// [Detect] looks at the first line that is not blank or a comment and picks
// one of two styles for the whole input.
//
// [Plain]: hex digits in any case, with or without whitespace and newlines
// between bytes, an optional 0x or 0X in front of each token, and commas and
// semicolons as separators. A C/Java/Go byte-array literal therefore reads
// as is: // line comments, /* block comments */ and # line comments are
// ignored, so bytes that a document has commented out are not read, and the
// cast "(byte)" is skipped. When the input holds a { outside comments, only
// the text between braces is read, so a declaration around the literal
// (xxd -i's "unsigned char x[] = {...}; unsigned int x_len = 34;", Java's
// "new byte[] {...}", Go's "[]byte{...}") needs no editing; several
// literals are read in order, one after another. Each token
// (a run of hex digits, after its 0x) spells bytes two digits at a time, so
// it must hold an even number of digits: "0x3" is an error rather than a
// guess.
//
// [Dump]: rows that start with an offset column and may end with an ASCII
// column, as printed by Wireshark ("Copy as Hex Dump"), xxd, hexdump -C,
// od -A x -t x1z, tcpdump -X and hand-made dumps in documents. An offset is
// 4 to 16 hex digits, or any hex number followed by a colon (xxd), or 0x
// followed by hex digits and a colon (tcpdump). Rows with a colon after the
// offset may group bytes (xxd's "0300 0000"); other rows must write each byte
// as its own two-digit token. A line holding only "*" means "the previous row
// repeats up to the next offset" (hexdump -C, od), and a line holding only an
// offset marks where the dump ends. Lines whose first non-blank characters are
// # or // are comments (only whole lines: an ASCII column may hold anything);
// blank lines separate dumps, and so does an offset that does not grow
// (documents print many small dumps that all start at 0030). hexdump without
// -C prints 16-bit words in host byte order and is not accepted; use -C.
//
// # How many bytes a dump row holds
//
// The ASCII column can look like hex ("ab", "cafe"), and the documents' dumps
// carry stray characters, so the reader never trusts the ASCII column to tell
// it where the hex ends. It decides the byte count of each row as follows.
//
//  1. An ASCII column between delimiters (|...| for hexdump -C, >...< for
//     od) is cut off first; every token before it must be a byte.
//
//  2. A row that is neither the first of its dump nor followed by "*" holds
//     exactly next-offset - own-offset bytes, where the next offset is that
//     of the following row or of the final offset-only line. Its tokens must
//     be hex up to that count (otherwise: an error naming the token); the
//     rest of the line is its ASCII column and is ignored.
//
//  3. The first row of a dump may start in the middle of a line (a capture
//     whose payload begins at 0038 is printed on the row labelled 0030), so
//     it holds at most next-offset - own-offset bytes. A last row without a
//     final offset line holds at most the dump's row width (the distance
//     between its first two offsets). For these rows the reader takes the
//     hex tokens that fit, and then applies the ASCII rule below.
//
//  4. ASCII rule, for rows of rule 3 only: if, for some k, the text after
//     the k-th byte token is exactly the ASCII rendering of those k bytes
//     (printable ASCII as itself, anything else as '.', spaces at either end
//     ignored), and the layout vouches for it, the row holds those k bytes.
//     The layout vouches when some row of the input shows text after its hex
//     that cannot be hex, or the text starts after a blank of two or more
//     characters wider than any blank between the row's bytes (tools pad
//     short rows), or at the column where the previous row's ASCII column
//     starts, or the tokens after it would not fit the row width. In the
//     last row of a Wireshark dump, "0020   61 62" padded with blanks and
//     then "ab", the "ab" renders bytes 61 62 and stands apart, so the row
//     holds two bytes.
//
//     Otherwise every hex token is a byte and the text after them is a
//     (possibly garbled) ASCII column, as in seed 000's "...(|>..!.". If
//     that text starts with a token made only of hex digits (an odd count,
//     or the wrong width), or is longer than the row width plus one, the row
//     is rejected as ambiguous rather than guessed.
//
// One layout stays ambiguous and is read as hex: rows written like seed
// 000's (no padding, one space everywhere) whose ASCII columns are all
// two-digit hex words in a dump where no row shows anything else. "0030 61
// 62 ab" alone reads as three bytes.
//
// # Output
//
// [AppendHex] writes lowercase hex, 16 bytes per line, bytes separated by
// one space, every line ending in a newline; [Decode] reads it back exactly.
// [AppendDump] writes the layout of hexdump -C (offset, hex in two groups of
// eight, |ASCII|, "*" for repeated rows, final offset line), which [Decode]
// also reads back exactly.
//
// # Errors
//
// Malformed input yields a *[SyntaxError] with the line and column (both
// counted from 1, the column in characters) and the offending text; its Err
// is one of the sentinels below, for errors.Is. Reading is linear in the
// input, never panics, and appends to the caller's slice without allocating
// when it has room. A "*" row can expand a short input; the expansion is
// capped at [MaxRepeat] bytes.
package hexdump
