package decodetest

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"slices"
	"unicode/utf16"
)

// Compound-file constants ([MS-CFB] 2.1 and 2.2).
const (
	sectorSize = 512
	freeSect   = 0xFFFFFFFF
	endOfChain = 0xFFFFFFFE
	fatSect    = 0xFFFFFFFD
	noStream   = 0xFFFFFFFF
)

// CompoundFile returns an OLE compound file (version 3, 512-byte sectors)
// whose root storage holds the given streams, each padded with zeros to at
// least 4,096 bytes so that it lives in ordinary sectors rather than the
// mini stream. An Excel 97-2003 .xls is such a file with a "Workbook"
// stream; an encrypted workbook one with "EncryptionInfo" and
// "EncryptedPackage". Names are at most 31 characters; at most 3 streams.
//
// Layout: sector 0 is the FAT, sector 1 the directory (root entry and up
// to 3 streams, chained as right siblings), then each stream's sectors.
func CompoundFile(streams map[string][]byte) ([]byte, error) {
	names := make([]string, 0, len(streams))
	for n := range streams {
		if len(utf16.Encode([]rune(n))) > 31 {
			return nil, fmt.Errorf("stream name %q is longer than 31 characters", n)
		}
		names = append(names, n)
	}
	if len(names) > 3 {
		return nil, fmt.Errorf("%d streams: at most 3 fit one directory sector", len(names))
	}
	slices.Sort(names)

	fat := make([]uint32, sectorSize/4)
	for i := range fat {
		fat[i] = freeSect
	}
	fat[0], fat[1] = fatSect, endOfChain
	next := uint32(2)
	type placed struct {
		name  string
		start uint32
		data  []byte
	}
	var body []placed
	for _, n := range names {
		data := streams[n]
		if len(data) < 4096 {
			data = append(slices.Clone(data), make([]byte, 4096-len(data))...)
		}
		sectors := uint32((len(data) + sectorSize - 1) / sectorSize)
		if int(next+sectors) > len(fat) {
			return nil, fmt.Errorf("streams too large for one FAT sector")
		}
		for i := range sectors - 1 {
			fat[next+i] = next + i + 1
		}
		fat[next+sectors-1] = endOfChain
		data = append(data, make([]byte, int(sectors)*sectorSize-len(data))...)
		body = append(body, placed{n, next, data})
		next += sectors
	}

	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	// Header.
	b.Write([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	b.Write(make([]byte, 16)) // CLSID
	le(uint16(0x003E))        // minor version
	le(uint16(3))             // major version
	le(uint16(0xFFFE))        // byte order
	le(uint16(9))             // sector shift: 512
	le(uint16(6))             // mini sector shift: 64
	b.Write(make([]byte, 6))  // reserved
	le(uint32(0))             // directory sectors (0 in version 3)
	le(uint32(1))             // FAT sectors
	le(uint32(1))             // first directory sector
	le(uint32(0))             // transaction signature
	le(uint32(4096))          // mini stream cutoff
	le(uint32(endOfChain))    // first mini FAT sector
	le(uint32(0))             // mini FAT sectors
	le(uint32(endOfChain))    // first DIFAT sector
	le(uint32(0))             // DIFAT sectors
	le(uint32(0))             // DIFAT[0]: the FAT is sector 0
	for range 108 {
		le(uint32(freeSect))
	}
	// Sector 0: the FAT.
	le(fat)
	// Sector 1: the directory.
	entry := func(name string, typ byte, right, child, start uint32, size uint64) {
		u := utf16.Encode([]rune(name))
		raw := make([]uint16, 32)
		copy(raw, u)
		le(raw)
		le(uint16(2 * (len(u) + 1))) // name length in bytes, with its terminator
		b.WriteByte(typ)
		b.WriteByte(1) // black
		le(uint32(noStream))
		le(right)
		le(child)
		b.Write(make([]byte, 16+4+8+8)) // CLSID, state, times
		le(start)
		le(size)
	}
	child := uint32(noStream)
	if len(body) > 0 {
		child = 1
	}
	entry("Root Entry", 5, noStream, child, endOfChain, 0)
	for i, p := range body {
		right := uint32(noStream)
		if i+1 < len(body) {
			right = uint32(i + 2)
		}
		entry(p.name, 2, right, noStream, p.start, uint64(len(streams[p.name])))
	}
	for range 3 - len(body) {
		entry("", 0, noStream, noStream, 0, 0)
	}
	for _, p := range body {
		b.Write(p.data)
	}
	return b.Bytes(), nil
}

// ReplacePart rewrites the part named part of the zip archive (a
// workbook) at path with what edit returns for its content, keeping every
// other entry as it was. It is an error when the archive has no such part.
func ReplacePart(path, part string, edit func([]byte) []byte) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, zf := range zr.File {
		if zf.Name != part {
			if err := zw.Copy(zf); err != nil {
				return err
			}
			continue
		}
		found = true
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		w, err := zw.Create(part)
		if err != nil {
			return err
		}
		if _, err := w.Write(edit(data)); err != nil {
			return err
		}
	}
	if !found {
		return fmt.Errorf("%s has no part %s", path, part)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
}
