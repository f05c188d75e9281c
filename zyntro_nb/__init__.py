"""zyntro_nb: the Zyntro public API in Jupyter and IPython (work in progress)."""
