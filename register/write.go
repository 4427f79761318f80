package register

import (
	"bufio"
	"fmt"
	"os"
	"strconv"

	"github.com/blandby/blandby/dk"
)

// Writer writes the batches of one data year to a register file.
type Writer interface {
	// Write appends a batch's rows.
	Write(b *Batch) error
	// Close flushes and closes the file; the file is complete only when
	// Close returns nil.
	Close() error
}

// Create creates a register file in a format. Area indexes are written as
// the registry's ids.
func Create(path string, format Format, areas *Areas) (Writer, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	if format == Parquet {
		return newParquetWriter(f, areas)
	}
	w := &csvWriter{f: f, w: bufio.NewWriterSize(f, 1<<20), areas: areas}
	for i, c := range Columns {
		if i > 0 {
			w.w.WriteByte(',')
		}
		w.w.WriteString(c)
	}
	w.w.WriteByte('\n')
	return w, nil
}

type csvWriter struct {
	f     *os.File
	w     *bufio.Writer
	areas *Areas
	buf   []byte
}

func (w *csvWriter) Write(b *Batch) error {
	for i := 0; i < b.Len(); i++ {
		buf := w.buf[:0]
		buf = strconv.AppendInt(buf, b.PersonID[i], 10)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(b.Year), 10)
		buf = append(buf, ',')
		if a := b.Area[i]; a >= 0 {
			buf = append(buf, w.areas.list[a].ID...)
		}
		buf = append(buf, ',')
		buf = appendPadded(buf, int(b.Municipality[i]))
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(dk.Regions[b.Region[i]].Code), 10)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(b.Age[i]), 10)
		buf = append(buf, ',')
		buf = append(buf, OriginCodes[b.Origin[i]]...)
		buf = append(buf, ',')
		buf = AppendFTE(buf, b.FTE[i])
		buf = append(buf, ',')
		buf = appendBool(buf, b.Convicted[i])
		buf = append(buf, ',')
		buf = append(buf, EducationCodes[b.Education[i]]...)
		buf = append(buf, ',')
		buf = append(buf, EducationCodes[b.EducationDK[i]]...)
		buf = append(buf, ',')
		buf = appendBool(buf, b.InEducation[i])
		buf = append(buf, ',')
		buf = appendBool(buf, b.Taxpayer[i])
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, b.Income[i], 10)
		buf = append(buf, '\n')
		if _, err := w.w.Write(buf); err != nil {
			return fmt.Errorf("write %s: %w", w.f.Name(), err)
		}
		w.buf = buf
	}
	return nil
}

func (w *csvWriter) Close() error {
	if err := w.w.Flush(); err != nil {
		w.f.Close()
		return fmt.Errorf("write %s: %w", w.f.Name(), err)
	}
	if err := w.f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", w.f.Name(), err)
	}
	return nil
}

// appendPadded appends a municipality code with four digits ("0101").
func appendPadded(buf []byte, code int) []byte {
	for d := 1000; d > 0; d /= 10 {
		buf = append(buf, byte('0'+code/d%10))
	}
	return buf
}

func appendBool(buf []byte, v bool) []byte {
	if v {
		return append(buf, '1')
	}
	return append(buf, '0')
}

// AppendFTE appends an FTE in millionths as a decimal without trailing
// zeros: 250000 is "0.25", 1000000 is "1".
func AppendFTE(buf []byte, micro int32) []byte {
	whole, frac := micro/FTEScale, micro%FTEScale
	buf = strconv.AppendInt(buf, int64(whole), 10)
	if frac == 0 {
		return buf
	}
	digits := [FTEDecimals]byte{}
	for i := FTEDecimals - 1; i >= 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	n := FTEDecimals
	for n > 0 && digits[n-1] == '0' {
		n--
	}
	buf = append(buf, '.')
	return append(buf, digits[:n]...)
}
