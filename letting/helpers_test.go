package letting

import (
	"io/fs"
	"time"

	"github.com/blandby/blandby/law"
)

func ruleFile(name string) ([]byte, error) {
	fsys, err := law.RuleFiles("letting")
	if err != nil {
		return nil, err
	}
	return fs.ReadFile(fsys, name)
}

func timeMs(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func dp(s string) *Date { v := d(s); return &v }
