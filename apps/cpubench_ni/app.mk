# The compute benchmark without -finstrument-functions.
THIS_INSTRUMENT := no
THIS_MEM := 1M
