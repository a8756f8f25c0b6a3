@_exported import SynapseTensor
