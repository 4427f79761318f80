package web

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sync"
)

// openAPIDocument is the API document served: openapi.json with the
// fragments of openapi/*.json merged in, built once.
var openAPIDocument = sync.OnceValues(func() ([]byte, error) {
	var doc map[string]any
	if err := readJSONFile("openapi.json", &doc); err != nil {
		return nil, err
	}
	names, err := fs.Glob(files, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	for _, name := range names {
		var frag map[string]any
		if err := readJSONFile(name, &frag); err != nil {
			return nil, err
		}
		if err := mergeOpenAPI(doc, frag, name); err != nil {
			return nil, err
		}
	}
	return json.MarshalIndent(doc, "", "  ")
})

func readJSONFile(name string, v any) error {
	b, err := files.ReadFile(name)
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("web: %s: %w", name, err)
	}
	return nil
}

// mergeOpenAPI adds a fragment's paths and component schemas to doc; a
// fragment may hold nothing else, and may not define what doc has.
func mergeOpenAPI(doc, frag map[string]any, name string) error {
	for key, v := range frag {
		switch key {
		case "paths":
			if err := mergeObject(doc, "paths", v, name); err != nil {
				return err
			}
		case "components":
			comps, ok := v.(map[string]any)
			if !ok {
				return fmt.Errorf("web: %s: components is not an object", name)
			}
			for ck, cv := range comps {
				if ck != "schemas" {
					return fmt.Errorf("web: %s: components.%s: a fragment may add only schemas", name, ck)
				}
				docComps, _ := doc["components"].(map[string]any)
				if err := mergeObject(docComps, "schemas", cv, path.Join(name, "components")); err != nil {
					return err
				}
			}
		default:
			return fmt.Errorf("web: %s: unexpected key %q (a fragment holds paths and components.schemas)", name, key)
		}
	}
	return nil
}

// mergeObject adds the members of v (an object) to the object parent[key].
func mergeObject(parent map[string]any, key string, v any, name string) error {
	add, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("web: %s: %s is not an object", name, key)
	}
	into, ok := parent[key].(map[string]any)
	if !ok {
		return fmt.Errorf("web: openapi.json has no object %s", key)
	}
	for k, m := range add {
		if _, dup := into[k]; dup {
			return fmt.Errorf("web: %s: %s %q is defined already", name, key, k)
		}
		into[k] = m
	}
	return nil
}
