// Package decodetest builds, for tests, the files that package decode must
// refuse with a clear message and that no library writes on purpose: an
// OLE compound file such as an Excel 97-2003 .xls, and a workbook with one
// of its parts rewritten (broken XML, say). Everything is built at test
// time from small inputs, so no such file is committed.
//
// An encrypted workbook needs no help: excelize writes one when saved with
// excelize.Options{Password: …}.
package decodetest
