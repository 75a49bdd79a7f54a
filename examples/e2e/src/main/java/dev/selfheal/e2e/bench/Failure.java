package dev.selfheal.e2e.bench;

/** The failures the benchmark injects into the machine under the measured pods. */
enum Failure {
    /** The instance dies: EC2 reports it stopped (StopInstances, forced), its kubelet is gone. */
    MACHINE_STOPPED("machine dies (EC2 reports it stopped)"),
    /** The node is cut off the network: EC2 reports the instance running, the cluster hears nothing from it. */
    NODE_CUT_OFF("node cut off (EC2 reports it running)");

    private final String description;

    Failure(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }
}
