"""The dataset boundary: schemas of every input kind, validation, and the in-memory dataset.

``schema``, ``kinds``, ``model`` and ``validate`` are pure; ``io`` and ``template`` read and
write files and may only be imported by the shell (CLI, report, tools).
"""
