package dev.selfheal.agent.config;

import java.util.Locale;

/** How the agent's configuration names enum values: lower case, dash-separated ({@code static-pod}). */
public final class ConfigIds {

    private ConfigIds() {
    }

    /** An enum value's id in the configuration: lower case, dash-separated. */
    public static String idOf(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
