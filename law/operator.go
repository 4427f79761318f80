package law

import (
	"fmt"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
)

// Operator is a comparison from the law's wording: "overstiger" is >,
// "mindst" is >=, "mindre end" is <, "højst" is <=.
type Operator string

// The operators.
const (
	Greater        Operator = ">"
	GreaterOrEqual Operator = ">="
	Less           Operator = "<"
	LessOrEqual    Operator = "<="
)

// ParseOperator reads one of >, >=, <, <=.
func ParseOperator(s string) (Operator, error) {
	switch o := Operator(s); o {
	case Greater, GreaterOrEqual, Less, LessOrEqual:
		return o, nil
	}
	return "", fmt.Errorf("unknown operator %q (expected >, >=, < or <=)", s)
}

// Holds reports whether "value op threshold" is true, exactly.
func (o Operator) Holds(value, threshold blandby.Ratio) bool {
	c := value.Cmp(threshold)
	switch o {
	case Greater:
		return c > 0
	case GreaterOrEqual:
		return c >= 0
	case Less:
		return c < 0
	case LessOrEqual:
		return c <= 0
	}
	return false
}

// Upward reports whether the operator is met by values above the threshold
// (> and >=).
func (o Operator) Upward() bool { return o == Greater || o == GreaterOrEqual }

// Inclusive reports whether a value exactly on the threshold meets it.
func (o Operator) Inclusive() bool { return o == GreaterOrEqual || o == LessOrEqual }

// Symbol returns the operator as a reader writes it: >, ≥, < or ≤.
func (o Operator) Symbol() string {
	switch o {
	case GreaterOrEqual:
		return "≥"
	case LessOrEqual:
		return "≤"
	}
	return string(o)
}

// Words returns the law's wording of the operator in lang.
func (o Operator) Words(lang blandby.Lang) string {
	t := map[Operator]blandby.Text{
		Greater:        msg.Text("law.operator.words.greater"),
		GreaterOrEqual: msg.Text("law.operator.words.greater_or_equal"),
		Less:           msg.Text("law.operator.words.less"),
		LessOrEqual:    msg.Text("law.operator.words.less_or_equal"),
	}[o]
	return t.In(lang)
}
