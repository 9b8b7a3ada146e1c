# Room for a few hundred live blocks and a 30 KB string.
THIS_MEM := 4M
