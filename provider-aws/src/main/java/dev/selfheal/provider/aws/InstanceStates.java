package dev.selfheal.provider.aws;

import dev.selfheal.spi.PowerState;
import software.amazon.awssdk.services.ec2.model.InstanceState;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/** EC2 instance states as SPI power states. */
final class InstanceStates {

    private InstanceStates() {
    }

    /** The power state of an EC2 instance state; {@link PowerState#UNKNOWN} when there is none or it is new. */
    static PowerState power(InstanceState state) {
        return state == null ? PowerState.UNKNOWN : power(state.name());
    }

    /** The power state of an EC2 instance state name. */
    static PowerState power(InstanceStateName name) {
        if (name == null) {
            return PowerState.UNKNOWN;
        }
        return switch (name) {
            case PENDING -> PowerState.POWERING_ON;
            case RUNNING -> PowerState.ON;
            case STOPPING, SHUTTING_DOWN -> PowerState.POWERING_OFF;
            case STOPPED -> PowerState.OFF;
            case TERMINATED -> PowerState.GONE;
            default -> PowerState.UNKNOWN;
        };
    }

    /** The state's name as EC2 spells it, for messages. */
    static String name(InstanceState state) {
        return state == null || state.nameAsString() == null ? "unknown" : state.nameAsString();
    }
}
