package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
)

// jsonHeader is the JSON format without its areas.
type jsonHeader struct {
	Year            int          `json:"year"`
	Revision        int          `json:"revision"`
	Kind            string       `json:"kind"`
	RuleSet         string       `json:"rule_set"`
	RuleSetTitle    blandby.Text `json:"rule_set_title"`
	SoftwareVersion string       `json:"software_version"`
	PublishedAt     string       `json:"published_at"`
	PublishedBy     string       `json:"published_by"`
	Reason          string       `json:"reason"`
	ContentSHA256   string       `json:"content_sha256"`
	// Selection describes the part of the list written (Selection), absent
	// for the whole list.
	Selection string        `json:"selection,omitempty"`
	Inputs    []store.Input `json:"inputs"`
	Lists     []jsonList    `json:"lists"`
}

// jsonList is a list of the rule set with its name then and its count.
type jsonList struct {
	Category blandby.Category `json:"category"`
	Name     blandby.Text     `json:"name"`
	LegalRef string           `json:"legal_ref"`
	Count    int              `json:"count"`
}

// jsonArea is an area of the JSON format without its explanation.
type jsonArea struct {
	AreaID           string                   `json:"area_id"`
	AreaName         string                   `json:"area_name"`
	Municipality     string                   `json:"municipality"`
	MunicipalityCode blandby.MunicipalityCode `json:"municipality_code,omitempty"`
	Category         blandby.Category         `json:"category"`
	Lists            []blandby.Category       `json:"lists"`
}

// writeJSON writes
//
//	{"year", "revision", "kind", "rule_set", "rule_set_title",
//	 "software_version", "published_at", "published_by", "reason",
//	 "content_sha256", "selection", "inputs": [{"role", "name", "sha256"}],
//	 "lists": [{"category", "name": {"da", "en"}, "legal_ref", "count"}],
//	 "areas": [{"area_id", "area_name", "municipality", "municipality_code",
//	            "category", "lists": [...], "explanation"}]}
//
// indented, with one area a line. "lists" of an area are the category codes
// of the lists it is on, most specific first; "explanation" is the stored
// JSON byte for byte (a classify.Result), or null for an imported list.
// "selection" is there only for a part of the list (Selection); content_sha256
// is always the whole list's.
func (d *doc) writeJSON(w io.Writer) error {
	h := jsonHeader{
		Year: d.pub.Year, Revision: d.pub.Revision, Kind: d.pub.Kind, RuleSet: d.rs.ID, RuleSetTitle: d.rs.Title,
		SoftwareVersion: d.pub.SoftwareVersion, PublishedAt: d.publishedAt(), PublishedBy: d.pub.PublishedBy,
		Reason: d.pub.Reason, ContentSHA256: d.pub.ContentSHA256, Selection: d.selection, Inputs: d.pub.Inputs,
	}
	if h.Inputs == nil {
		h.Inputs = []store.Input{}
	}
	h.Lists = []jsonList{}
	for _, l := range d.rs.Lists {
		n := 0
		for i := range d.rows {
			if d.rows[i].isOn(l.Category) {
				n++
			}
		}
		h.Lists = append(h.Lists, jsonList{Category: l.Category, Name: l.Name, LegalRef: l.LegalRef, Count: n})
	}
	head, err := encodeJSON(h, "  ")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	// The header object without its closing brace, then the areas.
	bw.Write(bytes.TrimSuffix(bytes.TrimRight(head, "\n"), []byte("\n}")))
	bw.WriteString(",\n  \"areas\": [")
	for i := range d.rows {
		r := &d.rows[i]
		lists := r.on
		if lists == nil {
			lists = []blandby.Category{}
		}
		a, err := encodeJSON(jsonArea{AreaID: r.entry.AreaID, AreaName: r.area.Name, Municipality: r.area.Municipality,
			MunicipalityCode: r.area.MunicipalityCode, Category: r.entry.Category, Lists: lists}, "")
		if err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		bw.Write(bytes.TrimSuffix(bytes.TrimRight(a, "\n"), []byte("}")))
		bw.WriteString(`,"explanation":`)
		if r.result != nil {
			bw.Write(r.entry.Explanation)
		} else {
			bw.WriteString("null")
		}
		bw.WriteByte('}')
	}
	if len(d.rows) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export json: %w", err)
	}
	return nil
}

// encodeJSON encodes v without HTML escaping, indented by indent when not
// empty.
func encodeJSON(v any, indent string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("export json: %w", err)
	}
	return b.Bytes(), nil
}
