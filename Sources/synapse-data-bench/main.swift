import SynapseData
print("placeholder")
