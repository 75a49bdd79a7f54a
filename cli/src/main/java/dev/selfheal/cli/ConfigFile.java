package dev.selfheal.cli;

import dev.selfheal.core.config.InvalidConfigException;
import dev.selfheal.core.config.SelfhealConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a healer configuration file with core's reader; an invalid one is a {@link CliException} naming the field. */
final class ConfigFile {

    private ConfigFile() {
    }

    /** The configuration in the file, validated as the healer validates it. */
    static SelfhealConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCode.INVALID_CONFIG, "-f: no such file " + file);
        }
        try {
            return SelfhealConfig.load(file);
        } catch (InvalidConfigException e) {
            throw new CliException(ExitCode.INVALID_CONFIG, file + " is not a valid Selfheal configuration: "
                    + Cluster.firstLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.INVALID_CONFIG, file + " is not a valid Selfheal configuration: "
                    + Cluster.firstLine(e.getMessage()));
        }
    }
}
