# Its tables (a sieve, a tree pool) take 180 KiB of .bss.
THIS_MEM := 1M
