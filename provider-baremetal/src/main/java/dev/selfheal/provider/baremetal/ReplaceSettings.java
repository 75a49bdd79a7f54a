package dev.selfheal.provider.baremetal;

import dev.selfheal.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How replace re-provisions a machine.
 *
 * @param mode what replace does
 * @param hook the site's provisioning command, or {@code null}
 * @param hookTimeout how long the hook may run
 */
public record ReplaceSettings(Mode mode, Path hook, Duration hookTimeout) {

    /** What replace does. */
    public enum Mode {
        /** One-time PXE boot and a restart, then the hook if one is set. */
        PXE,
        /** Only the hook (the site's provisioning system powers and boots the machine). */
        HOOK,
        /** Replace is not offered. */
        NONE
    }

    /** Validates the fields. */
    public ReplaceSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(hookTimeout, "hookTimeout");
        if (mode == Mode.HOOK && hook == null) {
            throw new IllegalArgumentException("replace mode HOOK needs a hook");
        }
    }

    /** Reads {@code replace.mode}, {@code replace.hook} and {@code replace.hookTimeout}. */
    static ReplaceSettings from(ProviderConfig c) {
        Mode mode = Mode.valueOf(c.oneOf("replace.mode", "pxe", Set.of("pxe", "hook", "none")).toUpperCase(Locale.ROOT));
        Path hook = c.string("replace.hook").map(Path::of).orElse(null);
        if (hook != null && (!hook.isAbsolute() || !Files.isRegularFile(hook) || !Files.isExecutable(hook))) {
            throw c.invalid("replace.hook", "'" + hook + "' is not an absolute path to an executable file");
        }
        if (mode == Mode.HOOK && hook == null) {
            throw c.invalid("replace.hook", "is required when replace.mode=hook");
        }
        if (mode == Mode.NONE && hook != null) {
            throw c.invalid("replace.hook", "is set but replace.mode=none never runs it");
        }
        return new ReplaceSettings(mode, hook,
                c.duration("replace.hookTimeout", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(1)));
    }
}
