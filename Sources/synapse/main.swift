import Synapse
print("synapse")
