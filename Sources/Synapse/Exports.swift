// `import Synapse` brings the whole toolkit, as `import keras` does.
@_exported import SynapseTensor
@_exported import SynapseNN
@_exported import SynapseData
@_exported import SynapsePlot
@_exported import SynapseImage
