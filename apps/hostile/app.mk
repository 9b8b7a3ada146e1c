# Room for a 1 MiB argument and the copy of it a child gets.
THIS_MEM := 4M
