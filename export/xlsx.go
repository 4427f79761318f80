package export

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/law"
)

// Sheet names of the Excel format besides the lists'.
const (
	// AboutSheet is the first sheet: the publication's record.
	AboutSheet = "Om listen"
	// AllSheet is the last sheet: every area with its category.
	AllSheet = "Alle områder"
)

// Column headers of the list sheets (Danish, as the lists are published).
var xlsxHeaders = []string{"Område-id", "Områdenavn", "Kommune", "Kategori", "Opfyldte kriterier"}

// Built-in Excel number formats.
const (
	numFmtThousands = 3  // #,##0
	numFmtDecimal2  = 2  // 0.00
	numFmtPercent2  = 10 // 0.00%
)

// SheetName makes a list's name a valid Excel sheet name: the characters
// []:*?/\ become "-", leading and trailing apostrophes go, and the name is
// cut to 31 characters.
func SheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, name)
	name = strings.Trim(name, "' ")
	if utf8.RuneCountInString(name) > 31 {
		name = string([]rune(name)[:31])
	}
	if name == "" {
		name = "Liste"
	}
	return name
}

// xlsxWriter builds the workbook.
type xlsxWriter struct {
	d      *doc
	f      *excelize.File
	bold   int
	styles map[int]int // number format → style
	used   map[string]bool
}

// writeXLSX writes the workbook: "Om listen" (the publication's record,
// the lists with their counts, the input files with their hashes and, for a
// computed list, the criteria), one sheet per list of the rule set named as
// the list was then (in Danish), listing the areas on it, and "Alle
// områder". List sheets have the columns Område-id, Områdenavn, Kommune,
// Kategori (the most specific list's name then) and Opfyldte kriterier and,
// for a computed list, Beboere and each criterion's value: shares as
// numbers in a percentage format, multiples of the national share as
// decimals, empty when unknown.
func (d *doc) writeXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{d: d, f: f, styles: map[int]int{}, used: map[string]bool{}}
	if err := x.build(); err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	return nil
}

func (x *xlsxWriter) build() error {
	d, f := x.d, x.f
	var err error
	if x.bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return err
	}
	at := d.publishedAt()
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:       fmt.Sprintf("Blandede byer %d, revision %d", d.pub.Year, d.pub.Revision),
		Subject:     "Lister over udsatte boligområder, parallelsamfund, omdannelsesområder og forebyggelsesområder",
		Creator:     "blandby",
		Description: fmt.Sprintf("Regelsæt %s; indholdets SHA-256 %s", d.rs.ID, d.pub.ContentSHA256),
		Language:    "da-DK",
		Created:     at,
		Modified:    at,
	}); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", AboutSheet); err != nil {
		return err
	}
	x.used[strings.ToLower(AboutSheet)] = true
	x.used[strings.ToLower(AllSheet)] = true
	if err := x.about(); err != nil {
		return err
	}
	for _, l := range d.rs.Lists {
		var rows []*row
		for i := range d.rows {
			if d.rows[i].isOn(l.Category) {
				rows = append(rows, &d.rows[i])
			}
		}
		if err := x.listSheet(x.unique(SheetName(l.Name.DA)), rows); err != nil {
			return err
		}
	}
	all := make([]*row, len(d.rows))
	for i := range d.rows {
		all[i] = &d.rows[i]
	}
	if err := x.listSheet(AllSheet, all); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return nil
}

// unique returns a sheet name not yet used (names compare without case).
func (x *xlsxWriter) unique(name string) string {
	out := name
	for n := 2; x.used[strings.ToLower(out)]; n++ {
		suffix := fmt.Sprintf(" (%d)", n)
		r := []rune(name)
		if len(r)+utf8.RuneCountInString(suffix) > 31 {
			r = r[:31-utf8.RuneCountInString(suffix)]
		}
		out = string(r) + suffix
	}
	x.used[strings.ToLower(out)] = true
	return out
}

// numStyle returns the style of a built-in number format.
func (x *xlsxWriter) numStyle(numFmt int) (int, error) {
	if s, ok := x.styles[numFmt]; ok {
		return s, nil
	}
	s, err := x.f.NewStyle(&excelize.Style{NumFmt: numFmt})
	if err != nil {
		return 0, err
	}
	x.styles[numFmt] = s
	return s, nil
}

