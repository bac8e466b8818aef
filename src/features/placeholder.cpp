// replaced by the features subsystem
