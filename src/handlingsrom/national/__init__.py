"""National runs: every municipality's population from the embedded national files, the
national back-test that chose the population method, and batches on ``dask.distributed``.

- :mod:`~handlingsrom.national.data` reads the embedded files (the I/O edge);
- :mod:`~handlingsrom.national.methods` names the candidate methods of the back-test;
- :mod:`~handlingsrom.national.project` projects one municipality or a chunk (pure);
- :mod:`~handlingsrom.national.backtest` back-tests and scores methods (pure);
- :mod:`~handlingsrom.national.runner` runs chunks on a Dask cluster (the only module that
  imports ``dask``).
"""