func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// about writes the "Om listen" sheet.
func (x *xlsxWriter) about() error {
	d, f := x.d, x.f
	const sh = AboutSheet
	kind := map[string]string{
		"computed": "beregnet af blandby",
		"imported": "importeret (offentliggjort før blandby; kun kategorierne kendes)",
	}[d.pub.Kind]
	if kind == "" {
		kind = d.pub.Kind
	}
	rows := [][]any{
		{fmt.Sprintf("Blandede byer: listerne %d", d.pub.Year)},
		{},
		{"År", d.pub.Year},
		{"Revision", d.pub.Revision},
		{"Art", kind},
		{"Regelsæt", d.rs.ID + ": " + d.rs.Title.DA},
		{"Offentliggjort (UTC)", d.publishedAt()},
		{"Offentliggjort af", d.pub.PublishedBy},
		{"Begrundelse for rettelsen", d.pub.Reason},
		{"Softwareversion", d.pub.SoftwareVersion},
		{"Indholdets SHA-256", d.pub.ContentSHA256},
	}
	if d.selection != "" {
		rows = append(rows, []any{"Udsnit", d.selection + " (antallene nedenfor er udsnittets; indholdets SHA-256 er hele listens)"})
	}
	rows = append(rows, []any{})
	bold := []int{1}
	keys := len(rows) - 1 // rows 3 to keys hold a key and its value
	rows = append(rows, []any{"Liste", "Antal områder", "Lovhenvisning"})
	bold = append(bold, len(rows))
	for _, l := range d.rs.Lists {
		n := 0
		for i := range d.rows {
			if d.rows[i].isOn(l.Category) {
				n++
			}
		}
		rows = append(rows, []any{l.Name.DA, n, l.LegalRef})
	}
	if len(d.rs.Lists) > 1 {
		rows = append(rows, []any{"Listerne er indlejret (omdannelse ⊆ parallelsamfund ⊆ udsat), så tallene må ikke lægges sammen."})
	}
	rows = append(rows, []any{}, []any{"Inputfil", "Rolle", "SHA-256"})
	bold = append(bold, len(rows))
	for _, in := range d.pub.Inputs {
		rows = append(rows, []any{in.Name, in.Role, in.SHA256})
	}
	if d.computed {
		rows = append(rows, []any{}, []any{"Kriterium", "Betegnelse", "Tærskel", "Lovhenvisning"})
		bold = append(bold, len(rows))
		for _, c := range d.rs.Criteria {
			rows = append(rows, []any{c.ID, c.Label.DA, explain.Threshold(c, blandby.Danish), c.LegalRef})
		}
	}
	for i, r := range rows {
		if len(r) == 0 {
			continue
		}
		if err := f.SetSheetRow(sh, cell(1, i+1), &r); err != nil {
			return err
		}
	}
	for _, r := range bold {
		if err := f.SetCellStyle(sh, cell(1, r), cell(4, r), x.bold); err != nil {
			return err
		}
	}
	for i := 3; i <= keys; i++ {
		if err := f.SetCellStyle(sh, cell(1, i), cell(1, i), x.bold); err != nil {
			return err
		}
	}
	for col, width := range []float64{28, 30, 30, 30} {
		name, _ := excelize.ColumnNumberToName(col + 1)
		if err := f.SetColWidth(sh, name, name, width); err != nil {
			return err
		}
	}
	return nil
}

// criterionFormat returns the number format of a criterion's value.
func criterionFormat(c law.Criterion) int {
	if c.Threshold.Kind == law.NationalMultiple {
		return numFmtDecimal2
	}
	return numFmtPercent2
}

// listSheet writes a sheet of areas.
func (x *xlsxWriter) listSheet(sh string, rows []*row) error {
	d, f := x.d, x.f
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	header := make([]any, 0, len(xlsxHeaders)+1+len(d.rs.Criteria))
	for _, h := range xlsxHeaders {
		header = append(header, h)
	}
	if d.computed {
		header = append(header, "Beboere")
		for _, c := range d.rs.Criteria {
			header = append(header, c.ID+" "+explain.Threshold(c, blandby.Danish))
		}
	}
	if err := f.SetSheetRow(sh, "A1", &header); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", cell(len(header), 1), x.bold); err != nil {
		return err
	}
	for i, r := range rows {
		line := i + 2
		vals := []any{r.entry.AreaID, r.area.Name, r.area.Municipality, x.d.listName(r.entry.Category), strings.Join(r.criteriaMet(), ", ")}
		if err := f.SetSheetRow(sh, cell(1, line), &vals); err != nil {
			return err
		}
		if !d.computed {
			continue
		}
		col := len(xlsxHeaders) + 1
		for k, v := range d.values(r) {
			if v == nil {
				continue
			}
			numFmt := numFmtThousands
			if k > 0 {
				numFmt = criterionFormat(d.rs.Criteria[k-1])
			}
			if err := x.number(sh, col+k, line, *v, numFmt); err != nil {
				return err
			}
		}
	}
	widths := []float64{14, 28, 18, 24, 22, 10}
	for col := 1; col <= len(header); col++ {
		wd := 16.0
		if col <= len(widths) {
			wd = widths[col-1]
		}
		name, _ := excelize.ColumnNumberToName(col)
		if err := f.SetColWidth(sh, name, name, wd); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if len(rows) > 0 {
		if err := f.AutoFilter(sh, "A1:"+cell(len(header), len(rows)+1), nil); err != nil {
			return err
		}
	}
	return nil
}

// number writes a number with a built-in number format. The cell holds
// the number exactly (its shortest decimal that reads back the same, as the
// CSV writes it), not cut to the 15 digits Excel shows.
func (x *xlsxWriter) number(sh string, col, line int, v float64, numFmt int) error {
	c := cell(col, line)
	decimals := 0
	if _, frac, ok := strings.Cut(decimal(v), "."); ok {
		decimals = len(frac)
	}
	if err := x.f.SetCellFloat(sh, c, v, decimals, 64); err != nil {
		return err
	}
	s, err := x.numStyle(numFmt)
	if err != nil {
		return err
	}
	return x.f.SetCellStyle(sh, c, c, s)
}
