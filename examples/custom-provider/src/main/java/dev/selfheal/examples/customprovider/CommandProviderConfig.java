package dev.selfheal.examples.customprovider;

import dev.selfheal.spi.ProviderConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * The validated configuration of a {@link CommandProvider}.
 *
 * @param status the status command (required), printing {@code on} or {@code off}
 * @param reboot the reboot command, if any
 * @param powerOff the power-off command, if any
 * @param powerOn the power-on command, if any
 * @param timeout the time limit of one command
 */
public record CommandProviderConfig(String status, Optional<String> reboot, Optional<String> powerOff,
                                    Optional<String> powerOn, Duration timeout) {

    /** Reads and validates the keys {@code status}, {@code reboot}, {@code powerOff}, {@code powerOn}, {@code timeout}. */
    public static CommandProviderConfig from(ProviderConfig c) {
        return new CommandProviderConfig(c.require("status"), c.string("reboot"), c.string("powerOff"),
                c.string("powerOn"), c.duration("timeout", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(10)));
    }
}
