import faulthandler

from pipeline.cli import main

if __name__ == "__main__":  # not when a worker process (dask, spawn) imports it again
    faulthandler.enable()  # a crash in a native library (SIGABRT, SIGSEGV) still names the Python line it was on
    main()
