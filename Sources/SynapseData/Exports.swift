@_exported import SynapseTensor
@_exported import SynapseImage
