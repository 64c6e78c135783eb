package pipelines

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"shequ/schemas"
)

// The Parquet of the raw layer, written with parquet-go:
//
//   - one column per declared column, in the declared order, then the
//     lineage (schemas.LineageColumns); every column optional (NULL where a cell
//     is empty), strings annotated STRING, dates DATE, date-times
//     TIMESTAMP(MICROS, not adjusted to UTC), whole numbers INT64;
//   - zstd; dictionary encoding for enums, codes and the lineage's file
//     and sheet;
//   - column statistics (min, max, null count) in every column chunk and
//     page, a page index (column and offset indexes), a CRC-32 on every
//     page, and split-block bloom filters on community_code and on the
//     columns hashed as personal data, so that an engine can skip row
//     groups and pages and detect a damaged page;
//   - a row group per chunk of about ChunkBytes of input text (8 MiB: some
//     90,000 rows of a person-level extract) or workbookBatch rows of a
//     sheet; pages of 256 KiB before compression (parquet-go's default);
//   - created_by "shequ version <version>".

// rawSchema is the Parquet schema of a source's accepted rows. It is made
// from a struct type built at run time, so that the columns keep their
// declared order (parquet-go sorts the fields of a parquet.Group).
func rawSchema(s *schemas.Schema) *parquet.Schema {
	var fields []reflect.StructField
	add := func(name string, typ reflect.Type, tags ...string) {
		fields = append(fields, reflect.StructField{
			Name: fmt.Sprintf("F%d", len(fields)), Type: typ,
			Tag: reflect.StructTag(`parquet:"` + strings.Join(append([]string{name, "optional"}, tags...), ",") + `"`),
		})
	}
	str, i64, i32, f64 := reflect.TypeOf(""), reflect.TypeOf(int64(0)), reflect.TypeOf(int32(0)), reflect.TypeOf(0.0)
	for _, c := range s.Columns {
		switch c.Type {
		case schemas.TypeInt:
			add(c.Name, i64)
		case schemas.TypeFloat:
			add(c.Name, f64)
		case schemas.TypeDate:
			add(c.Name, i32, "date")
		case schemas.TypeDateTime:
			add(c.Name, i64, "timestamp(microsecond:local)")
		case schemas.TypeEnum, schemas.TypeCode:
			if c.PII == schemas.PIIHash {
				add(c.Name, str, "uncompressed")
			} else {
				add(c.Name, str, "dict")
			}
		default:
			if c.PII == schemas.PIIHash {
				add(c.Name, str, "uncompressed") // hex hashes: nothing repeats, zstd only halves them at a third of the CPU
			} else {
				add(c.Name, str)
			}
		}
	}
	for _, c := range schemas.LineageColumns {
		typ, tags := declaredField(c)
		add(c.Name, typ, tags...)
	}
	model := reflect.New(reflect.StructOf(fields)).Elem().Interface()
	return parquet.NewSchema(s.Source, parquet.SchemaOf(model))
}

// declaredField is the Go type and the parquet-go tags that write a column
// declared in schemas (a warehouse table's column) to Parquet: strings
// dictionary-encoded, whole numbers as INT64 or INT32, DOUBLE, BOOLEAN,
// DATE, TIMESTAMP. Other declared types (JSON, lists, structs) are not
// written by the ingest; they map to strings.
func declaredField(c schemas.TableColumn) (reflect.Type, []string) {
	switch c.Type {
	case schemas.Bigint:
		return reflect.TypeOf(int64(0)), nil
	case schemas.Integer:
		return reflect.TypeOf(int32(0)), nil
	case schemas.Double:
		return reflect.TypeOf(0.0), nil
	case schemas.Boolean:
		return reflect.TypeOf(false), nil
	case schemas.Date:
		return reflect.TypeOf(int32(0)), []string{"date"}
	case schemas.Timestamp:
		return reflect.TypeOf(int64(0)), []string{"timestamp(microsecond:local)"}
	}
	return reflect.TypeOf(""), []string{"dict"}
}

