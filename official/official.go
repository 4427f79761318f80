// Package official holds published facts bundled with blandby: the values of
// the first official list (26 October 2010) for its 29 areas, as the ministry
// published them (source: ../shared/data/official in the project's shared
// material). The file is in the published layout that package indicator
// reads: area ids are derived from the names.
package official

import _ "embed"

// Areas2010 is the published 2010 list: year, area_name, municipality,
// residents, nonwestern_pct, outside_labour_pct, convicted_pct and
// published_category (all 29 "ghetto").
//
//go:embed areas_2010.csv
var Areas2010 []byte

// Areas2010File is the name used for Areas2010 in messages.
const Areas2010File = "official/areas_2010.csv"
