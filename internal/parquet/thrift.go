package parquet

import "encoding/binary"

// Thrift compact protocol, as much as the Parquet footer and page headers
// need: structs of i32, i64, binary, list and struct fields.

const (
	tTrue   = 1
	tFalse  = 2
	tI32    = 5
	tI64    = 6
	tBinary = 8
	tList   = 9
	tStruct = 12
)

type tw struct {
	b    []byte
	last []int16 // the last field id of each open struct
}

func (w *tw) field(id int16, typ byte) {
	n := len(w.last) - 1
	delta := id - w.last[n]
	if delta > 0 && delta <= 15 {
		w.b = append(w.b, byte(delta)<<4|typ)
	} else {
		w.b = append(w.b, typ)
		w.b = binary.AppendVarint(w.b, int64(id))
	}
	w.last[n] = id
}

func (w *tw) begin()                { w.last = append(w.last, 0) }
func (w *tw) end()                  { w.b = append(w.b, 0); w.last = w.last[:len(w.last)-1] }
func (w *tw) varint(v int64)        { w.b = binary.AppendVarint(w.b, v) }
func (w *tw) i32(id int16, v int32) { w.field(id, tI32); w.varint(int64(v)) }
func (w *tw) i64(id int16, v int64) { w.field(id, tI64); w.varint(v) }

func (w *tw) str(id int16, s string) {
	w.field(id, tBinary)
	w.b = binary.AppendUvarint(w.b, uint64(len(s)))
	w.b = append(w.b, s...)
}

// list writes a list header of n elements of type typ.
func (w *tw) list(id int16, typ byte, n int) {
	w.field(id, tList)
	if n < 15 {
		w.b = append(w.b, byte(n)<<4|typ)
		return
	}
	w.b = append(w.b, 0xf0|typ)
	w.b = binary.AppendUvarint(w.b, uint64(n))
}

// structField opens a struct-typed field; close it with end.
func (w *tw) structField(id int16) { w.field(id, tStruct); w.begin() }

// boolean writes a bool field, whose value is in its type.
func (w *tw) boolean(id int16, v bool) {
	if v {
		w.field(id, tTrue)
	} else {
		w.field(id, tFalse)
	}
}
