package store

import (
	"encoding/json"
	"testing"
)

func TestContentHash(t *testing.T) {
	a := []Entry{{AreaID: "a", Category: "udsat", Explanation: json.RawMessage(`{"x":1}`)}, {AreaID: "b", Category: "none"}}
	h := ContentHash(2024, "2021-11-30", a)
	if len(h) != 64 {
		t.Fatalf("hash %q", h)
	}
	if ContentHash(2024, "2021-11-30", []Entry{a[1], a[0]}) != h {
		t.Error("the hash must not depend on the order of the entries")
	}
	changed := []func([]Entry) (int, string, []Entry){
		func(e []Entry) (int, string, []Entry) { return 2023, "2021-11-30", e },
		func(e []Entry) (int, string, []Entry) { return 2024, "2018-12-01", e },
		func(e []Entry) (int, string, []Entry) {
			e[0].Category = "parallelsamfund"
			return 2024, "2021-11-30", e
		},
		func(e []Entry) (int, string, []Entry) {
			e[0].Explanation = json.RawMessage(`{"x":2}`)
			return 2024, "2021-11-30", e
		},
		func(e []Entry) (int, string, []Entry) { e[1].AreaID = "c"; return 2024, "2021-11-30", e },
		func(e []Entry) (int, string, []Entry) { return 2024, "2021-11-30", e[:1] },
		// moving a byte between fields must change the hash
		func(e []Entry) (int, string, []Entry) {
			e[0].AreaID, e[0].Category = "au", "dsat"
			return 2024, "2021-11-30", e
		},
	}
	for i, f := range changed {
		e := []Entry{a[0], a[1]}
		y, rs, e := f(e)
		if ContentHash(y, rs, e) == h {
			t.Errorf("change %d did not change the hash", i)
		}
	}
}
