package driver

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The contract between stallsim and the twin: every scenario.json stallsim writes (testdata/scenario-*.json, which
// stallsim's TwinContractTests writes and checks is current) decodes with no field the twin does not know
// (ReadScenario refuses unknown fields), and carries every field the twin reads. A field added on one side only
// fails here.
func TestStallsimsScenariosDecodeWithEveryField(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "scenario-*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in testdata (%v)", err)
	}
	for _, f := range files {
		s, err := ReadScenario(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if s.Name == "" || s.Variant.Name == "" {
			t.Errorf("%s: decoded without a name or a variant", f)
		}
		data, _ := os.ReadFile(f)
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		for _, missing := range missingFields(reflect.TypeOf(Scenario{}), doc, "") {
			t.Errorf("%s: no field %s, which the twin reads", f, missing)
		}
	}
}

// missingFields lists the json fields of typ that doc lacks, recursing into structs (and the first element of a
// list of structs, when the list has one).
func missingFields(typ reflect.Type, doc map[string]any, path string) []string {
	var missing []string
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if name == "" || name == "-" {
			continue
		}
		value, ok := doc[name]
		if !ok {
			missing = append(missing, path+name)
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case ft.Kind() == reflect.Struct:
			if m, ok := value.(map[string]any); ok {
				missing = append(missing, missingFields(ft, m, path+name+".")...)
			}
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			if list, ok := value.([]any); ok && len(list) > 0 {
				if m, ok := list[0].(map[string]any); ok {
					missing = append(missing, missingFields(ft.Elem(), m, path+name+"[].")...)
				}
			}
		}
	}
	return missing
}

// A field the twin does not know is refused, not ignored, with its name.
func TestAnUnknownFieldIsRefused(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "scenario-everything.json"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "scenario.json")
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), `"name": "contract",`, `"name": "contract", "zz_new": 1,`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadScenario(path); err == nil || !strings.Contains(err.Error(), `unknown field "zz_new"`) {
		t.Fatalf("ReadScenario: %v, want the unknown field named", err)
	}
}
