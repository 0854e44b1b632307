package fuzz

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// describedEnum is the method set gen/ writes for every enumerated wire
// field in spec/.
type describedEnum interface {
	Defined() bool
	Known() bool
	String() string
	Name() string
	Description() string
	Source() string
	Aliases() []wire.Alias
}

var describedEnumType = reflect.TypeFor[describedEnum]()

// describeBudget bounds the values checkEnums visits per call, so a large
// decoded tree costs a bounded time.
const describeBudget = 4096

// checkEnums is the property of the generated tables on decoded values:
// every enumerated field reachable from v (through pointers, structs,
// slices, arrays and interfaces, each pointer once) describes itself
// consistently. A value spec/ defines is known and has a name, a
// description and a source, and String gives its name; one it does not define prints as its
// number; one with no entry has no name, description or aliases; every
// alias names its document.
func checkEnums(v any) error {
	seen := map[uintptr]bool{}
	budget := describeBudget
	return walkEnums(reflect.ValueOf(v), seen, &budget)
}

func walkEnums(v reflect.Value, seen map[uintptr]bool, budget *int) error {
	if !v.IsValid() || *budget <= 0 {
		return nil
	}
	*budget--
	if v.Type().Implements(describedEnumType) && v.Kind() != reflect.Interface && v.Kind() != reflect.Pointer {
		return describes(v.Interface().(describedEnum))
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return nil
		}
		seen[v.Pointer()] = true
		return walkEnums(v.Elem(), seen, budget)
	case reflect.Interface:
		return walkEnums(v.Elem(), seen, budget)
	case reflect.Struct:
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue // the codec's own state, reached through accessors
			}
			if err := walkEnums(v.Field(i), seen, budget); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return nil
		}
		for i := range v.Len() {
			if err := walkEnums(v.Index(i), seen, budget); err != nil {
				return err
			}
		}
	}
	return nil
}

func describes(e describedEnum) error {
	name, s := e.Name(), e.String()
	switch {
	case e.Defined() && !e.Known():
		return fmt.Errorf("%T %s: defined but not known", e, s)
	case e.Known() && (name == "" || e.Source() == "" || e.Description() == ""):
		return fmt.Errorf("%T %s: known with name %q, source %q, description %q", e, s, name, e.Source(), e.Description())
	case e.Defined() && s != name:
		return fmt.Errorf("%T: String %q, Name %q", e, s, name)
	case !e.Defined() && !strings.Contains(s, "(0x"):
		return fmt.Errorf("%T: undefined value prints as %q, not its number", e, s)
	case !e.Known() && (name != "" || e.Description() != "" || len(e.Aliases()) != 0):
		return fmt.Errorf("%T %s: no entry, yet name %q, description %q, %d aliases", e, s, name, e.Description(), len(e.Aliases()))
	}
	for _, a := range e.Aliases() {
		if a.Name == "" || a.Source == "" {
			return fmt.Errorf("%T %s: alias %+v", e, s, a)
		}
	}
	return nil
}
