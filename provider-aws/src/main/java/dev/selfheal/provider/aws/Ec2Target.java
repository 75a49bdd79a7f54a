package dev.selfheal.provider.aws;

import dev.selfheal.spi.MachineRef;

/**
 * One operation on one EC2 instance: the machine, its instance id, the clients of its region and the
 * operation's time budget.
 *
 * @param machine the machine as the caller named it
 * @param instanceId its EC2 instance id
 * @param clients the clients of its region
 * @param budget the operation's time budget
 */
record Ec2Target(MachineRef machine, String instanceId, RegionClients clients, CallBudget budget) {

    /** The machine in human form, for messages. */
    String describe() {
        return machine.describe();
    }
}
