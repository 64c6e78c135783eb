package values

// SyntheticMark opens the first cell of the row that marks an export as
// synthetic: `shequ gen` writes such a row at the top of every file and of
// every sheet, the ingest reads it above the header
// (FileManifest.Synthetic, ingest_files.synthetic), and the reports built
// on such files say so. An office's export does not carry it by accident.
// It lives here, with the other words read from export cells, so that the
// generator and the ingest share it without the generator depending on
// the warehouse.
const SyntheticMark = "【模拟数据 SYNTHETIC】"
