package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSpecExtension proves that a spec entry is the whole change: in a
// scratch copy of the module it adds a user-control event (a copy of Stream
// Begin under 0x7E, with a layout of its own) and a fixed-layout message
// type (a u32 under the undefined type ID 0x07), generates, and runs a test
// through the public API: Size agrees with Append, Decode then Append is
// byte-exact, the new names print. Nothing hand-written is touched.
func TestSpecExtension(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("this test builds a scratch copy of the module and needs the go command on PATH: %v", err)
	}
	root := t.TempDir()
	for _, dir := range []string{"spec", "codec", "corpus", "internal"} {
		copyTree(t, filepath.Join("..", dir), filepath.Join(root, dir))
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		copyFile(t, filepath.Join("..", f), filepath.Join(root, f))
	}
	editSpec(t, filepath.Join(root, "spec", "message.json"), func(s map[string]any) {
		events := s["enums"].([]any)[0].(map[string]any)
		events["entries"] = append(events["entries"].([]any), map[string]any{
			"value": 0x7E, "name": "Stream Begin Again", "ident": "EventStreamBeginAgain", "layout": "streamBeginAgain",
			"description": "test entry", "source": "TestSpecExtension", "columns": map[string]any{"dataSize": 4},
		})
		s["layouts"] = append(s["layouts"].([]any), map[string]any{
			"ident": "streamBeginAgain", "name": "Stream Begin Again event data", "description": "test layout", "source": "TestSpecExtension",
			"fields":   []any{map[string]any{"ident": "StreamID", "type": "u32", "description": "message stream"}},
			"examples": []any{map[string]any{"comment": "stream 1", "wire": "00000001", "values": map[string]any{"StreamID": 1}}},
		})
	})
	editSpec(t, filepath.Join(root, "spec", "rtmp.json"), func(s map[string]any) {
		s["layouts"] = append(s["layouts"].([]any), map[string]any{
			"ident": "PrivateStamp", "name": "Private stamp", "message_type": "TypeUndefined07", "description": "test layout", "source": "TestSpecExtension",
			"fields":   []any{map[string]any{"ident": "Stamp", "type": "u32", "description": "a stamp"}},
			"examples": []any{map[string]any{"comment": "stamp", "wire": "01020304", "values": map[string]any{"Stamp": 16909060}}},
		})
	})
	if _, err := run(root, false); err != nil {
		t.Fatalf("generating the extended spec: %v", err)
	}
	test := `package message_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

func TestExtended(t *testing.T) {
	if got := message.EventStreamBeginAgain.String(); got != "Stream Begin Again" {
		t.Errorf("String() = %q", got)
	}
	check := func(typ rtmp.MessageType, m message.Message, wire []byte) {
		t.Helper()
		b, err := message.Append(nil, m)
		if err != nil || !bytes.Equal(b, wire) || m.Size() != len(b) {
			t.Fatalf("%T: Append = %x, %v; Size %d; want %x", m, b, err, m.Size(), wire)
		}
		got, err := message.Decode(typ, wire)
		if err != nil {
			t.Fatalf("%T: Decode: %v", m, err)
		}
		back, err := message.Append(nil, got)
		if err != nil || !bytes.Equal(back, wire) || got.Type() != typ {
			t.Fatalf("%T: decode -> encode = %x, %v, type %v; want %x", got, back, err, got.Type(), wire)
		}
		if _, err := message.Decode(typ, wire[:len(wire)-1]); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%T: a payload one byte short gives %v", m, err)
		}
	}
	uc := &message.UserControl{Event: message.EventStreamBeginAgain, StreamID: 0x01020304}
	check(rtmp.TypeUserControl, uc, []byte{0x00, 0x7e, 1, 2, 3, 4})
	m, _ := message.Decode(rtmp.TypeUserControl, []byte{0x00, 0x7e, 1, 2, 3, 4})
	if got := m.(*message.UserControl); got.StreamID != 0x01020304 || got.Data != nil {
		t.Errorf("decoded %+v: the new event's data must land in StreamID", got)
	}
	check(rtmp.TypeUndefined07, &rtmp.PrivateStamp{Stamp: 0x01020304}, []byte{1, 2, 3, 4})
}
`
	if err := os.WriteFile(filepath.Join(root, "codec", "message", "extended_test.go"), []byte(test), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goTool, "test", "-count=1", "-run", "^(TestExtended|TestLayout.*)$", "./codec/message", "./codec/rtmp")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test in the extended copy: %v\n%s", err, out)
	}
}

func editSpec(t *testing.T, path string, edit func(map[string]any)) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	edit(s)
	if raw, err = json.MarshalIndent(s, "", "  "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	if _, err := os.Stat(from); os.IsNotExist(err) {
		return
	}
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		copyFile(t, path, filepath.Join(to, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	raw, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}
