"""Tables as spreadsheets: XLSX beside the CSV exports, with formulas neutralised the same way."""