// bloomColumns are the columns of a source that get a bloom filter: the
// community code and the hashed personal data, looked up by value.
func bloomColumns(s *schemas.Schema) []string {
	var out []string
	for _, c := range s.Columns {
		if c.Name == "community_code" || c.PII == schemas.PIIHash {
			out = append(out, c.Name)
		}
	}
	return out
}

// writerOptions are the options of every Parquet file the ingest writes.
func writerOptions(version string, schema *parquet.Schema, bloom []string) []parquet.WriterOption {
	opts := []parquet.WriterOption{
		schema,
		parquet.CreatedBy("shequ", version, ""),
		parquet.Compression(&zstd.Codec{Level: zstd.SpeedFastest}),
		parquet.DataPageVersion(1),                                    // read by every engine
		parquet.DefaultEncodingFor(parquet.ByteArray, &parquet.Plain), // not DELTA_LENGTH_BYTE_ARRAY: plain reads everywhere, and zstd takes the lengths as well
		parquet.DataPageStatistics(true),
		parquet.WriteBufferSize(1 << 20),
	}
	if len(bloom) > 0 {
		var filters []parquet.BloomFilterColumn
		for _, c := range bloom {
			filters = append(filters, parquet.SplitBlockFilter(10, c))
		}
		opts = append(opts, parquet.BloomFilters(filters...))
	}
	return opts
}

// newRawWriter starts a Parquet file of a source's accepted rows on w.
func newRawWriter(w io.Writer, s *schemas.Schema, version string) *parquet.GenericWriter[any] {
	schema := rawSchema(s)
	return parquet.NewGenericWriter[any](w, writerOptions(version, schema, bloomColumns(s))...)
}

// quarantineRecord is one broken rule of a rejected row, as the
// quarantine Parquet holds it.
type quarantineRecord = QuarantineRow

// quarantinePlain are the columns of the quarantine Parquet that are not
// dictionary-encoded: the offending values hardly repeat.
var quarantinePlain = map[string]bool{"value": true}

// quarantineSchema is the Parquet schema of the quarantine files: the
// columns of the quarantine table (schemas.Quarantine), in its order, each
// required (an empty sheet is ""). QuarantineRow's parquet tags bind its
// fields to these columns by name.
func quarantineSchema() *parquet.Schema {
	var fields []reflect.StructField
	for i, c := range schemas.Quarantine().Columns {
		typ, tags := declaredField(c)
		if quarantinePlain[c.Name] {
			tags = slices.DeleteFunc(slices.Clone(tags), func(t string) bool { return t == "dict" })
		}
		fields = append(fields, reflect.StructField{
			Name: fmt.Sprintf("F%d", i), Type: typ,
			Tag: reflect.StructTag(`parquet:"` + strings.Join(append([]string{c.Name}, tags...), ",") + `"`),
		})
	}
	model := reflect.New(reflect.StructOf(fields)).Elem().Interface()
	return parquet.NewSchema("quarantine", parquet.SchemaOf(model))
}

// newQuarantineWriter starts a quarantine Parquet file on w.
func newQuarantineWriter(w io.Writer, version string) *parquet.GenericWriter[quarantineRecord] {
	return parquet.NewGenericWriter[quarantineRecord](w, writerOptions(version, quarantineSchema(), nil)...)
}

// unsafeBytes returns the bytes of s without copying them; they must not
// be written to.
func unsafeBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// arena hands out byte slices from blocks that never move, so that
// values pointing into them stay valid until the arena is reset or
// dropped.
type arena struct {
	block []byte
}

const arenaBlock = 64 << 10

// reset makes the arena's memory free for reuse: every value pointing
// into it must have been written (copied) first.
func (a *arena) reset() { a.block = a.block[:0] }

func (a *arena) alloc(n int) []byte {
	if len(a.block)+n > cap(a.block) {
		a.block = make([]byte, 0, max(arenaBlock, n))
	}
	b := a.block[len(a.block) : len(a.block)+n : len(a.block)+n]
	a.block = a.block[:len(a.block)+n]
	return b
}
