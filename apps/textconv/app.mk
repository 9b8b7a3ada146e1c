# textconv: iconv links every character set's tables (about 750 KiB).
THIS_MEM := 2M
