// replaced by the sources subsystem
