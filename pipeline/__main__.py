from pipeline.cli import main

if __name__ == "__main__":  # not when a worker process (dask, spawn) imports it again
    main()
