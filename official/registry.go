package official

import (
	"bytes"
	_ "embed"
	"sync"

	"github.com/blandby/blandby/registry"
)

// AreasYAML is the area registry of every area on the published lists
// 2010–2023: stable ids, municipality codes, and every printed name as an
// alias (docs/official.md, "The area registry").
//
//go:embed areas.yaml
var AreasYAML []byte

// AreasFile is the name used for AreasYAML in messages.
const AreasFile = "official/areas.yaml"

var embedded = sync.OnceValues(func() (*registry.Registry, error) {
	return registry.Read(bytes.NewReader(AreasYAML), AreasFile)
})

// Registry returns the bundled area registry. It is shared: callers must
// not change it (Extend returns a new one).
func Registry() (*registry.Registry, error) { return embedded() }
