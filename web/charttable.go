package web

import (
	"github.com/blandby/blandby"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/msg"
)

// chartTableView is a chart's numbers as a table: the text alternative of
// the chart, for a reader who does not see it (templates/charttable.html).
type chartTableView struct {
	// ID is the table's id, which the chart's canvas names in
	// aria-describedby.
	ID      string
	Summary string
	Caption string
	// Head heads the column of the chart's labels (the years, say);
	// Columns are the chart's datasets.
	Head    string
	Columns []string
	Rows    []chartTableRow
}

// chartTableRow is a label of the chart and each dataset's value at it.
type chartTableRow struct {
	Label string
	Cells []string
}

// chartTable returns the table of a chart: a row per label, a column per dataset, each value in the language's
// numbers ("–" where the dataset has none), with one decimal where it is
// not whole. caption says what the numbers count.
func chartTable(l blandby.Lang, c chartData, id, caption, head string) chartTableView {
	t := chartTableView{ID: id, Summary: msg.T(l, "web.chart.numbers_as_table"), Caption: caption, Head: head}
	for _, ds := range c.Datasets {
		t.Columns = append(t.Columns, ds.Label)
	}
	for i, label := range c.Labels {
		row := chartTableRow{Label: label}
		for _, ds := range c.Datasets {
			cell := "–"
			if i < len(ds.Data) && ds.Data[i] != nil {
				cell = explain.Float(*ds.Data[i], 1, l)
			}
			row.Cells = append(row.Cells, cell)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
